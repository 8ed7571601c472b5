"""Targets written as a table: one row per indicator and tier, one column per year.

Plans often put their "Chỉ tiêu cụ thể" in a table. Text exports (and the DOCX reader, for
tables of three or more columns) write each row on one line between "|" marks:

    | TT | Chỉ tiêu | Đến năm 2025 | Đến năm 2030 |
    | I | Thư viện | | |
    | 2 | Tỷ lệ thư viện công cộng cấp huyện cung cấp dịch vụ ... | 75% | 90% |

A header row (years, no values) dates the columns; a row without values may name the
indicator of the rows under it; a data row's label cell gives tiers and indicator, and each
value cell yields one row per tier for its column's year. The quote runs from the label to
the value, so it holds the words the number came from.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Callable, Optional

import regex

from ..core import patterns
from ..core.models import PlanWarning, Target
from ..core.taxonomy import indicator as indicator_info
from ..read.tables import row_cells
from .duty_tables import column_role, header_roles
from .cues import classify, find_years, indicator_units, sector_of, target_rules, unclassified_warning
from .quantities import Quantity, find_quantities
from .sectors import COUNTERPART_CONFIDENCE, counterpart
from .tiers import TierMention, bare_head, find_tiers

_BARE_YEAR = patterns.compile(r"(?<!\d)(20\d{2})(?!\d)")
_SEPARATOR_CELL = patterns.compile(r"^[\s:\-–]*$")
_NUMBERING = patterns.compile(r"^\s*(?:[IVX]{1,5}|\d{1,2}(?:\.\d{1,2})*|[a-zđ])\s*[.)]?\s*$", regex.IGNORECASE)
_PERCENT_HEADER = patterns.compile(r"\(\s*%\s*\)")
KEPT_CONFIDENCE = 0.9  # a "Duy trì" cell: the value to its left, read as kept  # "năm 2027 (%)": the bare numbers of the column are percentages


def is_table_row(line: str) -> bool:
    """A line laid out as a table row ("| a | b |")."""
    s = line.strip()
    return len(s) > 2 and s[0] == "|" and s[-1] == "|"


@dataclass
class TableState:
    """What earlier rows of the same table say about later ones."""

    years: dict[int, int] = field(default_factory=dict)  # column -> year, from header rows
    indicator: Optional[str] = None  # from a group row that names one
    sector: Optional[str] = None
    unit_col: Optional[int] = None  # a column "Đơn vị tính" whose cell ("%") is the unit of bare numbers
    tier_cols: dict[int, TierMention] = field(default_factory=dict)  # a header of tiers: rows are years
    caption: bool = False  # the indicator comes from the caption above the table, not from its rows
    carried: Optional[tuple[str, str]] = None  # (indicator, sector) of the last row that named one (merged cells)
    carried_last: bool = False  # that row stands after the last group row naming an indicator
    duties: bool = False  # the header is a duty table's (Nhiệm vụ | Cơ quan chủ trì ...): duty_tables.py reads it
    # A header naming an indicator with each year ("| Đối tượng | Cung cấp dịch vụ HTSĐ năm 2027 (%) |"):
    # column -> indicator, and the unit its bare numbers are in ("(%)"); rows are then tiers.
    col_indicators: dict[int, str] = field(default_factory=dict)
    col_units: dict[int, str] = field(default_factory=dict)
    marks: dict[str, float] = field(default_factory=dict)  # cell marks the plan defines ("“x” là 100%")
    issued: Optional[int] = None  # the plan's year of issue: a column dated before it is background
    background: set[int] = field(default_factory=set)  # columns of what was ("Thực hiện năm 2024")
    multi_years: dict[int, list[int]] = field(default_factory=dict)  # "Mục tiêu (năm 2027; năm 2030)"
    caption_unit: str = ""  # the unit the caption gives the bare numbers ("(Đơn vị tính: %)")
    # A header row naming an indicator over each group of year columns, the years on the row under it
    # ("| TT | Loại thiết chế | Cung cấp dịch vụ HTSĐ (%) | | Ứng dụng CNTT, chuyển đổi số (%) | |"): column -> its cell
    spanning: dict[int, str] = field(default_factory=dict)

    def next_table(self) -> "TableState":
        """The state a new table of the same plan starts with."""
        return TableState(marks=self.marks, issued=self.issued)


def defined_marks(text: str) -> dict[str, float]:
    """The cell marks a plan's notes define as a share ("“x” là 100% thiết chế ..."): mark -> value.

    >>> defined_marks("Ghi chú: “x” là 100% thiết chế thuộc loại hình thực hiện chỉ tiêu; “-” là không giao.")
    {'x': 100.0}
    """
    rx = target_rules().cell_mark
    if rx is None or "%" not in text:
        return {}
    return {m.group("mark").lower(): float(m.group("v")) for m in rx.finditer(text)}


def _with_unit(text: str, unit: str) -> list[Quantity]:
    """Quantities of a bare number cell ("100", "Tối thiểu 80") read with its row's unit cell ("%").

    The span stays inside the number's own cell: the quote runs from the label to the number.
    """
    if not any(ch.isdigit() for ch in text):
        return []
    found = find_quantities(f"{text} {unit}")
    return [replace(q, end=min(q.end, len(text)), phrase_end=min(q.phrase_end, len(text)))
            for q in found if q.start < len(text)]


def _cell_year(text: str, find_years, period) -> Optional[int]:
    """The year a header cell dates its column with: a year, a period's last ("Giai đoạn 2026 - 2030",
    a cell "2026 - 2030" alone), or one bare year."""
    ys = find_years(text)
    if ys:
        return ys[-1][1]
    cell = target_rules().period_cell
    p = period.search(text) or (cell.match(text) if cell is not None else None)
    if p:
        return int(p.group("y"))
    bare = _BARE_YEAR.findall(text)
    return int(bare[-1]) if len(bare) == 1 else None


def table_row(line: str, offset: int, state: TableState, *, section_id: str, city: bool,
              fallback_year: Callable[[str], Optional[int]], targets: list[Target],
              warnings: Optional[list[PlanWarning]] = None, abbr: tuple = ()) -> None:
    """Read one table row into targets (and `state`); `offset` is the row's place in the plan text.
    A value no indicator fits goes to `warnings` (cues.unclassified_warning), not to targets."""
    cells = row_cells(line)
    if not cells or all(_SEPARATOR_CELL.match(t) for _, _, t in cells):
        return
    roles = header_roles([t for _, _, t in cells])
    if roles is not None:
        state.duties = {"task", "lead"} <= set(roles.values())
    if state.duties:
        return
    if state.tier_cols or _tier_header(cells, state, city, abbr):
        _transposed_row(line, offset, cells, state, section_id, targets, warnings)
        return
    values: list[tuple[int, Quantity, Optional[int]]] = []  # (cell index, quantity, its own year)
    unit = cells[state.unit_col][2] if state.unit_col is not None and state.unit_col < len(cells) else state.caption_unit
    last_seen: Optional[Quantity] = None  # the value nearest to the left, for a "Duy trì" cell
    kept: set[int] = set()  # columns whose value is kept, not written
    cell_tiers: dict[int, list[TierMention]] = {}  # id(value) -> the tiers its own cell names for it
    keep = target_rules().keep_cell
    for j, (a, _, t) in enumerate(cells):
        if j in state.background:
            _background_values(t, offset + a, state.years.get(j), warnings)
            last_seen = _only_value(t, unit) or last_seen
            continue
        if state.years and j not in state.years:
            continue  # a header dates the value columns: a figure elsewhere ("Ghi chú: Năm 2023: 52%") is background
        qs = find_quantities(t)
        if not qs and unit and (j in state.years or not state.years and state.unit_col is not None and j > state.unit_col):
            qs = _with_unit(t, unit)
        if not qs and j in state.col_units:
            qs = _with_unit(t, state.col_units[j])
        if not qs and t.strip().lower() in state.marks and (j in state.years or j in state.col_units):
            qs = [Quantity(state.marks[t.strip().lower()], None, "percent", "=", 0, len(t), 0, len(t))]
        if not qs and keep is not None and last_seen is not None and j in state.years and keep.match(t):
            kept.add(j)  # "Duy trì": the value to its left, kept
            qs = [replace(last_seen, start=0, end=len(t), phrase_start=0, phrase_end=len(t))]
        if len(qs) == 1:
            last_seen = qs[0]
        if len(qs) == 1 and len(t) <= qs[0].end - qs[0].start + 20:
            values.append((j, qs[0], None))
        elif len(qs) > 1:  # "Năm 2027: 50%; năm 2030: 70%": each value with the year written before it
            dated = _dated_in_cell(t, qs)
            # "Thư viện tỉnh: 100%<br>Thư viện cấp huyện: 60%": each value with the tier written before it
            tiered = {} if dated else _tiered_in_cell(t, qs, city, abbr)
            values += [(j, q, y) for q, y in dated] + [(j, q, None) for q in qs if id(q) in tiered]
            cell_tiers.update(tiered)
    value_cols = {j for j, _, _ in values}
    labels = _labels(cells, value_cols, state)
    if not values:
        _header_or_group_row(cells, labels, state)
    elif labels:
        _row_targets(line, offset, cells, labels, values, state, kept=kept, section_id=section_id, city=city, abbr=abbr,
                     fallback_year=fallback_year, targets=targets, warnings=warnings, cell_tiers=cell_tiers)


def _only_value(text: str, unit: str) -> Optional[Quantity]:
    """The one value a cell holds (a bare number read with the row's unit), or None."""
    qs = find_quantities(text) or (_with_unit(text, unit) if unit else [])
    return qs[0] if len(qs) == 1 else None


def _background_values(text: str, at: int, year: Optional[int], warnings: Optional[list[PlanWarning]]) -> None:
    """The values of a column of what was ("Hiện trạng năm 2024 | 38%"): said, not stored."""
    for q in find_quantities(text) if warnings is not None else ():
        warnings.append(PlanWarning(code="past_value", start_char=at + q.start, end_char=at + q.end,
                                    message=f"{q.value:g} in a column of results or the present state"
                                            f"{f' ({year})' if year else ''}: background, not stored as a target"))


def _dated_in_cell(text: str, qs: list[Quantity]) -> list[tuple[Quantity, int]]:
    """The values of one cell each dated by the year written right before it ("Năm 2027: 50%; năm 2030:
    70%"), all different; empty when the cell is not so written."""
    marks = find_years(text) or [(m.start(), int(m.group(1))) for m in _BARE_YEAR.finditer(text)]  # "2025: 70% / 2030: 90%"
    out = []
    for k, q in enumerate(qs):
        prev_end = qs[k - 1].end if k else 0
        ys = [y for pos, y in marks if prev_end <= pos < q.start]
        if len(ys) != 1:
            return []
        out.append((q, ys[0]))
    return out if len({y for _, y in out}) == len(out) else []


def _tiered_in_cell(text: str, qs: list[Quantity], city: bool, abbr: tuple) -> dict[int, list[TierMention]]:
    """id(value) -> its tiers, for a cell listing "<tiers>: <value>" pieces ("Thư viện tỉnh: 100%<br>Thư viện cấp
    huyện: 60%", "...; ..."), each value with the tiers written since the value before it; empty when any
    value has none."""
    found = find_tiers(text, city, abbr)
    out: dict[int, list[TierMention]] = {}
    for k, q in enumerate(qs):
        since = qs[k - 1].end if k else 0
        mine = [t for t in found if since <= t.start and t.end <= q.start]
        if not mine:
            return {}
        out[id(q)] = mine
    return out


def _labels(cells, value_cols: set[int], state: TableState) -> list:
    """The row's text cells but its numbering. Under a header of years, when a label stands before
    the year columns, a cell after them is a note ("Ghi chú: Hiện có 12 thư viện"), no label."""
    found = [(j, c) for j, c in enumerate(cells) if j not in value_cols and c[2] and not _NUMBERING.match(c[2])]
    if state.years and any(j < min(state.years) for j, _ in found):
        found = [(j, c) for j, c in found if j < max(state.years)]
    return [c for _, c in found]


def _header_or_group_row(cells, labels, state: TableState) -> None:
    """A row without values: a header (its columns' years, the unit column) or a group row naming
    the indicator or sector of the rows under it."""
    state.unit_col = next((j for j, (_, _, t) in enumerate(cells) if t and column_role(t) == "unit"),
                          state.unit_col)
    period = target_rules().period
    years = {j: y for j, (_, _, t) in enumerate(cells) if (y := _cell_year(t, find_years, period))}
    # Header words of other columns (STT, Đơn vị tính) do not count against a header of years.
    named = [c for c in cells if c[2] and column_role(c[2]) is None]
    if years and len(years) >= len(named) - 2:
        state.years.update(years)  # a header row: the columns' years
        bg = target_rules().background_column
        for j, y in years.items():
            t = cells[j][2]
            if state.issued and y < state.issued or bg is not None and bg.search(t):
                state.background.add(j)  # "Thực hiện năm 2024", "Hiện trạng năm 2024": what was
            elif len(listed := sorted({yy for _, yy in find_years(t)})) > 1:
                state.multi_years[j] = listed  # "Mục tiêu (năm 2027; năm 2030)": a value for both
        _column_indicators(cells, years, state)
        _spanned_indicators(years, state)
        return
    if _indicator_header(cells, state):
        return
    label = " ".join(c[2] for c in labels)
    found = classify(label, None, "percent") if label else None
    if found:
        state.indicator, state.sector = found[0], sector_of(label)
        state.carried_last = False  # the group row is the latest to name an indicator
    elif label and sector_of(label):
        # A row naming a sector only ("Thư viện ngoài hệ thống thư viện công cộng:") under an indicator of
        # that sector is a sub-group of it; of another sector ("II | Bảo tàng"), it ends the indicator.
        sector = sector_of(label)
        if state.indicator is None or indicator_info(state.indicator).sector != sector:
            state.indicator = None
        state.sector = sector


def _indicator_header(cells, state: TableState) -> bool:
    """A row of two or more cells each naming another indicator, with no value: the indicators of the
    year columns under them (`_spanned_indicators`). True if it is one."""
    named = {j: t for j, (_, _, t) in enumerate(cells) if t}
    found = {j: c[0] for j, t in named.items() if (c := classify(t, None, "percent"))}
    if len(found) < 2 or len(set(found.values())) < 2:
        return False
    state.spanning = {j: named[j] for j in found}
    return True


def _spanned_indicators(years: dict[int, int], state: TableState) -> None:
    """Year columns under a header row naming an indicator over each group of them (merged cells): each
    takes the indicator named at or before its column, and the "(%)" there as the unit of its numbers."""
    if not state.spanning or state.col_indicators:
        return
    over = {j: max((k for k in state.spanning if k <= j), default=None) for j in years}
    if any(k is None for k in over.values()):
        return
    state.col_indicators = {j: classify(state.spanning[k], None, "percent")[0] for j, k in over.items()}
    state.col_units = {j: "%" for j, k in over.items() if _PERCENT_HEADER.search(state.spanning[k])}
    state.spanning = {}


def _column_indicators(cells, years: dict[int, int], state: TableState) -> None:
    """Year columns whose header also names an indicator ("Ứng dụng CNTT, CĐS năm 2030 (%)"), and the
    unit a "(%)" in the header gives their bare numbers: both only when every year column names one."""
    named = {j: found[0] for j in years if (found := classify(cells[j][2], None, "percent"))}
    if len(named) == len(years) and len(set(named.values())) > 1:
        state.col_indicators = named
        state.col_units = {j: "%" for j in years if _PERCENT_HEADER.search(cells[j][2])}


def _row_targets(line: str, offset: int, cells, labels, values: list[tuple[int, Quantity, Optional[int]]],
                 state: TableState, *, kept: frozenset[int] | set[int] = frozenset(),
                 section_id: str, city: bool, abbr: tuple, fallback_year, targets: list[Target],
                 warnings: Optional[list[PlanWarning]], cell_tiers: Optional[dict] = None) -> None:
    """The targets of a row with values: its label's indicator and tiers, one row per tier and value
    (the tiers a value's own cell names for it, when it names them: `cell_tiers`)."""
    ls, le, label = max(labels, key=lambda c: len(c[2]))
    # "... tại Bảo tàng tỉnh và các điểm di tích do Bảo tàng quản lý": the head noun alone after a named
    # institution of its sector names that one back, no tier of its own
    found = find_tiers(label, city, abbr)
    label_tiers = [t for k, t in enumerate(found)
                   if not (bare_head(label, t) and any(u.sector == t.sector and not bare_head(label, u) for u in found[:k]))]
    names = tuple((t.start, t.end) for t in label_tiers)  # cue words inside them are the tiers' names
    tiers: list[TierMention] = label_tiers
    # A column of its own may name the tier ("Lĩnh vực | Chỉ tiêu | Đối tượng | 2025"): the nearest the values.
    for _, _, other in reversed(labels):
        tiers = tiers or (find_tiers(other, city, abbr) if other != label else [])
    # a merged institution ("Bảo tàng - Thư viện tỉnh") is of whichever member's kind its label's cue names
    sector = (None if tiers[0].joint else tiers[0].sector) if tiers else (sector_of(label) or state.sector)
    per_year = bool(target_rules().per_year_label.search(label))
    for j, q, own_year in values:
        if per_year and q.unit in ("percent", "count"):
            # "Mức tăng số lượt ... (bình quân/năm) | 10%"; "Số cuộc trưng bày ... hằng năm | Tối thiểu 12 cuộc"
            q = replace(q, unit=q.unit + "_per_year")
        years = [own_year] if own_year else state.multi_years.get(j) or [state.years.get(j) or fallback_year(q.unit)]
        own = (cell_tiers or {}).get(id(q))
        for year in years:
            _value_targets(line, offset, cells, j, q, year, label, (ls, le), own or tiers, names,
                           own[0].sector if own else sector, state,
                           section_id=section_id, targets=targets, warnings=warnings, implicit=j in kept)


def _value_targets(line: str, offset: int, cells, j: int, q: Quantity, year: Optional[int], label: str,
                   label_span: tuple[int, int], tiers, names, sector, state: TableState, *, section_id: str,
                   targets: list[Target], warnings: Optional[list[PlanWarning]], implicit: bool = False) -> None:
    """The rows of one value cell of a row: one per tier, under the label's (or the column's) indicator;
    `implicit` for a value kept, not written ("Duy trì")."""
    ls, le = label_span
    # From the label to the value, whichever column comes first.
    a, b = min(ls, cells[j][0] + q.start), max(le, cells[j][0] + q.end)
    start, end, quote = offset + a, offset + b, line[a:b]
    if year is not None and state.issued is not None and year < state.issued:
        if warnings is not None:  # "(Số liệu năm 2023: ...)" in a 2024 plan: a figure of the past
            warnings.append(PlanWarning(code="past_value", start_char=start, end_char=end,
                                        message=f"{q.value:g} dated {year}, before the plan ({state.issued}): "
                                                f"background, not stored as a target"))
        return
    found = classify(label, sector, q.unit, names=names)
    conf = 1.0 if found else 0.9
    if not found and j in state.col_indicators:
        if indicator_info(state.col_indicators[j]).sector == sector:
            found, conf = (state.col_indicators[j], 0, 0), 1.0  # the column's header names it
        elif tiers and (other := counterpart(state.col_indicators[j], tiers[0], year)):
            # "Cung cấp dịch vụ HTSĐ 2030 (%)" over a museum's row: its own sector's member of the family
            found, conf = (other, 0, 0), COUNTERPART_CONFIDENCE
    indicator = found[0] if found else (state.indicator if state.sector in (None, sector) else None)
    if found:
        state.carried, state.carried_last = (found[0], sector), True
    elif (indicator is None or state.carried_last) and _merged(cells, ls) and state.carried \
            and state.carried[1] == sector and q.unit in indicator_units(state.carried[0]):
        # "| | | Thư viện cấp huyện | 70% | 90% |" under a row that named the indicator: a merged cell; so is
        # "| | Trong đó: Thư viện tỉnh | cuộc | ≥ 12 |" under its total's row, whatever group row stands above both
        indicator = state.carried[0]
    if indicator is None or (q.unit == "percent" and not tiers):
        if warnings is not None:
            warnings.append(unclassified_warning(replace(q, start=0, end=len(quote)), quote, start, year))
        return
    # A growth rate has no tier; nor has a count of another sector's kind ("Số cuộc tuyên truyền ... tổ
    # chức tại thư viện, bảo tàng, trung tâm văn hóa": the places named are where, not whose).
    subjects = [None] if q.unit == "percent_per_year" or not tiers or indicator_info(indicator).sector == "other" \
        else [t.code for t in tiers if not (t.joint and indicator_info(indicator).sector in t.joint
                                            and t.sector != indicator_info(indicator).sector)]
    for code in subjects:
        targets.append(Target(
            section_id=section_id, sector=indicator_info(indicator).sector, indicator=indicator, subject=code,
            year=year, value=q.value, value_max=q.value_max, unit=q.unit, comparator=q.comparator,
            implicit=implicit, quote=quote, start_char=start, end_char=end, method="rule",
            confidence=round(conf * (KEPT_CONFIDENCE if implicit else 1.0), 3), rule="table_row+kept" if implicit else "table_row",
        ))


def _tier_header(cells, state: TableState, city: bool, abbr: tuple) -> bool:
    """"| Năm | Thư viện tỉnh | Thư viện cấp huyện | Thư viện cấp xã |": a header whose columns are tiers
    (two or more, each cell one tier and nothing else, or each one tier's share of an indicator), so that
    its rows are years. True if it is one."""
    cols, named = {}, {}
    for j, (_, _, t) in enumerate(cells):
        found = find_tiers(t, city, abbr) if t else []
        if len(found) == 1 and len(t.strip(" *")) <= found[0].end - found[0].start + 4:
            cols[j] = found[0]
        elif len(found) == 1 and (ind := classify(t, found[0].sector, "percent",
                                                   names=((found[0].start, found[0].end),))):
            # "| Năm | Tỷ lệ thư viện cấp xã cung cấp dịch vụ HTSĐ (%) | Tỷ lệ nhà văn hóa thôn có câu lạc bộ (%) |":
            # each column one tier's share of one indicator
            cols[j], named[j] = found[0], ind[0]
    if len(cols) < 2 or any(find_quantities(t) for _, _, t in cells) or named and len(named) < len(cols):
        return False
    state.tier_cols = cols
    state.col_indicators = named
    state.col_units = {j: "%" for j in named if _PERCENT_HEADER.search(cells[j][2])}
    return True


def _transposed_row(line: str, offset: int, cells, state: TableState, section_id: str,
                    targets: list[Target], warnings: Optional[list[PlanWarning]] = None) -> None:
    """A row of a table whose columns are tiers: "| 2025 | 100% | 70% | 40% |" gives one target per
    tier column, for the row's year, under the indicator of the caption or of a group row; a row naming
    its indicator ("| Ứng dụng công nghệ thông tin ... | 2025: 100% / 2030: 100% | ...") gives each
    value the year written before it in its cell. A row of what was ("| Hiện trạng năm 2025 | ...")
    is background."""
    if not cells:
        return
    label = cells[0][2]
    year = _cell_year(label, find_years, target_rules().period)
    indicator = state.indicator
    if year is None:
        found = classify(label, None, "percent")
        indicator = found[0] if found else None
    if indicator is None and not (year is not None and state.col_indicators):
        return
    bg = target_rules().background_column
    if year is not None and (bg is not None and bg.search(label) or state.issued and year < state.issued):
        for j in state.tier_cols:
            if j < len(cells):
                _background_values(cells[j][2], offset + cells[j][0], year, warnings)
        return
    for j, tier in state.tier_cols.items():
        if j < len(cells):
            _tier_column_targets(line, offset, cells, j, tier, indicator, year, state, section_id, targets)


def _tier_column_targets(line: str, offset: int, cells, j: int, tier: TierMention, indicator: Optional[str],
                         year: Optional[int], state: TableState, section_id: str, targets: list[Target]) -> None:
    """The targets of one tier column's cell of a row of years. A column of another sector than the
    caption's indicator ("Bảng 1. Tỷ lệ thư viện, bảo tàng cung cấp dịch vụ ..." over a column "Bảo
    tàng tỉnh") takes its own sector's member of the indicator's family, in the band an auditor checks."""
    conf = 0.9 if state.caption else 1.0
    indicator = state.col_indicators.get(j, indicator)
    if indicator is None:
        return
    if tier.sector != indicator_info(indicator).sector:
        indicator, conf = counterpart(indicator, tier, year), COUNTERPART_CONFIDENCE
        if indicator is None:
            return
    qs = find_quantities(cells[j][2]) or (_with_unit(cells[j][2], state.col_units[j]) if j in state.col_units else [])
    dated = [(qs[0], year)] if year is not None and len(qs) == 1 else (
        _dated_in_cell(cells[j][2], qs) if year is None and qs else [])
    for q, y in dated:
        a, b = cells[0][0], cells[j][0] + q.end
        targets.append(Target(
            section_id=section_id, sector=tier.sector, indicator=indicator, subject=tier.code, year=y,
            value=q.value, value_max=q.value_max, unit=q.unit, comparator=q.comparator, implicit=False,
            quote=line[a:b], start_char=offset + a, end_char=offset + b, method="rule",
            confidence=conf, rule="table_tier_columns" if conf >= 0.9 else "table_tier_columns+counterpart",
        ))


def _merged(cells, label_start: int) -> bool:
    """Does the row leave empty the cells before its label (what a merged cell of a Word table becomes)?"""
    before = [t for a, _, t in cells if a < label_start]
    return bool(before) and not any(t.strip() for t in before)
