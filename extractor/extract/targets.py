"""Extract every numeric commitment of a plan: one Target per (indicator, subject, year).

The plan is walked block by block through its goals and tasks parts: a table goes to
target_tables.py, every other block is cut into statements that statement.py reads (spans,
then composition rules in groups.py, then ranked choices). This module keeps what spans
statements: the year a heading or a lead-in gives its items, the indicator a lead-in names,
what a sentence may refer back to, and one row per (indicator, subject, year) in the end.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Optional

from ..core.models import PlanWarning, SegmentedPlan, Target, first_plan_year
from .cues import Classifier, classify, dating_years, find_years, lead_indicators, only_sector, target_rules
from .quantities import has_quantity, opens_yearly
from .ranking import Ranker, Recorder
from .statement import Statement, read_statement
from .target_tables import TableState, defined_marks, is_table_row, table_row
from .tiers import TierMention, abbreviations, bare_head, find_tiers
from .years import listed_run
from .unexplained import unexplained_numbers


def extract_targets(plan: SegmentedPlan, classifier: Optional[Classifier] = None,
                    city: Optional[bool] = None, ranker: Optional[Ranker] = None,
                    recorder: Optional[Recorder] = None) -> tuple[list[Target], list[PlanWarning]]:
    """Every numeric commitment in the goals and tasks sections of a plan.

    `classifier` names indicators and tiers the rules do not know; `ranker` chooses among
    candidate readings (the fixed rule-priority ranker when None); `recorder` watches every choice.
    """
    from ..structure.provinces import all_provinces

    if city is None:
        city = any(p.name == plan.metadata.province and p.kind == "thanh_pho" for p in all_provinces())
    w = _Walk(plan, city, classifier, ranker, recorder)
    kinds = target_rules().kinds
    for bi, block in enumerate(plan.blocks):
        section = w.by_id.get(block.section_id)
        if section is None or section.kind not in kinds:  # preamble, closing
            continue
        if block.section_id != w.ctx_section:
            w.ctx_section, w.ctx_year, w.prev = block.section_id, _heading_year(w.by_id, block.section_id), None
            w.header_block = None
            w.listed = w.labelled = None
        btext = plan.text[block.start_char:block.end_char]
        if "|" in btext and any(is_table_row(ln) for ln in btext.split("\n")):
            _read_table(w, btext, block, section)
            continue
        w.table = w.table.next_table()  # any other block ends a table
        valued = has_quantity(btext) or _none_left_in(btext)
        if not _is_unit_line(btext.strip()):  # a unit line ("Đơn vị tính: %") between caption and table keeps it
            w.caption = None if valued else _caption(btext)
        w.caption_unit = "" if valued else _caption_unit(btext)
        if _lead_in(w, bi, block, btext, valued) or not valued:
            continue
        last = _read_block(w, block, btext, section)
        if btext.rstrip().endswith(":"):
            # "- Phấn đấu 100% thư viện tỉnh ... Đối với các loại hình khác, tỷ lệ thư viện có cung cấp dịch
            # vụ ... như sau:": an item ending in a lead-in sentence leads its own items.
            named = lead_indicators(last) if last and not has_quantity(last) else {}
            if named:
                w.leads[bi] = named
    targets = _dedupe(w.targets)
    said = [x for x in w.warnings if x.code in ("unclassified_target", "past_value", "superseded_target")]
    return targets, w.warnings + unexplained_numbers(plan, targets, said)


@dataclass
class _Walk:
    """What the walk through a plan's blocks carries from one block to the next."""

    plan: SegmentedPlan
    city: bool
    classifier: Optional[Classifier]
    ranker: Optional[Ranker]
    recorder: Optional[Recorder]
    targets: list[Target] = field(default_factory=list)
    warnings: list[PlanWarning] = field(default_factory=list)
    ctx_section: Optional[str] = None
    ctx_year: Optional[int] = None
    header_block: Optional[int] = None  # the year header line ctx_year comes from (None: the part's heading)
    prev: Optional[Statement] = None
    table: TableState = field(default_factory=TableState)
    listed: Optional[dict[str, str]] = None  # what the lead-in line just before a run of bullets names
    labelled: Optional[dict[str, str]] = None  # what the last "Chỉ tiêu 2: Tỷ lệ ..." line with no value names
    # What that lead-in's list is made of: "bullets" (after a paragraph), "siblings" (bullets of the
    # lead-in's own mark: only "<tier>: value" items) or "items" (lettered "a) <tier>: value;" items).
    list_of: Optional[str] = None
    caption: Optional[str] = None  # the indicator a short line with no value right before a table names
    caption_unit: str = ""  # the unit that line gives the table's bare numbers ("(Đơn vị tính: %)")
    leads: dict[int, dict[str, str]] = field(default_factory=dict)  # block -> sector -> indicator its items take
    lead_years: dict[int, int] = field(default_factory=dict)  # block -> the year its lead-in names for its items
    listed_year: Optional[int] = None  # the year of the lead-in line `listed` comes from
    numbered: dict[str, str] = field(default_factory=dict)  # "(9)" -> the indicator its item was read under
    numbered_rows: dict[str, list[Target]] = field(default_factory=dict)  # "(2)" -> the shares its item stored
    by_year: dict[tuple[str, int], Statement] = field(default_factory=dict)  # (indicator, year) -> its statement
    last_lead: Optional[dict[str, str]] = None  # what the last lead-in named: "tỷ lệ nêu trên" names it back
    lead_runs: dict[int, tuple[int, ...]] = field(default_factory=dict)  # block -> the years its lead-in lists

    def __post_init__(self):
        self.by_id = {s.section_id: s for s in self.plan.sections}
        self.abbr = abbreviations(self.plan.text)  # "thư viện (sau đây gọi tắt là TV)": "TV tỉnh" is a tier
        # "“x” là 100%": what a table's marks are; the plan's first year: a column dated before it is background
        self.table = TableState(marks=defined_marks(self.plan.text), issued=first_plan_year(self.plan.metadata))


