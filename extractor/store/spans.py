"""The span contract, checked on every plan before it is stored.

A target or funding row must have ``start_char < end_char``, a non-empty ``quote`` and
``text[start_char:end_char] == quote``; a section or duty row must lie inside the text with
``start_char <= end_char`` (``<`` for duties). A row that breaks it is an extractor bug:
with ``PLANS_STRICT_SPANS=1`` (the test suite sets it) the plan fails with
:class:`SpanError`; otherwise the row is left out and a ``broken_span`` warning row says
which number was left out and why, so nothing is stored silently with a wrong span.
"""
from __future__ import annotations

import os
from typing import Iterable, Optional

from ..core.models import ParsedPlan, PlanWarning

STRICT_ENV = "PLANS_STRICT_SPANS"


class SpanError(ValueError):
    """A row's span does not hold (see the module docstring)."""


def _quote_problem(text: str, start: int, end: int, quote: str) -> Optional[str]:
    if not 0 <= start < end <= len(text):
        return f"span {start}..{end} is empty, reversed or outside the text ({len(text)} characters)"
    if not quote:
        return "empty quote"
    if text[start:end] != quote:
        return f"quote {quote[:40]!r} is not the text at {start}..{end}"
    return None


def _bounds_problem(text: str, start: int, end: int, strict: bool) -> Optional[str]:
    if 0 <= start <= end <= len(text) and (start < end or not strict):
        return None
    return f"span {start}..{end} is {'empty, ' if strict else ''}reversed or outside the text ({len(text)} characters)"


def problems(plan: ParsedPlan) -> Iterable[tuple[str, object, str]]:
    """(table, row, reason) for every row of `plan` whose span breaks the contract."""
    text = plan.text
    for table, rows in (("targets", plan.targets), ("funding", plan.funding)):
        for row in rows:
            why = _quote_problem(text, row.start_char, row.end_char, row.quote)
            if why:
                yield table, row, why
    for table, rows, strict in (("sections", plan.sections, False), ("assignments", plan.assignments, True)):
        for row in rows:
            why = _bounds_problem(text, row.start_char, row.end_char, strict)
            if why:
                yield table, row, why


def _describe(table: str, row) -> str:
    if table == "targets":
        return f"target {row.indicator} {row.subject or '-'} {row.year} = {row.value:g} (rule {row.rule})"
    if table == "assignments":
        return f"duty of {row.agency}"
    if table == "funding":
        return f"funding {row.source}"
    return f"section {row.section_id}"


def checked(plan: ParsedPlan) -> ParsedPlan:
    """`plan` when every span holds; else raise (strict) or drop the bad rows with a warning each."""
    bad = list(problems(plan))
    if not bad:
        return plan
    messages = [f"{_describe(t, r)}: {why}" for t, r, why in bad]
    if os.environ.get(STRICT_ENV) == "1":
        raise SpanError(f"{plan.source_name}: broken span: {messages[0]}")
    drop = {id(r) for _, r, _ in bad}
    keep = {name: [r for r in getattr(plan, name) if id(r) not in drop]
            for name in ("targets", "funding", "sections", "assignments")}
    warnings = list(plan.warnings) + [PlanWarning(code="broken_span", message=f"left out: {m}") for m in messages]
    return plan.model_copy(update={**keep, "warnings": warnings})
