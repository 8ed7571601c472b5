"""Duty assignments: one row per (duty item, agency) of the organisation part.

How plans are written (and what this module relies on):

* The organisation part (kind 'organization') has one sub-heading per body,
  "1. Sở Văn hóa, Thể thao và Du lịch", sometimes naming several bodies
  ("Công an tỉnh, Bộ Chỉ huy Quân sự tỉnh") or opening with "Đề nghị" (bodies
  the provincial committee can only ask). Grouping sub-headings that name no
  body ("Cấp tỉnh", "Chế độ báo cáo") pass their blocks on unchanged.
* Under a body heading, each top-level list item (lettered item or '-'
  bullet) is one duty; items of a deeper kind ('+' under '-', '-' under 'a)')
  belong to the item above. Without list items, each paragraph is a duty.
* Items outside any body heading (numbered running paragraphs continuing the
  headings' numbering, bullets directly under the part) name their own
  bodies at the start: "Các sở, ban, ngành ... và Ủy ban nhân dân quận, huyện
  báo cáo ...", "Giao Sở Tài chính ...". An item under a body heading that
  opens with "<body>: ..." belongs to that body.

Role, partners, requested and deadline come from rules/duties.yaml; bodies
from rules/agencies.yaml (see extractor/agencies.py).
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Optional

import regex
from pydantic import BaseModel

from .agencies import AgencyMention, body_list, heading_bodies
from .models import Assignment, Block, Section, SegmentedPlan
from .rules import load_rules


class _Roles(BaseModel):
    lead: list[str]
    coordinate: list[str]
    report: list[str]


class _Deadlines(BaseModel):
    dated: list[str]
    recurring: list[str]


class _DutyRules(BaseModel):
    requested: str
    subject_lead_ins: str
    openers: str
    roles: _Roles
    partner_cue: str
    lead_in_end: str
    deadlines: _Deadlines
    examples: dict = {}


_FLAGS = regex.IGNORECASE | regex.V0


def _rx(p: str) -> regex.Pattern:
    return regex.compile(p.replace(" ", r"\s+"), _FLAGS)


def _alt(ps: list[str]) -> regex.Pattern:
    return _rx("|".join(f"(?:{p})" for p in ps))


class _Compiled:
    def __init__(self, r: _DutyRules):
        self.requested = _rx(r.requested)
        self.lead_ins = _rx(r.subject_lead_ins)
        self.openers = _rx(r.openers)
        self.roles = [(role, _alt(getattr(r.roles, role))) for role in ("lead", "coordinate", "report")]
        self.partner_cue = _rx(r.partner_cue)
        self.lead_in_end = _rx(r.lead_in_end)
        self.dated = _alt(r.deadlines.dated)
        self.recurring = _alt(r.deadlines.recurring)


@functools.lru_cache(maxsize=1)
def _rules() -> _Compiled:
    return _Compiled(load_rules("duties.yaml", _DutyRules))


# --------------------------------------------------------------------------- #
# Small pure helpers (each tested on its own)
# --------------------------------------------------------------------------- #

_LEAD_PUNCT = regex.compile(r"[\s:;,.\-–]*")


def strip_requested(text: str, pos: int = 0) -> tuple[bool, int]:
    """(opens with "Đề nghị", position after it).

    >>> strip_requested("Đề nghị Ban Tuyên giáo Tỉnh ủy")
    (True, 8)
    """
    m = _rules().requested.match(text, pos)
    return (True, m.end()) if m else (False, pos)


def duty_role(text: str, pos: int = 0) -> str:
    """Role of a duty from its opening words: lead, coordinate, report or implement.

    >>> duty_role("Chủ trì, phối hợp với các cơ quan liên quan triển khai Kế hoạch")
    'lead'
    >>> duty_role("Chủ động phối hợp với Sở Tài chính")
    'coordinate'
    >>> duty_role("Thường xuyên kiểm tra, đánh giá; định kỳ báo cáo")
    'implement'
    """
    r = _rules()
    pos = _LEAD_PUNCT.match(text, pos).end()
    for _ in range(6):
        m = r.openers.match(text, pos)
        if not m or m.end() == pos:
            break
        pos = _LEAD_PUNCT.match(text, m.end()).end()
    for role, rx in r.roles:
        if rx.match(text, pos):
            return role
    return "implement"


def duty_partners(text: str, mentions: Optional[list[AgencyMention]] = None) -> list[str]:
    """Codes of the bodies named after "phối hợp (với)" anywhere in the duty, in order.

    >>> duty_partners("Chủ trì, phối hợp với Sở VHTTDL, các Sở, ban, ngành, đoàn thể có liên quan chỉ đạo")
    ['dept_culture', 'other_departments', 'fatherland_front']
    >>> duty_partners("Phối hợp với các cơ quan, đơn vị liên quan triển khai mô hình")
    []
    """
    out: list[str] = []
    for m in _rules().partner_cue.finditer(text):
        found, _ = body_list(text, m.end(), mentions)
        out.extend(a.code for a in found)
    return list(dict.fromkeys(out))


def duty_deadline(text: str) -> Optional[str]:
    """The first dated deadline and the first recurrence stated in a duty, in text order.

    >>> duty_deadline("báo cáo kết quả về Sở định kỳ hằng năm (trước ngày 30 tháng 11) để tổng hợp")
    'định kỳ hằng năm, trước ngày 30 tháng 11'
    >>> duty_deadline("Xây dựng chuyên mục tuyên truyền") is None
    True
    """
    r = _rules()
    found = [m for m in (r.dated.search(text), r.recurring.search(text)) if m]
    if not found:
        return None
    found.sort(key=lambda m: m.start())
    return ", ".join(" ".join(m.group(0).split()) for m in found)


def subject_bodies(text: str, pos: int = 0, mentions: Optional[list[AgencyMention]] = None
                   ) -> tuple[bool, list[AgencyMention], int]:
    """Bodies an item names for itself at its start: (requested, bodies, end of the subject).

    >>> req, bodies, end = subject_bodies("Đề nghị Ủy ban MTTQ Việt Nam tỉnh phối hợp tuyên truyền")
    >>> req, [b.code for b in bodies]
    (True, ['fatherland_front'])
    """
    r = _rules()
    requested, pos = strip_requested(text, pos)
    for _ in range(3):
        m = r.lead_ins.match(text, pos)
        if not m or m.end() == pos:
            break
        pos = m.end()
    bodies, end = body_list(text, pos, mentions)
    return requested, bodies, end


# --------------------------------------------------------------------------- #
# Structure: headings -> bodies, blocks -> duty items
# --------------------------------------------------------------------------- #


@dataclass
class _Heading:
    bodies: list[tuple[str, str, float]]  # (code, name as written, confidence)
    requested: bool
    inline: Optional[tuple[int, int]] = None  # span of a duty written in the heading itself


@dataclass
class _Duty:
    section_id: Optional[str]
    start: int
    end: int
    first: Block
    bodies: Optional[list[tuple[str, str, float]]] = None  # None: the heading's bodies
    requested: bool = False
    pred: int = 0  # where the predicate starts (after a self-named subject)
    lead_in: bool = False
    extra: list[Block] = field(default_factory=list)


def _group_codes(mentions: list[AgencyMention]) -> list[tuple[str, str, float]]:
    """One entry per code (names of the same code joined), in order of first mention."""
    names: dict[str, list[str]] = {}
    conf: dict[str, float] = {}
    for m in mentions:
        names.setdefault(m.code, []).append(m.name)
        conf[m.code] = min(conf.get(m.code, 1.0), m.confidence)
    return [(code, ", ".join(dict.fromkeys(ns)), conf[code]) for code, ns in names.items()]


def _heading(sec: Section, text: str) -> Optional[_Heading]:
    """Bodies of an organisation sub-heading, or None for a grouping heading."""
    h = sec.heading or ""
    if not h:
        return None
    base = text.find(h, sec.start_char)
    requested, pos = strip_requested(h)
    m = _rules().lead_ins.match(h, pos)
    if m:
        pos = m.end()
    found = heading_bodies(h[pos:])
    if not found:
        return None
    inline = None
    colon = h.find(":", pos)
    tail = colon + 1 if colon >= 0 else pos + found[-1].end
    rest = h[tail:].strip(" :;,.")
    if base >= 0 and rest and (colon >= 0 or not h[pos + found[-1].end:].lstrip().startswith(",")):
        s = base + h.index(rest, tail)
        inline = (s, s + len(rest))
    return _Heading(_group_codes(found), requested, inline)


def _cls(b: Block) -> Optional[str]:
    """List class of a block: N (numbered), L (lettered), D ('-' bullet), P ('+'), None (paragraph)."""
    if b.kind == "item":
        return "N" if (b.marker or "").isdigit() else "L"
    if b.kind == "bullet":
        return "P" if b.marker == "+" else "D"
    return None


def _items(blocks: list[tuple[int, Block]], all_blocks: list[Block], text: str) -> list[list[Block]]:
    """Group a section's blocks into duty items: a top-level item and the deeper items under it."""
    top = next((_cls(b) for _, b in blocks if _cls(b)), None)
    groups: list[list[Block]] = []
    for _, b in blocks:
        c = _cls(b)
        nested = b.depth == 1 and b.parent is not None and (
            _cls(all_blocks[b.parent]) != c or text[all_blocks[b.parent].start_char:all_blocks[b.parent].end_char].rstrip().endswith(":"))
        if groups and _cls(groups[-1][0]) is not None and c is not None and (c != top or nested):
            groups[-1].append(b)
        else:
            groups.append([b])
    return groups