def _read_table(w: _Walk, btext: str, block, section) -> None:
    """A block holding table rows, under the caption above it or in it (target_tables.py)."""
    above = _lines_above_table(btext)
    w.caption = _caption(above) or w.caption
    w.caption_unit = _caption_unit(above) or w.caption_unit
    if w.table.indicator is None and not w.table.years and w.caption:
        # "Bảng 1. Tỷ lệ thư viện có cung cấp dịch vụ ...": the caption names the table's indicator.
        w.table.indicator, w.table.caption = w.caption, True
    if not w.table.years and w.caption_unit:
        w.table.caption_unit = w.caption_unit
    w.table = _table_block(btext, block.start_char, w.table, section.section_id, w.city, w.abbr,
                           w.plan.metadata, w.ctx_year, w.targets, w.warnings)
    w.prev = None


def _lead_in(w: _Walk, bi: int, block, btext: str, valued: bool) -> bool:
    """Note what a lead-in line names for its items ("Tỷ lệ thư viện có ... đạt:"), and the year a
    year header gives them ("Đến năm 2030:"); True when the block is only such a header."""
    if not valued and target_rules().indicator_label.match(btext):
        # "Chỉ tiêu 2: Tỷ lệ thư viện ứng dụng công nghệ thông tin ...", then paragraphs of values: the
        # label names the indicator of every block up to the next label or the end of the part.
        w.labelled = lead_indicators(btext) or None
    if valued or not btext.rstrip().endswith(":"):
        if not _in_list(w.list_of, block, btext):
            w.listed = None
        return False
    named = lead_indicators(btext)
    if not named and w.last_lead and target_rules().refer_back.search(btext):
        named = w.last_lead  # "- Đến năm 2030, tỷ lệ nêu trên đạt:": the previous lead-in's indicator
    header_years = dating_years(btext)
    year = header_years[-1][1] if header_years else None
    if named:
        w.last_lead = named
        run = listed_run(btext, len(btext))
        if run:  # "Tỷ lệ ... đến năm 2027 và đến năm 2030:" then "+ Thư viện tỉnh: 100% và 100%;"
            w.lead_runs[bi] = tuple(run)
        # "- Đến năm 2025, tỉ lệ thư viện ... đạt như sau:" then "+ Thư viện cấp huyện (đạt 70%);": the
        # items take the lead-in's indicator and its year.
        w.leads[bi] = named
        if year:
            w.lead_years[bi] = year
        list_of = _list_after(w.plan.blocks, bi)
        if list_of:
            w.listed, w.list_of, w.listed_year = named, list_of, year
    # A lead-in's year is its items' ("- Đến năm 2030, tỷ lệ thư viện ...:" then "+ Thư viện tỉnh: 100%;"),
    # not the part's: a later "Hằng năm, ... ít nhất 04 cuộc" is every year's, not 2030's.
    owned = named and (w.listed is named or any(b.parent == bi for b in w.plan.blocks[bi + 1:bi + 2]))
    if year and len(btext) <= target_rules().header_max and not owned:
        if w.listed is not None and not named:
            # "... tỷ lệ thư viện đạt yêu cầu như sau:", "Đến năm 2027:" items, then "Đến năm 2030:" items:
            # the list goes on under the lead-in's indicator, dated by the later header (its items' year,
            # not the part's: a "Hằng năm, ..." bullet after the list is every year's).
            w.listed_year = year
        else:
            w.ctx_year, w.header_block = year, bi
        return True
    return False


