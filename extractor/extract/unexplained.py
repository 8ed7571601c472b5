"""Numbers the extractor did not read: every number in the body of a plan that is not a date, a
year, a document number, a period, a label or a legal reference, and lies in no target's span,
gets a warning `unexplained_number` with its span, so that an auditor sees what was left unread
(rules/targets.yaml `unexplained`)."""
from __future__ import annotations

import functools

import regex
from pydantic import BaseModel

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
    return (regex.compile(u.number), regex.compile("|".join(f"(?:{p})" for p in u.not_a_commitment), regex.IGNORECASE),
            frozenset(u.skip_kinds))


def unexplained_numbers(plan: SegmentedPlan, targets: list[Target]) -> list[PlanWarning]:
    """One warning per number of the plan's body that no target row covers and no exclusion explains."""
    number, excluded, skip_kinds = _rules()
    kinds = {s.section_id: s.kind for s in plan.sections}
    covered = sorted((t.start_char, t.end_char) for t in targets)
    out = []
    for block in plan.blocks:
        if kinds.get(block.section_id) in skip_kinds:
            continue
        text = plan.text[block.start_char:block.end_char]
        masked = {i for m in excluded.finditer(text) for i in range(m.start(), m.end())}
        for m in number.finditer(text):
            start, end = block.start_char + m.start(), block.start_char + m.end()
            if m.start() in masked or any(a <= start and end <= b for a, b in covered):
                continue
            out.append(PlanWarning(code="unexplained_number", start_char=start, end_char=end,
                                   message=f"number {m.group()} not read as a target: "
                                           f"{text[max(0, m.start() - 40):m.end() + 40].strip()}"))
    return out