def _sibling_numbers(sec: Section, blocks: list[tuple[int, Block]]) -> set[int]:
    """Blocks that are numbered running paragraphs continuing the heading's own numbering.

    "9. Đề nghị ..." followed by an item "10. Các sở, ban, ngành ... báo cáo ..."
    is a sibling of heading 9 (a duty of the bodies it names), not part of it.
    """
    label = (sec.label or "").split(".")[-1]
    if not label.isdigit():
        return set()
    expected, out = int(label) + 1, set()
    for i, b in blocks:
        if b.kind == "item" and (b.marker or "").isdigit() and int(b.marker) == expected:
            out.add(i)
            expected += 1
    return out


def extract_assignments(plan: SegmentedPlan) -> list[Assignment]:
    """One row per (duty item, agency) of the organisation section."""
    text = plan.text
    org = {s.section_id: s for s in plan.sections if s.kind == "organization"}
    if not org:
        return []
    heads = {sid: _heading(s, text) if s.level > 1 else None for sid, s in org.items()}

    def context(sid: Optional[str]) -> Optional[str]:
        """The nearest organisation section (itself or an ancestor) whose heading names bodies."""
        while sid in org:
            if heads[sid] is not None:
                return sid
            sid = org[sid].parent_id
        return None

    by_section: dict[str, list[tuple[int, Block]]] = {sid: [] for sid in org}
    for i, b in enumerate(plan.blocks):
        if b.section_id in by_section:
            by_section[b.section_id].append((i, b))

    duties: list[_Duty] = []
    for sid, sec in org.items():
        blocks = by_section[sid]
        ctx = context(sid)
        siblings = _sibling_numbers(sec, blocks) if ctx == sid else set()
        own = [(i, b) for i, b in blocks if i not in siblings]
        parent_sid = sec.parent_id if sec.parent_id in org else sid
        for i, b in blocks:
            if i in siblings:
                duties.append(_Duty(parent_sid, b.start_char, b.end_char, b, bodies=[]))
        groups = _items(own, plan.blocks, text)
        has_items = any(_cls(g[0]) for g in groups)
        for g in groups:
            d = _Duty(sid, g[0].start_char, g[-1].end_char, g[0], bodies=None if ctx else [])
            d.lead_in = _cls(g[0]) is None and has_items and bool(
                _rules().lead_in_end.search(text[g[0].start_char:g[0].end_char]))
            duties.append(d)
        if not blocks and ctx == sid and heads[sid].inline:
            s, e = heads[sid].inline
            first = Block.model_construct(section_id=sid, kind="paragraph", start_char=s, end_char=e)
            duties.append(_Duty(sid, s, e, first, bodies=None))

    rows: list[Assignment] = []
    for d in sorted(duties, key=lambda d: d.start):
        duty = text[d.start:d.end]
        rel_first_end = d.first.end_char - d.start
        requested, subject, subj_end = subject_bodies(duty[:rel_first_end])
        explicit = subject and (d.bodies is not None or duty[subj_end:].lstrip().startswith(":"))
        pred = subj_end if explicit else (strip_requested(duty)[1])
        if explicit:
            bodies = _group_codes(subject)
            sec_requested = False
        elif d.bodies is None:
            head = heads[context(d.section_id)]
            bodies, sec_requested = head.bodies, head.requested
        else:
            continue  # no body named: an introduction or a general remark
        first_text = duty[:rel_first_end]
        role = duty_role(first_text, pred)
        if d.lead_in and role not in ("lead", "coordinate"):
            continue
        partners = duty_partners(duty)
        deadline = duty_deadline(duty)
        for code, name, conf in bodies:
            rows.append(Assignment(
                section_id=d.section_id, agency=code, agency_name=name, role=role,
                requested=sec_requested or requested, partners=partners, duty=duty, deadline=deadline,
                start_char=d.start, end_char=d.end, method="rule", confidence=conf,
            ))
    return rows