def _beside_header(w: _Walk, block, sentence: str) -> bool:
    """"- Đến năm 2030:" with its "+" items, then "- Hằng năm, Thư viện tỉnh tổ chức ít nhất 06 cuộc ...": a
    sentence opening "every year" and naming no year, in a block that is no item of the year header above
    it, is every year's, not the header's (an item of it takes its year: "+ Hằng năm, ..." under it)."""
    if w.header_block is None or not opens_yearly(sentence) or find_years(sentence):
        return False
    parent, depth = block.parent, 0
    while parent is not None and depth < 4:
        if parent == w.header_block:
            return False
        parent, depth = w.plan.blocks[parent].parent, depth + 1
    return True


def _list_after(blocks, bi: int) -> Optional[str]:
    """What the list a lead-in block `bi` opens is made of (see _Walk.list_of), or None when its
    items are its children (a bullet's "+" items take its lead through their parent)."""
    this = blocks[bi]
    nxt = blocks[bi + 1] if bi + 1 < len(blocks) else None
    if nxt is not None and nxt.kind == "item" and nxt.parent is None and nxt.section_id == this.section_id:
        return "items"  # "- Tỷ lệ ... đạt như sau:" then "a) Thư viện trường đại học: 95%;"
    if this.kind != "bullet":
        return "bullets"
    if (nxt is not None and nxt.kind == "bullet" and nxt.parent == this.parent and nxt.marker == this.marker
            and nxt.section_id == this.section_id):
        return "siblings"  # "- Đến năm 2030, tỷ lệ ... đạt:" then "- Thư viện cấp tỉnh: 100%;"
    return None


def _in_list(list_of: Optional[str], block, btext: str) -> bool:
    """Does this block go on the list a lead-in opened? A paragraph ends any list; a lettered item
    ends a list of bullets; a bullet ends a list of items; beside a lead-in bullet, or among
    lettered items, only "<tier>: value" items go on."""
    if list_of == "items":
        return block.kind == "item" and bool(target_rules().lead_item.match(btext))
    if block.kind != "bullet":
        return False
    return list_of != "siblings" or bool(target_rules().lead_item.match(btext))


