"""Section kinds from three kinds of evidence: heading words, what a part holds, where it stands.

Heading words come first (rules/sections.yaml `kinds`): "TỔ CHỨC THỰC HIỆN" is organization.
A part whose heading no rule lists ("V. TRÁCH NHIỆM CỦA CÁC CƠ QUAN, ĐƠN VỊ") is read by what it
holds (`content`): sub-headings naming bodies make an organisation part, budget and sponsorship
words densely used a funding part, committed percentages a goals part. Failing both, by where it
stands: plans run purpose -> goals -> tasks -> funding -> organization -> closing, so a part takes
the kind that follows the part before it. Sub-sections keep their part's kind unless their own
heading names one (see sections.yaml).

Every section records the evidence that decided its kind ("heading: 'mục tiêu'",
"content: 4 of 4 sub-headings name bodies", "position: after goals", "parent") and a confidence
(1.0 for heading words, lower for content and position), which downstream rows carry.
"""
from __future__ import annotations

from typing import Optional

import regex

from ..core import patterns

ORDER = ("purpose", "goals", "tasks", "funding", "organization")
# What follows a part of each kind when nothing else tells: funding and organisation parts are
# recognised by their words or content, never by position alone after tasks.
_NEXT = {None: "purpose", "purpose": "goals", "goals": "tasks", "tasks": "tasks",
         "funding": "organization", "organization": "organization"}

CONFIDENCE = {"heading": 1.0, "content": 0.8, "position": 0.6}


class ContentCues:
    """Compiled `content` rules of sections.yaml."""

    def __init__(self, content: dict):
        org = content["organization"]
        self.body_heading = patterns.compile(org["sub_heading"], regex.IGNORECASE)
        self.org_min, self.org_share = org["min"], org["share"]
        fund = content["funding"]
        self.funding_words = patterns.compile(fund["words"], regex.IGNORECASE)
        self.funding_min, self.funding_chars = fund["min"], fund["chars_per_word"]
        goals = content["goals"]
        self.committed = patterns.compile(goals["committed"], regex.IGNORECASE)
        self.goals_min = goals["min"]


def content_kind(cues: ContentCues, body: str, sub_headings: list[str]) -> Optional[tuple[str, str]]:
    """(kind, evidence) from what a part holds, or None.

    >>> import yaml; from extractor.core.rules import rules_dir
    >>> c = ContentCues(yaml.safe_load((rules_dir() / "sections.yaml").read_text(encoding="utf-8"))["content"])
    >>> content_kind(c, "", ["Sở Văn hóa, Thể thao và Du lịch", "Sở Tài chính", "Đề nghị Ủy ban MTTQ tỉnh"])
    ('organization', 'content: 3 of 3 sub-headings name bodies')
    >>> content_kind(c, "Đến năm 2025, 70% thư viện cấp huyện ...; đến năm 2030 đạt 90%.", [])
    ('goals', 'content: 2 committed numbers')
    """
    named = sum(1 for h in sub_headings if cues.body_heading.match(h))
    if named >= cues.org_min and named >= cues.org_share * len(sub_headings):
        return "organization", f"content: {named} of {len(sub_headings)} sub-headings name bodies"
    words = len(cues.funding_words.findall(body))
    if words >= cues.funding_min and words * cues.funding_chars >= len(body):
        return "funding", f"content: {words} budget or sponsorship words"
    numbers = len(cues.committed.findall(body))
    if numbers >= cues.goals_min:
        return "goals", f"content: {numbers} committed numbers"
    return None


def part_kind(cue: Optional[tuple[str, str]], content: Optional[tuple[str, str]],
              previous: Optional[str]) -> tuple[str, str, float]:
    """(kind, evidence, confidence) of a top-level part.

    Heading words win; content is taken when it does not run against the order of parts (goals
    after tasks is not read from numbers); else the kind that follows the previous part.

    >>> part_kind(None, ("goals", "content: 4 committed numbers"), "purpose")
    ('goals', 'content: 4 committed numbers', 0.8)
    >>> part_kind(None, None, "goals")
    ('tasks', 'position: after goals', 0.6)
    """
    if cue is not None:
        return cue[0], f"heading: '{cue[1]}'", CONFIDENCE["heading"]
    if content is not None and (previous is None or ORDER.index(content[0]) >= ORDER.index(previous)):
        return content[0], content[1], CONFIDENCE["content"]
    kind = _NEXT[previous]
    where = f"after {previous}" if previous else "first part"
    return kind, f"position: {where}", CONFIDENCE["position"]
