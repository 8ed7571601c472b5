"""Duties written as a table: one row per task, its bodies in a lead and a partner column.

Plans often assign their tasks in an appendix ("PHỤ LỤC: PHÂN CÔNG NHIỆM VỤ") or in the
organisation part as a table, each row in the row form of read/tables.py:

    | STT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian thực hiện | Sản phẩm |
    | I | Tuyên truyền, nâng cao nhận thức | | | | |
    | 1 | Tuyên truyền về ... | Sở Văn hóa, Thể thao và Du lịch | Sở Thông tin và Truyền thông; Báo Hà Tĩnh | Hằng năm | Tin, bài |

* Header words give each column its role, in any order (rules/tables.yaml); a header of two
  rows ("Cơ quan thực hiện" over "Chủ trì | Phối hợp") is read as one; a header repeated on the
  next page goes on with the same table.
* A row that names no body and no time (I, II, ... or a bold topic) is a group row: its text is
  the topic of the rows under it.
* A duty row is one duty item, as a prose item is: one assignment per lead body (role lead,
  partners: the partner column's bodies), as the gold format counts them. Only a row with no
  lead body gives one per partner body (role coordinate). The duty is the task cell, and the
  span points at it; the deadline is the time column as written.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Iterator, Optional

import regex
from pydantic import BaseModel

from ..core import patterns
from ..core.models import Assignment, SegmentedPlan
from ..core.rules import load_rules
from ..read.tables import is_row, row_cells
from .agencies import OTHER, AgencyMention, find_agencies, group_by_code, heading_bodies, is_generic, other_code

RULE_LEAD = "table_row.lead"
RULE_PARTNER = "table_row.partner"


class _TableRules(BaseModel):
    columns: dict[str, str]
    empty_cell: str
    examples: list[dict[str, str]] = []
    counterexamples: list[str] = []


class _Compiled:
    def __init__(self, r: _TableRules):
        flags = regex.IGNORECASE | regex.V0
        self.columns = [(role, patterns.compile(p.replace(" ", r"\s+"), flags)) for role, p in r.columns.items()]
        self.empty = patterns.compile(r.empty_cell, flags)


@functools.lru_cache(maxsize=1)
def _rules() -> _Compiled:
    return _Compiled(load_rules("tables.yaml", _TableRules))


_BRACKETS = patterns.compile(r"\([^()]*\)")
_RULE_ROW = patterns.compile(r"^[\s:\-–]*$")
_NUMBERING = patterns.compile(r"^\s*(?:[IVXLC]{1,6}|[A-ZĐ]|\d{1,3})\s*[.):]\s*")


def column_role(cell: str) -> Optional[str]:
    """Role a header cell gives its column: number, time, product, lead, partner, task, or None.

    >>> column_role("Cơ quan chủ trì"), column_role("Thời gian thực hiện"), column_role("Hằng năm")
    ('lead', 'time', None)
    """
    text = " ".join(cell.split())
    return next((role for role, rx in _rules().columns if rx.search(text)), None)


def header_roles(cells: list[str]) -> Optional[dict[int, str]]:
    """Column roles of a header row, or None when the row is not a header.

    >>> header_roles(["STT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian thực hiện"])
    {0: 'number', 1: 'task', 2: 'lead', 3: 'partner', 4: 'time'}
    >>> header_roles(["1", "Phối hợp tổ chức hội thi", "Sở Văn hóa, Thể thao và Du lịch", "Hằng năm"]) is None
    True
    """
    roles = {j: role for j, c in enumerate(cells) if c and (role := column_role(c))}
    filled = sum(1 for c in cells if c)
    return roles if len(roles) >= 2 and 2 * len(roles) >= filled else None


def is_empty(cell: str) -> bool:
    """A cell that says nothing ("", "-", "x")."""
    return bool(_rules().empty.match(cell.strip()))


@dataclass
class _Cell:
    start: int  # offsets in the plan text
    end: int
    text: str


def _rows(text: str) -> Iterator[tuple[bool, list[_Cell]]]:
    """(follows another row directly, cells) of every table row of the text, in order."""
    pos, prev_row = 0, False
    for line in text.split("\n"):
        row = bool(line) and line[0] == "|" and is_row(line)
        if row:
            yield prev_row, [_Cell(pos + a, pos + b, t) for a, b, t in row_cells(line)]
        prev_row = row
        pos += len(line) + 1


def _bodies(cell: Optional[_Cell]) -> list[tuple[str, str, float]]:
    """(code, name as written, confidence) of the bodies a cell names; an unknown name is kept."""
    if cell is None or is_empty(cell.text):
        return []
    text = cell.text
    # A cell is a list of bodies, written with separators or as bullets ("- Sở Tài chính - Sở Nội vụ"):
    # the list reader keeps unknown names, the mentions found anywhere catch what it stops before.
    # A name in brackets says which unit of the body does the work ("Sở ... (Thư viện tỉnh)"): not another body.
    brackets = [(m.start(), m.end()) for m in _BRACKETS.finditer(text)]
    known = [m for m in find_agencies(text, heading=True) if not any(a <= m.start < b for a, b in brackets)]
    listed = [m for m in heading_bodies(text) if not (m.code.startswith(OTHER) and any(_overlap(m, k) for k in known))]
    found = sorted(listed + [k for k in known if not any(_overlap(k, m) for m in listed)], key=lambda m: m.start)
    if found:
        return group_by_code(found, text)
    name = text.strip(" .;,")
    if is_generic(name):
        return []  # "Các cơ quan, đơn vị liên quan" names no particular body (agencies.yaml `generic`)
    return [(other_code(name), name, 0.5)]


def _overlap(a: AgencyMention, b: AgencyMention) -> bool:
    return a.start < b.end and b.start < a.end


def _section_at(plan: SegmentedPlan, pos: int) -> Optional[str]:
    """The deepest section holding `pos`."""
    best = None
    for s in plan.sections:
        if s.start_char <= pos <= s.end_char and (best is None or s.level >= best.level):
            best = s
    return best.section_id if best else None


class _Table:
    """What the header rows seen so far say about the rows below them."""

    def __init__(self) -> None:
        self.roles: Optional[dict[int, str]] = None
        self.topic: Optional[str] = None
        self.in_header = False
        self.open = False  # rows may still belong to it (no other text since its header)
        self.last_lead: Optional[_Cell] = None  # lead cell of the last duty row

    def header(self, roles: dict[int, str], continues: bool) -> None:
        if self.in_header and continues and self.roles is not None:
            self.roles = {**self.roles, **roles}  # the lower header row names its columns more finely
        elif roles != self.roles:
            self.roles, self.topic, self.last_lead = roles, None, None  # a new table; the same header again goes on
        self.in_header = self.open = True

    def cell(self, cells: list[_Cell], role: str) -> Optional[_Cell]:
        j = next((j for j, r in (self.roles or {}).items() if r == role), None)
        return cells[j] if j is not None and j < len(cells) else None

    @property
    def assigns(self) -> bool:
        return self.roles is not None and {"task", "lead"} <= set(self.roles.values())


def duty_table_assignments(plan: SegmentedPlan) -> list[Assignment]:
    """Assignments of every duty table of the plan (one per lead body and one per partner body of a row)."""
    out: list[Assignment] = []
    table = _Table()
    for continues, cells in _rows(plan.text):
        if all(_RULE_ROW.match(c.text) for c in cells):
            continue  # Markdown's "|---|---|" under the header
        roles = header_roles([c.text for c in cells])
        if roles is not None:
            table.header(roles, continues)
            continue
        if not continues:
            table.open = False  # rows after other text and no header of their own: another table
        table.in_header = False
        if not table.open or not table.assigns:
            continue
        task, lead, partner, time = (table.cell(cells, r) for r in ("task", "lead", "partner", "time"))
        if all(c is None or is_empty(c.text) for c in (lead, partner, time)):
            topic = task.text if task is not None and task.text else next((c.text for c in cells if c.text), "")
            table.topic, table.last_lead = _NUMBERING.sub("", topic) or table.topic, None
            continue
        if task is None or not task.text:
            continue
        inherited = lead is None or not lead.text
        if inherited:
            # A text export leaves a lead cell merged down over several tasks empty below its first row.
            lead = table.last_lead
        table.last_lead = lead
        out.extend(_row_assignments(plan, table.topic, task, lead, partner, time, 0.9 if inherited else 1.0))
    return out


def _row_assignments(plan: SegmentedPlan, topic: Optional[str], task: _Cell, lead: Optional[_Cell],
                     partner: Optional[_Cell], time: Optional[_Cell], trust: float) -> Iterator[Assignment]:
    leads, partners = _bodies(lead), _bodies(partner)
    lead_codes = [code for code, _, _ in leads]
    partner_codes = [code for code, _, _ in partners if code not in lead_codes]
    deadline = " ".join(time.text.split()) if time is not None and not is_empty(time.text) else None
    section_id = _section_at(plan, task.start)

    def row(code: str, name: str, conf: float, role: str, others: list[str], rule: str) -> Assignment:
        return Assignment(section_id=section_id, agency=code, agency_name=name, role=role, partners=others,
                          duty=task.text, deadline=deadline, start_char=task.start, end_char=task.end,
                          method="rule", confidence=conf * trust, rule=rule, topic=topic)

    for code, name, conf in leads:
        yield row(code, name, conf, "lead", partner_codes, RULE_LEAD)
    if not leads:
        for code, name, conf in partners:
            yield row(code, name, conf, "coordinate", [], RULE_PARTNER)