def _read_block(w: _Walk, block, btext: str, section) -> str:
    """Read the statements of a block with values; returns its last sentence."""
    lead = w.leads.get(block.parent) if block.parent is not None else None
    lead_year = w.lead_years.get(block.parent) if lead is not None else None
    lead_run = w.lead_runs.get(block.parent, ()) if lead is not None else ()
    if lead is None:
        lead = w.listed or w.labelled or _heading_lead(w.by_id, w.plan.text, block.section_id) or _inline_lead(btext)
        lead_year = w.listed_year if w.listed else None
    label = target_rules().item_year_label
    m = label.match(btext) if label is not None and lead_year is None else None
    lead_year = int(m.group("y")) if m else lead_year  # "b) Đến năm 2030: ...; ...": the whole item's year
    if w.prev is not None:
        w.prev.same_block = False  # what a sentence may take from the previous one without saying so
    last = ""
    past = None  # the year a paragraph of past figures opens with ("Năm 2022, toàn tỉnh có ...")
    part_sector = only_sector(section.heading or "") if section.level > 1 else None
    part_tier = _part_tier(section.heading or "", w) if section.level > 1 else None
    first_row = len(w.targets)
    # the old target an amending plan replaces is not read at all (its values would contend with the new ones)
    for piece, p_off, header_year in _pieces(_without_superseded(btext), block.start_char):
        if header_year:  # "Đến năm 2030:" left at the end of an item: it dates what follows
            w.ctx_year, w.prev, last = header_year, None, piece
            continue
        clause_year, yearly, milestones = None, _under_yearly_heading(w.by_id, block.section_id), ()
        for sentence, s_off in _sentences(piece, p_off):
            ctx_year = None if _beside_header(w, block, sentence) else w.ctx_year
            w.prev = read_statement(sentence, s_off, w.plan, section.section_id, w.city, past or lead_year or ctx_year,
                                    _statement_named(w, sentence) or w.prev, w.classifier, w.targets, w.warnings, lead, ranker=w.ranker,
                                    recorder=w.recorder, trust=target_rules().kinds[section.kind],
                                    carried_year=clause_year, carried_yearly=yearly,
                                    carried_milestones=milestones or lead_run,
                                    abbr=w.abbr, part_sector=part_sector, referred=_referred(w, sentence),
                                    part_tier=part_tier)
            if not has_quantity(sentence):
                _values_by_reference(w, sentence, s_off, section.section_id)
            _note_years(w)
            _number_item(w, sentence)
            if not last and block.kind == "paragraph":
                past = _past_opening(sentence, w.plan.metadata)
            clause_year = _clause_year(sentence, clause_year)
            yearly = _goes_on(sentence) and (yearly or opens_yearly(sentence))
            milestones = (tuple(listed_run(sentence, len(sentence))) or milestones) if _goes_on(sentence) else ()
            last = sentence
    _drop_superseded(w, btext, block.start_char, first_row)
    return last


def _part_tier(heading: str, w: _Walk):
    """The one institution a part's heading names ("b) Bảo tàng tỉnh"), if it names exactly one; its
    position is the heading's, not the statement's (TierMention span (0, 0))."""
    tiers = {t.code: t for t in find_tiers(heading, w.city, w.abbr)}
    if len(tiers) != 1:
        return None
    t = next(iter(tiers.values()))
    # a sector's head noun alone ("a) Thư viện") names a sector, not an institution
    return None if bare_head(heading, t) else TierMention(t.code, t.sector, 0, 0)


def _referred(w: _Walk, sentence: str) -> Optional[str]:
    """The indicator of the numbered item a sentence names back ("đạt chỉ tiêu (9)"), if it was read."""
    rx = target_rules().numbered_ref
    m = rx.search(sentence) if rx is not None and "chỉ tiêu" in sentence else None
    return w.numbered.get(m.group("n")) if m else None


_NUMBER_REACH = 48  # characters: an item's number stands at its start, after a year label at most


def _number_item(w: _Walk, sentence: str) -> None:
    """Note the indicator of an inline numbered item ("(9) ...") for a later "chỉ tiêu (9)"."""
    rx = target_rules().numbered_item
    m = rx.match(sentence) if rx is not None and "(" in sentence[:_NUMBER_REACH] else None
    if m and w.prev is not None and w.prev.indicator:
        w.numbered[m.group("n")] = w.prev.indicator
        w.numbered_rows[m.group("n")] = list(w.prev.rows)


