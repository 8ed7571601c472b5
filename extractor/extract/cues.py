"""What every target reader shares: the rules of rules/targets.yaml and rules/indicators.yaml,
target years, indicator cues, sectors, quotes, and the row kept for a quantity no indicator fits.

Imported by the statement reader (targets.py) and the table reader (target_tables.py).
"""
from __future__ import annotations

import functools
from typing import Callable, Optional

import regex
from pydantic import BaseModel

from ..core import patterns
from ..core.models import PlanWarning
from ..core.rules import load_rules
from .quantities import Quantity

class _IndicatorRule(BaseModel):
    sector: str
    units: list[str]
    cues: list[str]


class _IndicatorRules(BaseModel):
    indicators: dict[str, _IndicatorRule]
    sector_cues: dict[str, list[str]]
    counterparts: list[list[str]] = []
    examples: list[dict] = []
    counterexamples: list[str] = []
    untracked_counts: list[str] = []
    untracked_examples: list[str] = []
    untracked_counterexamples: list[dict] = []


class _TargetRules(BaseModel):
    section_kinds: dict[str, float]
    year: str
    period: str
    not_year_before: str
    year_header_max_chars: int
    list_gap: str
    distribute_cues: list[str]
    passive_predicate: str = ""
    shared_rate: str = ""
    anaphora_cues: list[str]
    refer_back_cues: list[str]
    sentence_split: str
    model_tier_phrase: str
    model_min_confidence: float  # read by model_store for the classifier's threshold
    model_max_confidence: float  # the ceiling of a row only the model vouches for (statement.py)
    ratio_cue: str
    tight_tier_value: str
    tight_value_tier: str
    year_right_after_value: str
    tier_head: str
    subject_lead: str
    also_predicate: str
    value_list_gap: str
    bracket_dated: str
    per_year_label: str
    year_right_before_value: str
    count_place: str
    bracket_value: str
    dated_value: str
    year_list_gap: str
    milestones_back: str = ""
    lead_item: str
    indicator_label: str
    past_opening: str
    also_year_gap: str
    maintained_gap: str = ""
    maintained_after: str = ""
    maintained_clause: str = ""
    maintained_tier: str = ""
    bare_run_rest: str = ""
    falling_rate: str = ""
    milestones_after: str = ""
    cell_mark: str = ""
    none_left: str = ""
    superseded: str = ""
    set_apart: str = ""
    back_to_tiers: str = ""
    yearly_heading: str = ""
    listing_cue: str = ""
    month_year: str = ""
    for_tier_after: str = ""
    for_tier_gap_max: int = 200
    listing_pair: str = ""
    numbered_item: str = ""
    numbered_ref: str = ""
    background_column: str = ""
    same_milestone: str = ""
    keep_cell: str = ""
    caption_unit: str = ""
    period_cell: str = ""
    stretch_gap: str = ""
    count_object: str = ""
    statement_ref: str = ""
    statement_ref_place: str = ""
    milestones_named_before: str = ""
    own_phrase_after_value: str = ""
    item_year_label: str = ""
    years_after_values: str
    bare_year: str
    examples: list[dict] = []
    counterexamples: list[str] = []


