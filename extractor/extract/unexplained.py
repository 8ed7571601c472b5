"""Numbers the extractor did not read: every number in the body of a plan that is not a date, a
year, a document number, a period, a label or a legal reference, and lies in no target's span,
gets a warning `unexplained_number` with its span, so that an auditor sees what was left unread
(rules/targets.yaml `unexplained`)."""
from __future__ import annotations

import bisect
import functools

import regex
from pydantic import BaseModel

from ..core import patterns
from ..core.models import PlanWarning, SegmentedPlan, Target
from ..core.rules import load_rules


class _Unexplained(BaseModel):
    number: str
    not_a_commitment: list[str]
    skip_kinds: list[str]


class _Rules(BaseModel):
    unexplained: _Unexplained

    model_config = {"extra": "ignore"}


@functools.lru_cache(maxsize=1)
def _rules() -> tuple[regex.Pattern, regex.Pattern, frozenset[str]]:
    u = load_rules("targets.yaml", _Rules).unexplained
    return (patterns.compile(u.number), patterns.compile("|".join(f"(?:{p})" for p in u.not_a_commitment), regex.IGNORECASE),
            frozenset(u.skip_kinds))


class _Spans:
    """Sorted spans, asked whether one of them holds a given span (bisect, not a scan)."""

    def __init__(self, spans):
        self.spans = sorted(spans)
        self.starts = [a for a, _ in self.spans]
        # The furthest end among the spans starting at or before each one: every span starting at or
        # before a starts early enough, so one of them holds [a, b) exactly when the furthest reaches b.
        self.reach, far = [], -1
        for _, b in self.spans:
            far = max(far, b)
            self.reach.append(far)

    def holds(self, a: int, b: int) -> bool:
        i = bisect.bisect_right(self.starts, a) - 1
        return i >= 0 and self.reach[i] >= b


def unexplained_numbers(plan: SegmentedPlan, targets: list[Target],
                        said: list[PlanWarning] = ()) -> list[PlanWarning]:
    """One warning per number of the plan's body that no target row covers, no exclusion explains and
    no warning in `said` already reports (a value no indicator fits, a figure of the past)."""
    number, excluded, skip_kinds = _rules()
    kinds = {s.section_id: s.kind for s in plan.sections}
    covered = _Spans([(t.start_char, t.end_char) for t in targets]
                     + [(w.start_char, w.end_char) for w in said if w.start_char is not None and w.end_char is not None])
    out = []
    for block in plan.blocks:
        if kinds.get(block.section_id) in skip_kinds:
            continue
        text = plan.text[block.start_char:block.end_char]
        found = list(number.finditer(text))
        if not found:
            continue
        masked = _Spans(m.span() for m in excluded.finditer(text))
        for m in found:
            start, end = block.start_char + m.start(), block.start_char + m.end()
            if masked.holds(m.start(), m.start() + 1) or covered.holds(start, end):
                continue
            out.append(PlanWarning(code="unexplained_number", start_char=start, end_char=end,
                                   message=f"number {m.group()} not read as a target: "
                                           f"{text[max(0, m.start() - 40):m.end() + 40].strip()}"))
    return out