def _note_years(w: _Walk) -> None:
    """Note the statement just read under its indicator and each year of its shares (`_statement_named`)."""
    st = w.prev
    if st is not None and st.indicator and st.groups:
        for year in {t.year for t in st.rows if t.year is not None and t.indicator == st.indicator}:
            w.by_year[(st.indicator, year)] = st


def _statement_named(w: _Walk, sentence: str) -> Optional[Statement]:
    """The statement a sentence spreads its values over by naming its year ("... đối với các nhóm thư viện
    tương ứng nêu tại chỉ tiêu năm 2027") or its place ("... nêu tại gạch đầu dòng thứ nhất điểm a"): the one of
    that year (else the latest) of the sentence's own indicator, else None."""
    r = target_rules()
    m = r.statement_ref.search(sentence) if r.statement_ref is not None and "chỉ tiêu" in sentence else None
    place = r.statement_ref_place.search(sentence) if m is None and r.statement_ref_place is not None else None
    found = classify(sentence, None, "percent") if m or place else None
    if not found:
        return None
    if m:
        year = int(m.group("y"))
        st = w.by_year.get((found[0], year))
    else:  # "... nêu tại gạch đầu dòng thứ nhất điểm a": the latest statement of its indicator
        latest = [(k, v) for k, v in w.by_year.items() if k[0] == found[0]]
        (_, year), st = latest[-1] if latest else ((None, None), None)
    if st is None:
        return None
    # its groups are those its own rows of that year are for, from its end (a run before it may be listed too)
    own = {t.subject for t in st.rows if t.indicator == found[0] and t.year == year}
    groups: list = []
    for g in reversed(st.groups):
        if not all(t.code in own for t in g):
            break
        groups.insert(0, g)
    return replace(st, groups=groups, run=[], same_block=True) if groups else None


REFERENCE_CONFIDENCE = 0.85  # values taken from a numbered item named back: not written here


def _values_by_reference(w: _Walk, sentence: str, s_off: int, section_id: str) -> None:
    """"(5) Thư viện cơ sở giáo dục phổ thông, thư viện cơ sở giáo dục nghề nghiệp đạt chỉ tiêu (2);": tiers
    with no value of their own given the values of a numbered item named back: that item's share of each
    year again for each tier, implicit, in the band an auditor checks. Only when the item has one value a
    year (of several tiers' different values none is "the" value)."""
    rx = target_rules().numbered_ref
    m = rx.search(sentence) if rx is not None and "chỉ tiêu" in sentence else None
    rows = [t for t in w.numbered_rows.get(m.group("n"), []) if t.unit == "percent"] if m else []
    by_year: dict = {}
    for t in rows:
        by_year.setdefault(t.year, set()).add(t.value)
    tiers = [t for t in find_tiers(sentence, w.city, w.abbr) if t.end <= m.start()] if rows else []
    if not tiers or any(len(v) > 1 for v in by_year.values()):
        return
    start, end = tiers[0].start, m.end()
    for tier in tiers:
        for t in (t for t in rows if t.subject == rows[0].subject):
            w.targets.append(t.model_copy(update=dict(
                section_id=section_id, subject=tier.code, implicit=True, quote=sentence[start:end],
                start_char=s_off + start, end_char=s_off + end, rule="value_by_reference",
                confidence=round(min(t.confidence, 1.0) * REFERENCE_CONFIDENCE, 3))))


def _superseded_spans(btext: str) -> list[tuple[int, int]]:
    """Spans of the quoted old targets an amending plan replaces (rules/targets.yaml `superseded`)."""
    rx = target_rules().superseded
    if rx is None or "chỉ tiêu" not in btext:
        return []
    return [m.span("old") for m in rx.finditer(btext)]