class _Compiled:
    def __init__(self, t: _TargetRules, i: _IndicatorRules):
        f = regex.IGNORECASE
        self.kinds = t.section_kinds
        self.year = patterns.compile(t.year, f)
        self.period = patterns.compile(t.period, f)
        self.not_year_before = patterns.compile(t.not_year_before, f)
        self.header_max = t.year_header_max_chars
        self.gap = patterns.compile(t.list_gap, f)
        self.distribute = patterns.compile("|".join(map(regex.escape, t.distribute_cues)), f)
        self.shared_rate = patterns.compile(t.shared_rate, f) if t.shared_rate else None
        self.passive = patterns.compile(t.passive_predicate, f) if t.passive_predicate else None
        self.anaphora = patterns.compile("|".join(map(regex.escape, t.anaphora_cues)), f)
        self.refer_back = patterns.compile("|".join(map(regex.escape, t.refer_back_cues)), f)
        self.split = patterns.compile(t.sentence_split)
        self.model_tier_phrase = patterns.compile(t.model_tier_phrase, f)
        self.model_max_confidence = t.model_max_confidence
        self.ratio = patterns.compile(t.ratio_cue, f)
        self.tight_tv = patterns.compile(t.tight_tier_value, f)
        self.tight_vt = patterns.compile(t.tight_value_tier, f)
        self.year_after_value = patterns.compile(t.year_right_after_value, f)
        self.tier_head = patterns.compile(t.tier_head, f)
        self.subject_lead = patterns.compile(t.subject_lead, f)
        self.also_predicate = patterns.compile(t.also_predicate, f)
        self.value_list_gap = patterns.compile(t.value_list_gap, f)
        self.bracket_dated = patterns.compile(t.bracket_dated, f)
        self.per_year_label = patterns.compile(t.per_year_label, f)
        self.year_before_value = patterns.compile(t.year_right_before_value, f)
        self.at_place = patterns.compile(t.count_place, f)
        self.count_object = patterns.compile(t.count_object, f) if t.count_object else None
        self.statement_ref = patterns.compile(t.statement_ref, f) if t.statement_ref else None
        self.statement_ref_place = patterns.compile(t.statement_ref_place, f) if t.statement_ref_place else None
        self.milestones_named_before = patterns.compile(t.milestones_named_before, f) if t.milestones_named_before else None
        self.own_phrase = patterns.compile(t.own_phrase_after_value, f) if t.own_phrase_after_value else None
        self.item_year_label = patterns.compile(t.item_year_label, f) if t.item_year_label else None
        self.bracket = patterns.compile(t.bracket_value)
        self.dated_value = patterns.compile(t.dated_value, f)
        self.year_list_gap = patterns.compile(t.year_list_gap, f)
        self.milestones_back = patterns.compile(t.milestones_back, f) if t.milestones_back else None
        self.lead_item = patterns.compile(t.lead_item, f)
        self.indicator_label = patterns.compile(t.indicator_label, f)
        self.past_opening = patterns.compile(t.past_opening, f)
        self.also_year_gap = patterns.compile(t.also_year_gap, f)
        self.maintained_gap = patterns.compile(t.maintained_gap, f) if t.maintained_gap else None
        self.maintained_after = patterns.compile(t.maintained_after, f) if t.maintained_after else None
        self.maintained_clause = patterns.compile(t.maintained_clause, f) if t.maintained_clause else None
        self.maintained_tier = patterns.compile(t.maintained_tier, f) if t.maintained_tier else None
        self.bare_run_rest = patterns.compile(t.bare_run_rest, f) if t.bare_run_rest else None
        self.falling_rate = patterns.compile(t.falling_rate, f) if t.falling_rate else None
        self.milestones_after = patterns.compile(t.milestones_after, f) if t.milestones_after else None
        self.cell_mark = patterns.compile(t.cell_mark, f) if t.cell_mark else None
        self.none_left = patterns.compile(t.none_left, f) if t.none_left else None
        self.superseded = patterns.compile(t.superseded, f) if t.superseded else None
        self.set_apart = patterns.compile(t.set_apart, f) if t.set_apart else None
        self.back_to_tiers = patterns.compile(t.back_to_tiers, f) if t.back_to_tiers else None
        self.yearly_heading = patterns.compile(t.yearly_heading, f) if t.yearly_heading else None
        self.listing_cue = patterns.compile(t.listing_cue, f) if t.listing_cue else None
        self.month_year = patterns.compile(t.month_year, f) if t.month_year else None
        self.for_tier_after = patterns.compile(t.for_tier_after, f) if t.for_tier_after else None
        self.for_tier_gap_max = t.for_tier_gap_max
        self.listing_pair = patterns.compile(t.listing_pair, f) if t.listing_pair else None
        self.numbered_item = patterns.compile(t.numbered_item, f) if t.numbered_item else None
        self.numbered_ref = patterns.compile(t.numbered_ref, f) if t.numbered_ref else None
        self.background_column = patterns.compile(t.background_column, f) if t.background_column else None
        self.same_milestone = patterns.compile(t.same_milestone, f) if t.same_milestone else None
        self.keep_cell = patterns.compile(t.keep_cell, f) if t.keep_cell else None
        self.caption_unit = patterns.compile(t.caption_unit, f) if t.caption_unit else None
        self.period_cell = patterns.compile(t.period_cell, f) if t.period_cell else None
        self.stretch_gap = patterns.compile(t.stretch_gap, f) if t.stretch_gap else None
        self.years_after_values = patterns.compile(t.years_after_values, f)
        self.bare_year = patterns.compile(t.bare_year)
        from .tiers import spaced

        self.indicators = [
            (code, rule.sector, set(rule.units), patterns.compile(spaced(cue), f))
            for code, rule in i.indicators.items() for cue in rule.cues
        ]
        self.counterparts = [tuple(f) for f in i.counterparts]
        self.untracked_counts = [patterns.compile(spaced(c), f) for c in i.untracked_counts]
        self.sector_cues = [
            (sector, patterns.compile(rf"(?<!\p{{L}}){regex.escape(c)}(?!\p{{L}})", f))
            for sector, cues in i.sector_cues.items() for c in cues
        ]


@functools.lru_cache(maxsize=1)
def target_rules() -> _Compiled:
    return _Compiled(load_rules("targets.yaml", _TargetRules), load_rules("indicators.yaml", _IndicatorRules))


# A fallback classifier (the trained model): text -> (indicator, confidence) or None.
Classifier = Callable[[str, Optional[str], str], Optional[tuple[str, float]]]


def find_years(sentence: str) -> list[tuple[int, int]]:
    """(position, year) of each target-year mention; periods ("giai đoạn 2021 - 2030") are not years.

    >>> find_years("Đến năm 2025, đạt 70% và đến năm 2030, đạt 100%")
    [(0, 2025), (25, 2030)]
    """
    return [(start, year) for start, _, year in year_spans(sentence)]