def _without_superseded(btext: str) -> str:
    """The block with each replaced old target blanked out, same length (offsets stay valid)."""
    for a, b in _superseded_spans(btext):
        btext = btext[:a] + "".join("\n" if c == "\n" else " " for c in btext[a:b]) + btext[b:]
    return btext


def _drop_superseded(w: _Walk, btext: str, b_off: int, first_row: int) -> None:
    """Rows read inside the quoted old target an amending plan replaces ("Thay thế chỉ tiêu “...” bằng
    chỉ tiêu: “...”") are no commitment: dropped, and the old target reported once (`superseded_target`)."""
    spans = [(b_off + a, b_off + b) for a, b in _superseded_spans(btext)]
    if not spans:
        return
    inside = [t for t in w.targets[first_row:] if any(a <= t.start_char < b for a, b in spans)]
    w.targets[first_row:] = [t for t in w.targets[first_row:] if t not in inside]
    for a, b in spans:
        w.warnings.append(PlanWarning(code="superseded_target", start_char=a, end_char=b,
                                      message=f"a target this plan replaces or drops, not stored: {w.plan.text[a:b][:160]}"))


INLINE_LABEL_MAX = 200  # characters: an item's label before its colon names a topic, not a sentence


def _inline_lead(btext: str) -> Optional[dict[str, str]]:
    """The indicator an item's own label names before its colon ("- Ứng dụng công nghệ thông tin và
    chuyển đổi số trong quản lý ...: Thư viện tỉnh hoàn thành 100% trong năm 2025; đến năm 2025 tối
    thiểu 60% thư viện cấp huyện ..."): every clause of the item is of it, as items under a lead-in are."""
    colon = btext.find(":")
    if colon < 0 or colon > INLINE_LABEL_MAX or any(ch.isdigit() for ch in btext[:colon]):
        return None
    return lead_indicators(btext[:colon]) or None


def _none_left_in(btext: str) -> bool:
    """Does the block hold a double negative that is a full share ("không còn ... nào chưa ...")?"""
    rx = target_rules().none_left
    return rx is not None and "nào" in btext and rx.search(btext) is not None


def _past_opening(sentence: str, meta) -> Optional[int]:
    """The year before the plan's own a paragraph opens with ("Năm 2022, toàn tỉnh có 01 Thư viện
    tỉnh ..."): a paragraph of the situation, whose later sentences with no year are of it too."""
    m = target_rules().past_opening.match(sentence)
    issued = first_plan_year(meta)
    return int(m.group("y")) if m and issued and int(m.group("y")) < issued else None


CAPTION_MAX = 240  # characters: a caption names an indicator in a line; a longer text is a paragraph


def _lines_above_table(btext: str) -> str:
    """The caption written in the same block right above its first table row (`caption_text`)."""
    before = []
    for line in btext.split("\n"):
        if is_table_row(line):
            break
        before.append(line)
    return caption_text(before)


CAPTION_LINES = 3  # a caption wraps over two lines at most, with a unit line ("Đơn vị tính: %") under it


def caption_text(lines: list[str]) -> str:
    """The caption a run of lines ends in: the last lines but a unit line ("Bảng 2. Tỷ lệ thư viện ứng dụng
    ..., / tổ chức hoạt động ...", "Đơn vị tính: %"), a line wrapped into the next (lower case) joined to it.
    A line ending in ":" leads in the caption: it is not part of it. The unit line is kept, for
    `_caption_unit`."""
    kept: list[str] = []
    for line in reversed([ln.strip() for ln in lines if ln.strip()][-CAPTION_LINES:]):
        if kept and (line.endswith(":") or not kept[0][:1].islower() and not _is_unit_line(kept[0])):
            break  # a lead-in, or the caption's own first line is already in
        kept.insert(0, line)
    return " ".join(kept)


def _is_unit_line(line: str) -> bool:
    rx = target_rules().caption_unit
    return rx is not None and len(line) <= 40 and bool(rx.search(line))