@functools.lru_cache(maxsize=512)
def year_spans(sentence: str) -> tuple[tuple[int, int, int], ...]:
    """(start, end, year) of each target-year mention (the one place that leaves baselines out);
    cached because every value of a sentence asks for its years."""
    r = target_rules()
    return tuple((m.start(), m.end(), int(m.group("y"))) for m in r.year.finditer(sentence)
                 if not r.not_year_before.search(sentence[:m.start()]))


def dating_years(text: str) -> list[tuple[int, int]]:
    """Years a heading or a header line gives the items under it: "Đến năm 2025", or a period's
    last year ("1. Giai đoạn 2023 - 2025")."""
    return sorted(find_years(text) + [(m.start(), int(m.group("y"))) for m in target_rules().period.finditer(text)])


@functools.lru_cache(maxsize=256)
def cue_hits(text: str) -> tuple:
    """Every indicator cue in a text: (start, code, end, sector, units); a statement asks several times."""
    return tuple((m.start(), code, m.end(), ind_sector, units)
                 for code, ind_sector, units, rx in target_rules().indicators for m in rx.finditer(text))


def classify(text: str, sector: Optional[str], unit: str, after: int = 0,
             strict: bool = False, names: tuple[tuple[int, int], ...] = ()) -> Optional[tuple[str, int, int]]:
    """(indicator, cue start, cue end): the first cue at or after `after`, else (unless strict) the first anywhere.

    `names` are the spans of institution names in the text: a cue inside one is part of the name
    ("trung tâm văn hóa, thể thao và truyền thông cấp huyện" says nothing about communication).
    """
    best_after, best_any = None, None
    for start, code, end, ind_sector, units in cue_hits(text):
        if unit not in units or (sector and ind_sector not in (sector, "other")):
            continue
        if any(a <= start and end <= b for a, b in names):
            continue
        # At one place the longer cue of a sector is the more specific ("chương trình giáo dục trải nghiệm" is
        # a museum's event, though "chương trình giáo dục" starts there too); of two sectors, neither is.
        cand = (start, ind_sector, start - end, code, end)
        if start >= after and (best_after is None or cand < best_after):
            best_after = cand
        if best_any is None or cand < best_any:
            best_any = cand
    best = best_after if strict else (best_after or best_any)
    return (best[3], best[0], best[4]) if best else None


def untracked_count(text: str, start: int, end: int) -> bool:
    """Is the count at text[start:end] (its number and noun) one the taxonomy has no indicator for (a
    staff training class, rules/indicators.yaml `untracked_counts`)? The noun must begin within it."""
    for rx in target_rules().untracked_counts:
        m = rx.search(text, start, end + 40)
        if m and m.start() < end:
            return True
    return False


def indicator_units(code: str) -> tuple[str, ...]:
    """The units an indicator is written in (rules/indicators.yaml)."""
    return next((tuple(units) for c, _, units, _ in target_rules().indicators if c == code), ())


def lead_indicators(text: str) -> dict[str, str]:
    """Sector -> the indicator a lead-in line names for it ("Tỷ lệ ... như sau: đối với thư viện là có
    cung cấp dịch vụ ...; đối với bảo tàng là xây dựng chương trình giáo dục ...; Cụ thể:").

    >>> lead_indicators("Tỷ lệ thư viện ứng dụng công nghệ thông tin, chuyển đổi số đạt:")
    {'library': 'library.digital'}
    """
    out: dict[str, str] = {}
    for _, code, _, ind_sector, units in sorted(cue_hits(text)):
        if "percent" in units and ind_sector != "other":
            out.setdefault(ind_sector, code)
    return out


def only_sector(text: str) -> Optional[str]:
    """The one sector a text names ("b) Lĩnh vực bảo tàng"), None when it names none or several."""
    found = {s for s, rx in target_rules().sector_cues if rx.search(text)}
    return found.pop() if len(found) == 1 else None


def sector_of(text: str) -> Optional[str]:
    """Sector named first in a text ('thư viện' -> library...), or None."""
    hits = [(m.start(), s) for s, rx in target_rules().sector_cues for m in [rx.search(text)] if m]
    return min(hits)[1] if hits else None


def quote_span(sentence: str, start: int, end: int) -> tuple[int, int]:
    while end > start and sentence[end - 1] in " ,;:":
        end -= 1
    return start, end


def unclassified_warning(q: Quantity, sentence: str, s_off: int, year: Optional[int],
                         unit: Optional[str] = None) -> PlanWarning:
    """A quantity no indicator fits: not a target row (no reading of it could be right), but a
    warning with its span and what was read of it, so that it is never skipped silently."""
    unit = unit or q.unit
    value = f"{q.value:g}" + (f"-{q.value_max:g}" if q.value_max is not None else "")
    return PlanWarning(code="unclassified_target", start_char=s_off + q.start, end_char=s_off + q.end,
                       message=f"{value} {unit}{f' ({year})' if year else ''} fits no indicator, not stored: "
                               f"{' '.join(sentence.split())[:160]}")