def _caption_unit(btext: str) -> str:
    """"%" when a short line with no value gives it as the unit of the table under it ("(Đơn vị tính: %)")."""
    rx = target_rules().caption_unit
    return "%" if rx is not None and len(btext) <= CAPTION_MAX and rx.search(btext) else ""


def _caption(btext: str) -> Optional[str]:
    """The one indicator a short line with no value names (a table's caption), else None."""
    if not btext or len(btext) > CAPTION_MAX or has_quantity(btext):
        return None
    named = set(lead_indicators(btext).values())
    return named.pop() if len(named) == 1 else None


def _goes_on(sentence: str) -> bool:
    """Was the sentence cut at a ";" (or ","): does the next clause go on with it?"""
    return sentence.rstrip().endswith((";", ","))


def _clause_year(sentence: str, current: Optional[int]) -> Optional[int]:
    """The year the next clause of the same sentence takes when it names none: "Đến năm 2025, A đạt
    70%; B đạt 20%; C đạt 100%." dates all three. Cut at a ";" (or at ", đồng thời"), a clause goes on;
    at a full stop the sentence ends and so does its year."""
    years = find_years(sentence)
    if not _goes_on(sentence):
        return None
    return years[-1][1] if years else current


def _pieces(btext: str, offset: int):
    """(text, offset, None) runs of a block, and (line, offset, year) for each year header line in it
    (short, ends with ":", names a year, no value: "Đến năm 2030:"). Most blocks are one run."""
    r = target_rules()
    start = pos = 0
    for line in btext.split("\n"):
        stripped = line.strip()
        years = dating_years(stripped) if stripped.endswith(":") and len(stripped) <= r.header_max else []
        if years and pos and not has_quantity(stripped):
            if btext[start:pos].strip():
                yield btext[start:pos], offset + start, None
            yield line, offset + pos, years[-1][1]
            start = pos + len(line) + 1
        pos += len(line) + 1
    if btext[start:].strip():
        yield btext[start:], offset + start, None


def _sentences(btext: str, offset: int):
    """(sentence, its offset in the plan) of a block, cut by rules/targets.yaml `sentence_split`."""
    pos = 0
    for sentence in _outside_brackets(target_rules().split.split(btext), btext):
        s_off = offset + btext.index(sentence, pos)
        pos = s_off - offset + len(sentence)
        yield sentence, s_off


def _outside_brackets(pieces: list[str], btext: str) -> list[str]:
    """Pieces joined back where a cut fell inside a bracket ("(năm 2025: 70%; năm 2030: 90%)")."""
    out: list[str] = []
    pos = 0
    for piece in pieces:
        at = btext.index(piece, pos)
        if out and out[-1].count("(") > out[-1].count(")"):
            start = pos - len(out[-1])
            out[-1] = btext[start:at + len(piece)]
        else:
            out.append(piece)
        pos = at + len(piece)
    return out


def _heading_year(by_id: dict, sid: Optional[str]) -> Optional[int]:
    """The year the nearest dated heading gives its items ("1. Giai đoạn 2023 - 2025", "a) Đến năm 2027").
    A heading naming several milestones ("2. Mục tiêu cụ thể đến năm 2027 và năm 2030") dates none of
    its items: each says its own, or is for every year."""
    while sid:
        s = by_id[sid]
        ys = dating_years(s.heading or "") if s.level > 1 else []
        if ys:
            return ys[-1][1] if len({y for _, y in ys}) == 1 else None
        if _yearly_heading(s):
            return None  # "d) Chỉ tiêu thực hiện hằng năm": every year, not the year of the part above
        sid = s.parent_id
    return None


def _yearly_heading(section) -> bool:
    """Does a heading naming no year say its items are yearly ("Chỉ tiêu thực hiện hằng năm")?"""
    rx = target_rules().yearly_heading
    return section.level > 1 and rx is not None and bool(rx.search(section.heading or ""))


def _under_yearly_heading(by_id: dict, sid: Optional[str]) -> bool:
    """Is the nearest heading that dates anything a yearly one (_yearly_heading)?"""
    while sid:
        s = by_id[sid]
        if s.level > 1 and dating_years(s.heading or ""):
            return False
        if _yearly_heading(s):
            return True
        sid = s.parent_id
    return False


def _heading_lead(by_id: dict, text: str, sid: Optional[str]) -> Optional[dict[str, str]]:
    """"a) Tỷ lệ thư viện ứng dụng ... đạt:" as a heading: its items take the indicator it names."""
    s = by_id.get(sid)
    heading = (s.heading or "") if s is not None else ""
    if s is None or s.level < 2 or not (heading.rstrip().endswith(":") or text[s.end_char - 1:s.end_char] == ":"):
        return None
    return lead_indicators(heading) or None


def _table_block(btext: str, b_off: int, table: TableState, section_id: str, city: bool, abbr: tuple, meta,
                 ctx_year, targets: list[Target], warnings: list[PlanWarning]) -> TableState:
    """The rows of a table (target_tables.py), dated like statements when their column names no year;
    a line between rows ("Bảng 2. Tỷ lệ thư viện ứng dụng ...") ends the table and may caption the next.
    Returns the state of the table the block ends in (a table may go on in the next block)."""

    def fallback_year(unit: str) -> Optional[int]:
        return ctx_year or meta.plan_year or (None if unit == "count_per_year" else meta.horizon_year)

    pos, in_rows, seen = 0, False, False
    between: list[str] = []  # the lines since the last row: the next table's caption
    for line in btext.split("\n"):
        if is_table_row(line):
            table_row(line, b_off + pos, table, section_id=section_id, city=city, fallback_year=fallback_year,
                      targets=targets, warnings=warnings, abbr=abbr)
            in_rows = seen = True
            between = []
        elif seen and line.strip():
            if in_rows:
                table, in_rows = table.next_table(), False
            between.append(line)
            above = caption_text(between)
            caption = _caption(above)
            if caption:
                table.indicator, table.caption = caption, True
            table.caption_unit = _caption_unit(above) or table.caption_unit
        pos += len(line) + 1
    return table


def _dedupe(targets: list[Target]) -> list[Target]:
    """One row per (indicator, subject, year, unit): the first statement wins, later repeats are dropped."""
    seen: set = set()
    out = []
    for t in targets:
        key = (t.indicator, t.subject, t.year, t.unit, t.value, t.value_max)
        if key in seen:
            continue
        seen.add(key)
        out.append(t)
    return out


def extract_from_text(statement: str, *, city: bool = False, horizon_year: Optional[int] = 2030,
                      plan_year: Optional[int] = None, classifier: Optional[Classifier] = None) -> list[Target]:
    """Targets of one goals-section statement, in a plan with the given horizon (examples, tests, quick checks).

    >>> [(t.subject, t.year, t.value) for t in extract_from_text("Đến năm 2025, đạt 70% thư viện cấp huyện có cung cấp dịch vụ phục vụ học tập suốt đời.")]
    [('district_public', 2025, 70.0)]
    """
    return extract_from_text_with_warnings(statement, city=city, horizon_year=horizon_year, plan_year=plan_year,
                                           classifier=classifier)[0]


def extract_from_text_with_warnings(statement: str, *, city: bool = False, horizon_year: Optional[int] = 2030,
                                    plan_year: Optional[int] = None, classifier: Optional[Classifier] = None):
    """(targets, warnings) of one goals-section statement: what extract_from_text reads, and what it reported."""
    from ..core.models import Metadata
    from ..read.normalise import normalise
    from ..structure.segment import segment

    norm = normalise("II. MỤC TIÊU\n- " + statement)
    sections, blocks = segment(norm)
    plan = SegmentedPlan.model_construct(text=norm.text, sections=sections, blocks=blocks,
                                         metadata=Metadata(horizon_year=horizon_year, plan_year=plan_year))
    return extract_targets(plan, classifier=classifier, city=city)
