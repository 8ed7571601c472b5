"""Read one target statement (a sentence of a goals or tasks part) into Target rows.

The typed spans of the sentence (values, tiers, years) are found first; groups.py composes
them into groups (which value goes with which tiers); the year of every value is a ranked
decision (years.py, ranking.py); the indicator comes from the cue that follows the tiers, what
the sentence refers back to, a lead-in, or the model. Each row names the rule that built it and
carries the confidence of the choices behind it. What a later sentence may refer back to is
returned as a Statement.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Optional

from ..core.models import Metadata, PlanWarning, Target, first_plan_year
from ..core.taxonomy import indicator as indicator_info
from .cues import (classify, cue_hits, find_years, indicator_units, quote_span, sector_of, target_rules,
                   unclassified_warning, untracked_count)
from .groups import Group, also_predicate, borrow, build_groups, model_tiers, previous_runs
from .quantities import Quantity, clause_begin, clause_end, find_quantities, yearly_counts
from .ranking import Ranker, Recorder, choose
from .readings import bare_tier_reading
from .sectors import JOINT_MEMBER, indicator_for_tier, joint_member
from .tiers import TierMention, bare_head, find_tiers, headless
from .years import also_years, milestones_after, year_candidates


PER_PERIOD_CONFIDENCE = 0.85  # a count per month or quarter made yearly: the number stored is not the one written


@dataclass
class Statement:
    """What a later sentence may refer back to."""

    groups: list[list[TierMention]]
    indicator: Optional[str]
    sector: Optional[str]
    growth_indicator: Optional[str] = None
    count: Optional[tuple[str, Optional[TierMention]]] = None  # indicator and subject of its last count
    same_block: bool = True  # False once the next block starts: continuations stay inside one item
    rows: list[Target] = field(default_factory=list)  # the shares it stored, for a clause keeping them
    listed_only: bool = False  # a sentence naming tiers and no value: the next may spread values over them
    # The tier groups of the run of clauses of one item that it ends, all of one indicator ("Thư viện tỉnh
    # duy trì 100%; thư viện xã đạt 40%; ...; đến năm 2030 các tỷ lệ tương ứng là 100%, 60%, ...").
    run: list[list[TierMention]] = field(default_factory=list)
    lead: Optional[dict] = None  # the lead-in line it was read under: its items are one run too
    # how its indicator was read: a later sentence that takes it over takes over the doubt too (a model's
    # guess at 0.55 is no surer for being referred back to)
    indicator_method: str = "rule"
    indicator_trust: float = 1.0


@dataclass
class Sentence:
    """One sentence being read: its spans, where its rows go, and how its choices are made."""

    text: str
    offset: int
    section_id: str
    meta: Metadata
    context_year: Optional[int]
    targets: list[Target]
    warnings: list[PlanWarning]
    quantities: list[Quantity]
    tiers: list[TierMention]
    ranker: Optional[Ranker] = None
    recorder: Optional[Recorder] = None
    years: list[tuple[int, int]] = field(default_factory=list)
    trust: float = 1.0  # how far the part of the plan the sentence stands in is trusted (rules/targets.yaml)
    carried: bool = False  # context_year is the previous clause's year, carried across a ";"
    milestones: tuple[int, ...] = ()  # the years the previous clause listed together ("Đến năm 2027 và năm 2030")
    part_sector: Optional[str] = None  # the one sector the part's heading names ("b) Lĩnh vực bảo tàng")
    part_tier: Optional[TierMention] = None  # the one institution it names ("b) Bảo tàng tỉnh"), outside this text
    referred: Optional[str] = None  # the indicator of a numbered item it names back ("đạt chỉ tiêu (9)")

    @functools.cached_property
    def names(self) -> tuple[tuple[int, int], ...]:
        """Spans whose cue words say nothing of the indicator: institution names, and what a share
        counts before a passive predicate that has a cue of its own (`passive_spans`)."""
        return tuple((t.start, t.end) for t in self.tiers) + passive_spans(self.text, self.quantities)

    @functools.cached_property
    def value_ends(self) -> dict[int, int]:
        """Start -> end of every value of the sentence, in order."""
        return {v.start: v.end for v in sorted(self.quantities, key=lambda v: v.start)}

    def year_for(self, pos: int, unit: str) -> tuple[Optional[int], float]:
        """The year that dates the value (or tier) at `pos`, and the ranker's confidence in it."""
        q = next((v for v in self.quantities if v.start == pos), None)
        # The year of the previous clause dates values that go on from it, not a standing yearly count
        # ("...; (3) mỗi bảo tàng hằng năm tổ chức ít nhất 04 hoạt động").
        context = None if self.carried and unit == "count_per_year" else self.context_year
        candidates = year_candidates(self.text, pos, q.end if q else pos, list(self.value_ends), context,
                                     self.meta.horizon_year, unit, self.value_ends)
        about = {"sentence": self.text, "value": q.value if q else 100.0, "unit": unit} if self.recorder else None
        picked = choose("year", candidates, self.ranker, self.recorder, about)
        return picked.best.choice, picked.confidence

    def _month_before_issue(self, q: Optional[Quantity]) -> Optional[tuple[int, int]]:
        """The year of a month before the plan's issue that dates the value ("đến tháng 6/2025, ... 31% thư
        viện cấp xã đã ..." in a plan of September 2025): (year, month) of the last month written before it
        in its sentence, no other year between; None if there is none."""
        rx = target_rules().month_year
        if rx is None or q is None or not self.meta.issued_on or len(self.meta.issued_on) < 7 or "tháng" not in self.text:
            return None
        marks = list(rx.finditer(self.text, 0, q.start))
        if not marks:
            return None
        m = marks[-1]
        y, month = int(m.group("y")), int(m.group("m"))
        if (y, month) >= (int(self.meta.issued_on[:4]), int(self.meta.issued_on[5:7])):
            return None
        later = [p for p, _ in self.years if m.end() <= p < q.start]
        return None if later else (y, month)

    def emit(self, q: Optional[Quantity], unit: str, indicator: str, subject: Optional[str], year: Optional[int],
             span: tuple[int, int], conf: float, rule: str, method: str = "rule", fixed: bool = False) -> None:
        """One Target row; q None is an implicit 100. The quote is the span, trimmed of separators.
        `fixed`: the year is settled (no later years looked for)."""
        start, end = quote_span(self.text, *span)
        value, value_max, comparator = (q.value, q.value_max, q.comparator) if q else (100.0, None, "=")
        issued = first_plan_year(self.meta)
        milestones = milestones_after(self.text, q.end, self.milestones) \
            if q is not None and unit == "percent" and not fixed else []
        if milestones:  # "100% ở cả hai mốc": each milestone listed before, whatever year the ranker took
            for y in milestones:
                self.emit(q, unit, indicator, subject, y, span, conf, rule + "+milestones", method, fixed=True)
            return
        past_month = self._month_before_issue(q)
        if past_month is not None or year is not None and issued is not None and year < issued:
            # "(Số liệu năm 2023: 62% ...)" in a 2024 plan: a figure of the past, not a commitment.
            dated, plan = (f"{past_month[1]}/{past_month[0]}", f"{self.meta.issued_on[5:7].lstrip('0')}/"
                           f"{self.meta.issued_on[:4]}") if past_month else (str(year), str(issued))
            self.warnings.append(PlanWarning(code="past_value", start_char=self.offset + start,
                                             end_char=self.offset + end,
                                             message=f"{value:g} dated {dated}, before the plan ({plan}): "
                                                     f"background, not stored as a target ({indicator}, {subject})"))
            return
        later = also_years(self.text, q.end, year, next((p for p in self.value_ends if p > q.start), len(self.text))) \
            if q is not None and unit == "percent" and not fixed else []
        for y, why in [(year, ""), *((y, "+also_year") for y in later)]:
            self.targets.append(Target(
                section_id=self.section_id, sector=indicator_info(indicator).sector, indicator=indicator,
                subject=subject, year=y, value=value, value_max=value_max, unit=unit, comparator=comparator,
                implicit=q is None, quote=self.text[start:end], start_char=self.offset + start,
                end_char=self.offset + end, method=method, confidence=round(conf * self.trust, 3), rule=rule + why,
            ))

    def unclassified(self, q: Quantity, year_conf: tuple[Optional[int], float], unit: Optional[str] = None) -> None:
        """A value no indicator fits: reported with its span (cues.unclassified_warning), never stored as a target."""
        self.warnings.append(unclassified_warning(q, self.text, self.offset, year_conf[0], unit))

    def no_reading(self, q: Optional[Quantity], tier: TierMention, indicator: str) -> None:
        """A tier whose sector has no indicator the statement could mean: reported, not stored."""
        value = f"{q.value:g}%" if q else "an implicit 100%"
        self.warnings.append(PlanWarning(
            code="unclassified_target", start_char=self.offset + tier.start, end_char=self.offset + tier.end,
            message=f"{tier.code}: {value} under {indicator}, which is not of its sector; not stored"))


def passive_spans(text: str, quantities: list[Quantity]) -> tuple[tuple[int, int], ...]:
    """"100% hoạt động quản lý, tổ chức phục vụ học tập suốt đời được ứng dụng công nghệ thông tin":
    from a share's end to "được", when a cue follows "được" in the share's clause."""
    rx = target_rules().passive
    if rx is None or "được" not in text:
        return ()
    out = []
    for q in quantities:
        if q.unit != "percent":
            continue
        end = clause_end(text, q.end)
        m = rx.search(text, q.end, end)
        if m and any(m.end() <= a < end for a, *_ in cue_hits(text)):
            out.append((q.end, m.start()))
    return tuple(out)


def read_statement(sentence: str, s_off: int, plan, section_id: str, city: bool, ctx_year: Optional[int],
                   prev: Optional[Statement], classifier, targets: list[Target], warnings: list[PlanWarning],
                   lead: Optional[dict[str, str]] = None, *, ranker: Optional[Ranker] = None,
                   recorder: Optional[Recorder] = None, trust: float = 1.0,
                   carried_year: Optional[int] = None, carried_yearly: bool = False,
                   carried_milestones: tuple[int, ...] = (), abbr: tuple = (),
                   part_sector: Optional[str] = None, referred: Optional[str] = None,
                   part_tier: Optional[TierMention] = None) -> Optional[Statement]:
    """Append the rows of one sentence to `targets`; returns what the next sentence may refer back to.
    `carried_year` is the year of the sentence's previous clause (cut at ";"), before the context's;
    `carried_yearly` says it goes on from a clause opening "Hằng năm" (its counts are yearly), and
    `carried_milestones` are the years that clause listed together ("ở cả hai mốc" refers to them);
    `abbr` the abbreviations the plan defines for kinds of institution (tiers.abbreviations);
    `part_sector` the one sector the heading of its part names (a count naming no institution is of it),
    `part_tier` the one institution it names (such a count is that institution's);
    `referred` the indicator of a numbered item the sentence names back ("đạt chỉ tiêu (9)")."""
    r = target_rules()
    quantities = find_quantities(sentence)
    if carried_yearly:
        quantities = yearly_counts(quantities)
    if "nào" in sentence and r.none_left is not None:
        _none_left(sentence, s_off, plan, section_id, city, abbr, ctx_year, targets, warnings, trust)
    if not quantities:
        if prev is not None and prev.same_block:
            _keep_previous(sentence, s_off, prev, targets)
        return _listed(sentence, city, abbr, prev)
    if r.same_milestone is not None and prev is not None and prev.same_block and r.same_milestone.search(sentence):
        # "Cùng mốc thời gian trên, ...": the previous sentence's year dates this one
        carried_year = max((t.year for t in prev.rows if t.year), default=carried_year)
    periods = [int(m.group("y")) for m in r.period.finditer(sentence)]
    # A period dates the values next to it like a year does; failing that, the sentence's first
    # period, the heading's year or a one-year plan's year is the context.
    before_sector = prev.sector if prev is not None and prev.same_block else None
    s = Sentence(sentence, s_off, section_id, plan.metadata, (periods[0] if periods else None) or carried_year
                 or ctx_year or plan.metadata.plan_year, targets, warnings, quantities,
                 find_tiers(sentence, city, abbr, before_sector, _earlier_tiers(prev)),
                 ranker, recorder, find_years(sentence), trust, carried=bool(carried_year and not periods),
                 milestones=carried_milestones, part_sector=part_sector, referred=referred, part_tier=part_tier)
    statement = Statement(groups=[], indicator=None, sector=None,
                          growth_indicator=prev.growth_indicator if prev else None,
                          count=prev.count if prev and prev.same_block else None)
    # A sentence may go on with the previous statement's target without naming it: inside the same
    # item ("75% bảo tàng ... ; đến năm 2030 đạt 100%."), or anywhere when it says so ("chỉ tiêu này").
    continues = prev is not None and (prev.same_block or bool(r.anaphora.search(sentence)))
    shares = [q for q in quantities if q.unit == "percent"]
    first_row = len(targets)
    if shares:
        _read_shares(s, shares, prev, statement, classifier, lead, continues)
    _read_rates_and_counts(s, statement, classifier, lead)
    _keep_tiers(s, first_row)
    _flag_conflicts(s, targets[first_row:])
    statement.rows = [t for t in targets[first_row:] if t.unit == "percent"]
    # the clauses of one item, or the items of one lead-in ("Tỷ lệ ... đến năm 2030:" then "- Thư viện tỉnh: 100%;")
    same_run = prev is not None and statement.indicator and statement.indicator == prev.indicator and (
        prev.same_block or lead is not None and prev.lead is lead)
    statement.run = (prev.run if same_run and statement.groups is not prev.groups else []) + statement.groups
    statement.lead = lead
    return statement


def _earlier_tiers(prev: Optional[Statement]) -> tuple[TierMention, ...]:
    """The tiers of the previous sentence of the same item, which "các thư viện này" may name back."""
    if prev is None or not prev.same_block:
        return ()
    return tuple(dict.fromkeys(t for g in prev.groups for t in g))


NONE_LEFT_CONFIDENCE = 0.9  # a full share read from a double negative: its value is not written


def _none_left(sentence: str, s_off: int, plan, section_id: str, city: bool, abbr: tuple, ctx_year: Optional[int],
               targets: list[Target], warnings: list[PlanWarning], trust: float) -> None:
    """"Không còn thư viện cấp huyện nào chưa ứng dụng công nghệ thông tin": each tier between "không
    còn" and "nào chưa" is an implicit 100 under the indicator its predicate names (rules/targets.yaml
    `none_left`), dated like a value at that place."""
    for m in target_rules().none_left.finditer(sentence):
        tiers = [t for t in find_tiers(sentence, city, abbr) if m.start("tiers") <= t.start and t.end <= m.end("tiers")]
        if not tiers:
            continue
        s = Sentence(sentence, s_off, section_id, plan.metadata, ctx_year or plan.metadata.plan_year, targets,
                     warnings, [], tiers, None, None, find_years(sentence), trust)
        year, conf = s.year_for(m.start(), "percent")
        for t in tiers:
            found = classify(sentence, t.sector, "percent", m.start("rest"), names=((t.start, t.end),))
            if found:  # quoted from "không còn" to the end of the predicate's cue
                end = found[2] if found[1] >= m.start("rest") else m.end("tiers")
                s.emit(None, "percent", found[0], t.code, year, (m.start(), end), conf * NONE_LEFT_CONFIDENCE,
                       "none_left")


def _listed(sentence: str, city: bool, abbr: tuple, prev: Optional[Statement]) -> Optional[Statement]:
    """"Hệ thống thư viện công cộng của tỉnh gồm Thư viện Tổng hợp tỉnh, thư viện cấp huyện và thư viện cấp
    xã." then "... ở ba cấp này lần lượt đạt 100%, 75% và 40%": a sentence listing two or more tiers and no
    value is what the next one's "lần lượt" may spread its values over (the previous statement otherwise)."""
    r = target_rules()
    listing = prev is None or not prev.rows or (r.listing_cue is not None and r.listing_cue.search(sentence))
    named = r.ratio.search(sentence)  # "Tỷ lệ <tier> <predicate> ... ;" with no share (_subject_named)
    tiers = find_tiers(sentence, city, abbr) if listing or named else []
    if len(tiers) == 1 and named:
        return _subject_named(sentence, tiers[0]) or prev
    if len(tiers) < 2 or not listing:
        return prev
    groups: list[list[TierMention]] = []
    for t in tiers:
        if groups and r.listing_pair and r.listing_pair.match(sentence[groups[-1][-1].end:t.start]) \
                and headless(sentence, t):
            groups[-1].append(t)  # "thư viện cơ sở giáo dục phổ thông và cơ sở giáo dục nghề nghiệp": one item
        else:
            groups.append([t])
    return Statement(groups=groups, indicator=None, sector=tiers[0].sector,
                     growth_indicator=prev.growth_indicator if prev else None, listed_only=True)


def _subject_named(sentence: str, tier: TierMention) -> Optional[Statement]:
    """"Tỷ lệ thư viện cấp xã cung cấp dịch vụ ... đến năm 2027 tăng thêm 20 điểm phần trăm so với năm 2023;"
    then "đến năm 2030 không thấp hơn 60%": a clause opening with the share of one tier and naming its
    indicator, with no share of its own, is what the next clause's bare value goes on with."""
    r = target_rules()
    cue = r.ratio.search(sentence, 0, tier.start)
    if cue is None or not r.subject_lead.match(sentence[:cue.start()]) or sentence[cue.end():tier.start].strip():
        return None
    found = classify(sentence, tier.sector, "percent", names=((tier.start, tier.end),))
    if not found:
        return None
    return Statement(groups=[[tier]], indicator=found[0], sector=tier.sector)


def _keep_tiers(s: Sentence, first_row: int) -> None:
    """"Đến năm 2030, duy trì kết quả đối với Thư viện tỉnh; nâng tỷ lệ ...": a tier named right after
    keeping words, in a clause with no value, keeps its latest share read before this sentence, for
    the clause's year (rules/targets.yaml `maintained_tier`; implicit, quoted from the keeping words)."""
    rx = target_rules().maintained_tier
    if rx is None or "duy trì" not in s.text and "giữ vững" not in s.text:
        return
    for t in s.tiers:
        begin, end = clause_begin(s.text, t.start), clause_end(s.text, t.start)
        m = rx.search(s.text, begin, t.start)
        if m is None or any(begin <= q.start < end for q in s.quantities):
            continue
        year, conf = s.year_for(t.start, "percent")
        earlier = next((e for e in reversed(s.targets[:first_row]) if e.subject == t.code and e.unit == "percent"
                        and e.year is not None and year is not None and e.year < year), None)
        if earlier is None:
            continue
        a, b = quote_span(s.text, m.start(), t.end)
        s.targets.append(earlier.model_copy(update=dict(
            year=year, implicit=True, quote=s.text[a:b], start_char=s.offset + a, end_char=s.offset + b,
            section_id=s.section_id, confidence=round(min(earlier.confidence, conf) * 0.95 * s.trust, 3),
            rule="maintained_tier")))


def _keep_previous(sentence: str, s_off: int, prev: Statement, targets: list[Target]) -> None:
    """"...vào năm 2025; đến năm 2030 duy trì kết quả này.": the previous statement's shares of its
    latest year before this one, again for this year (rules/targets.yaml `maintained_clause`). The
    quote is this clause, the value implicit: it is not written here."""
    rx = target_rules().maintained_clause
    years = find_years(sentence)
    if rx is None or len(years) != 1 or not rx.match(sentence):
        return
    year = years[0][1]
    before = [t.year for t in prev.rows if t.year is not None and t.year < year]
    if not before:
        return
    start, end = quote_span(sentence, 0, len(sentence))
    for t in [t for t in prev.rows if t.year == max(before)]:
        targets.append(t.model_copy(update=dict(
            year=year, implicit=True, quote=sentence[start:end], start_char=s_off + start, end_char=s_off + end,
            confidence=round(t.confidence * 0.95, 3), rule=t.rule + "+maintained")))


def _flag_conflicts(s: Sentence, rows: list[Target]) -> None:
    """One sentence giving one tier two values for the same indicator and year is a reading gone
    wrong somewhere (a list paired the wrong way): every such row is kept for review, below the
    trusted bands, with a warning that names the other value."""
    by_key: dict[tuple, list[Target]] = {}
    for t in rows:
        by_key.setdefault((t.indicator, t.subject, t.year, t.unit), []).append(t)
    stretches = _stretches(s)
    for (indicator, subject, year, _), same in by_key.items():
        values = sorted({(t.value, t.value_max) for t in same}, key=str)
        if len(values) < 2:
            continue
        if len(values) == 2 and _flag_stretch(s, same, stretches, subject, indicator, year):
            continue
        shown = " and ".join(f"{v:g}" + (f"-{m:g}" if m is not None else "") for v, m in values)
        for t in same:
            t.confidence = min(t.confidence, CONFLICT_CONFIDENCE)
        s.warnings.append(PlanWarning(code="ambiguous_reading", start_char=same[0].start_char,
                                      end_char=same[-1].end_char,
                                      message=f"{subject}: {indicator} ({year}) read as {shown} in one sentence; "
                                              f"stored for review"))


def _stretches(s: Sentence) -> dict[float, float]:
    """"đạt 80%, phấn đấu 90%": the value striven for after each firm one (rules/targets.yaml `stretch_gap`)."""
    rx = target_rules().stretch_gap
    if rx is None or "phấn đấu" not in s.text:
        return {}
    qs = s.quantities
    return {a.value: b.value for a, b in zip(qs, qs[1:]) if a.unit == b.unit and rx.match(s.text[a.end:b.phrase_start])}


def _flag_stretch(s: Sentence, same: list[Target], stretches: dict[float, float], subject, indicator, year) -> bool:
    """A firm value and the one striven for beside it ("đạt 80%, phấn đấu 90%") are two targets, not a
    reading gone wrong: the firm one keeps its confidence, the other goes to the band an auditor checks,
    with a warning that names both. True if the pair was so read."""
    firm = next((v for v in {t.value for t in same} if stretches.get(v) in {t.value for t in same}), None)
    if firm is None:
        return False
    for t in same:
        if t.value != firm:
            t.confidence, t.rule = min(t.confidence, STRETCH_CONFIDENCE), t.rule + "+stretch"
    s.warnings.append(PlanWarning(code="ambiguous_reading", start_char=same[0].start_char, end_char=same[-1].end_char,
                                  message=f"{subject}: {indicator} ({year}) is {firm:g} firm and {stretches[firm]:g} "
                                          f"striven for (\"phấn đấu\"); both stored, the second for review"))
    return True


def _read_shares(s: Sentence, shares: list[Quantity], prev: Optional[Statement], statement: Statement,
                 classifier, lead: Optional[dict[str, str]], continues: bool) -> None:
    """Shares of institutions: a list of values and tiers, a continuation, or a spread over the previous tiers."""
    r = target_rules()
    shares = _back_to_tiers(s, shares, prev, statement, continues)
    if not shares:
        return
    groups = build_groups(s.text, shares, s.tiers)
    if classifier is not None and hasattr(classifier, "tier_of"):
        model_tiers(s.text, groups, classifier)
    groups = borrow(groups, s.years, s.text)
    _milestone_values(s, shares, groups)
    with_tiers = [g for g in groups if g.tiers or g.borrowed]
    distributes = bool(r.distribute.search(s.text))
    # A sentence that names tiers of its own does not go on with the previous one's, even when no
    # rule paired them with its value: that value is reported instead.
    carried = bool(not with_tiers and continues and prev.groups and prev.indicator and len(shares) == 1
                   and not distributes and not _tiers_in_clause(s, shares[0])
                   and not (r.set_apart and r.set_apart.match(s.text)))
    # "...; năm 2025, các tỷ lệ này lần lượt là 90%, 90% và 80%": the values spread over the
    # previous statement's groups, or over its tiers one by one when those counts agree.
    spread = (previous_runs(prev.groups, len(shares)) or _whole_run(prev, len(shares))) \
        if (not with_tiers and prev and prev.groups and (prev.indicator or prev.listed_only) and distributes) else None
    if carried:
        _emit_carried(s, shares[0], prev, statement)
    elif spread:
        _emit_spread(s, shares, spread, prev, statement)
    elif with_tiers:
        _emit_listed(s, groups, prev, statement, classifier, lead, continues)
    for q in shares:
        if not (carried or spread or any(g.value is q and (g.tiers or g.borrowed) for g in groups)):
            s.unclassified(q, s.year_for(q.start, q.unit))


def _back_to_tiers(s: Sentence, shares: list[Quantity], prev: Optional[Statement], statement: Statement,
                   continues: bool) -> list[Quantity]:
    """Values followed by "ở cả hai cấp" are the previous statement's tiers' (stored); the rest are returned."""
    rx = target_rules().back_to_tiers
    if rx is None or not (continues and prev.groups and prev.indicator):
        return shares
    back = [(q, m) for q in shares for m in [rx.match(s.text, q.end)] if m]
    for q, m in back:
        _emit_carried(s, q, prev, statement, m.end() - (1 if m.group().rstrip()[-1:] in ".;,)" else 0))
    return [q for q in shares if not any(q is b for b, _ in back)]


def _tiers_in_clause(s: Sentence, q: Quantity) -> bool:
    """Does the clause of `q` name a tier ("đến năm 2030 tỷ lệ này đạt 100%; số lượt khách tham quan chọn
    bảo tàng ..." names none: the museum is the next clause's)?"""
    a, b = clause_begin(s.text, q.start), clause_end(s.text, q.end)
    return any(a <= t.start < b for t in s.tiers)


def _same_tiers(a: list[TierMention], b: list[TierMention]) -> bool:
    return len(a) == len(b) and all(x is y for x, y in zip(a, b))


def _whole_run(prev: Statement, n: int) -> Optional[list[list[TierMention]]]:
    """The groups of all the clauses the previous one ends (Statement.run), when they are `n`: a values run
    "tương ứng" after a clause per tier spreads over them all, not the last clause's alone."""
    return prev.run if len(prev.run) == n and len(prev.run) > len(prev.groups) else None


def _milestone_values(s: Sentence, shares: list[Quantity], groups: list[Group]) -> None:
    """"Tỷ lệ ... đến năm 2027 và đến năm 2030:" then "+ Thư viện tỉnh: 100% và 100%;": an item naming no year,
    with as many values as the years its lead-in (or clause before) lists, joined as a list: each value
    for its year, in order."""
    years = s.milestones
    if len(years) < 2 or len(shares) != len(years) or s.years:
        return
    gap = target_rules().value_list_gap
    if not all(gap.match(s.text[a.end:b.start]) for a, b in zip(shares, shares[1:])):
        return
    for q, year in zip(shares, years):
        for g in groups:
            if g.value is q:
                g.year = (year, 1.0)


def _emit_carried(s: Sentence, q: Quantity, prev: Statement, statement: Statement,
                  named_back: Optional[int] = None) -> None:
    """One value for the previous statement's tiers: "; đến năm 2030 đạt 100%", "nâng tỷ lệ này lên 100%";
    `named_back` is the end of the words naming them all after the value ("100% ở cả hai cấp")."""
    y, c = s.year_for(q.start, "percent")
    span_start = min([q.start] + [p for p, _ in s.years[:1] if p < q.start])
    # "Bảo tàng tỉnh và 70% bảo tàng ...; đến năm 2030 tỷ lệ này đạt 100%": the rate named back is the one
    # written, not the implicit 100 of a tier named bare beside it ("đạt 100% các trung tâm nêu trên", "100% ở
    # cả hai cấp" name every tier, and a bare "đến năm 2030 đạt 100%" is read so too).
    rate_back = target_rules().anaphora.search(s.text, clause_begin(s.text, q.start), clause_end(s.text, q.end))
    if rate_back is not None and rate_back.start() < q.start:  # "tỷ lệ này đạt 30%": quoted from the words naming it back
        span_start = min(span_start, rate_back.start())
    bare = {t.subject for t in prev.rows if t.implicit} - {t.subject for t in prev.rows if not t.implicit} \
        if named_back is None and rate_back and any(not t.implicit for t in prev.rows) else set()
    rule = "continues_previous" if named_back is None else "continues_previous+named_back"
    # "...; đến năm 2030 có ít nhất 80% ứng dụng công nghệ thông tin, chuyển đổi số": the same tiers, but the
    # indicator its own clause names after the value, when it names one
    end = clause_end(s.text, q.end)
    own = classify(s.text[q.end:end], prev.sector, "percent") if rate_back is None else None
    indicator = own[0] if own else prev.indicator
    if own and own[0] != prev.indicator:
        rule += "+own_predicate"
    for t in [t for g in prev.groups for t in g if t.code not in bare]:
        s.emit(q, "percent", indicator, t.code, y, (span_start, named_back or q.end),
               c * 0.9 * prev.indicator_trust, rule, prev.indicator_method)
    statement.groups, statement.indicator, statement.sector = prev.groups, indicator, prev.sector
    statement.indicator_method, statement.indicator_trust = prev.indicator_method, prev.indicator_trust


def _emit_spread(s: Sentence, shares: list[Quantity], runs: list[list[TierMention]], prev: Statement,
                 statement: Statement) -> None:
    """Values spread in order over the previous statement's tier groups ("các chỉ tiêu tương ứng")."""
    cue = target_rules().distribute.search(s.text)
    # The sentence's own cue says which indicator its values are of ("Tỷ lệ thư viện ứng dụng công nghệ thông
    # tin ... ở các cấp nói trên ... lần lượt là 100%, 60%, 20%"); else the previous statement's.
    own = classify(s.text, prev.sector, "percent", names=s.names)
    indicator = own[0] if own else prev.indicator
    method, trust = ("rule", 1.0) if own else (prev.indicator_method, prev.indicator_trust)
    if indicator is None:
        for q in shares:
            s.unclassified(q, s.year_for(q.start, "percent"))
        return
    for q, tier_group in zip(shares, runs):
        y, c = s.year_for(q.start, "percent")
        span = (min([shares[0].start, cue.start()] + [p for p, _ in s.years[:1] if p < q.start]),
                max(shares[-1].end, cue.end()))
        for t in tier_group:
            s.emit(q, "percent", indicator, t.code, y, span, c * trust, "distribute_respectively", method)
    statement.groups, statement.indicator, statement.sector = prev.groups, indicator, prev.sector
    statement.indicator_method, statement.indicator_trust = method, trust


def _emit_listed(s: Sentence, groups: list[Group], prev: Optional[Statement], statement: Statement, classifier,
                 lead: Optional[dict[str, str]], continues: bool) -> None:
    """The statement's own list: its indicator, then every group's rows."""
    used_end = max(max(t.end for t in g.tiers) if g.tiers else 0 for g in groups)
    sector, indicator, method, conf = _statement_indicator(s, groups, prev, lead, continues, used_end, classifier)
    # A tier is one group however many values it has ("thư viện xã đạt 40% (năm 2024 mới đạt 17%)").
    statement.groups = [g.tiers for i, g in enumerate(groups)
                        if g.tiers and not (i and _same_tiers(g.tiers, groups[i - 1].tiers))]
    if (indicator is None or method == "model") and target_rules().refer_back.search(s.text):
        # Items the sentence points back at say more than the model's guess.
        groups = [g for g in groups if not (g.value is not None and (g.tiers or g.borrowed) and _emit_referred(s, g))]
    if indicator is None:
        for g in groups:
            if g.value is not None and (g.tiers or g.borrowed):
                s.unclassified(g.value, s.year_for(g.value.start, "percent"))
        return
    explicit = any(g.value is not None for g in groups)
    for i, g in enumerate(groups):
        if g.value is None:
            if explicit:
                # "Trung tâm Văn hóa tỉnh và 85% trung tâm ... tổ chức, hỗ trợ ...": the tier shares the
                # predicate of the valued group it is listed with.
                nxt = next((h for h in groups[i + 1:] if h.value is not None and h.tiers), None)
                own = _own_cue(s, nxt, nxt.value.end if nxt and nxt.own_predicate else None) if nxt else None
                g_indicator = own[0] if own and method == "rule" else indicator
                y, c = s.year_for(g.tiers[0].start, "percent")
                for t in g.tiers:
                    t_ind, f, why = indicator_for_tier(s.text, s.names, t, g_indicator, y, lead)
                    if t_ind is None:
                        if why != JOINT_MEMBER:
                            s.no_reading(None, t, g_indicator)
                        continue
                    s.emit(None, "percent", t_ind, t.code, y, (t.start, t.end), min(c, 0.9) * conf * f,
                           "tier_without_number" + why, method)
        elif g.tiers or g.borrowed:
            _emit_group(s, g, indicator, method, conf, lead)
    statement.indicator, statement.sector = indicator, sector
    statement.indicator_method, statement.indicator_trust = method, conf


def _emit_referred(s: Sentence, g: Group) -> bool:
    """"<tiers> thực hiện các nội dung nêu tại điểm a khoản này đạt 100% và 70% tương ứng": no cue of
    its own, the sentence points back at items above; each tier takes the indicator of its latest
    row read so far. An inference, stored below the trusted band. True if any row."""
    q, tiers_of = g.value, (g.tiers or g.borrowed.tiers)
    y, c = g.year or s.year_for(q.start, "percent")
    span = (min(q.start, tiers_of[0].start), max(q.end, tiers_of[-1].end))
    emitted = False
    for t in tiers_of:
        earlier = next((e for e in reversed(s.targets) if e.subject == t.code and e.unit == "percent"), None)
        if earlier is None:
            continue
        s.emit(q, "percent", earlier.indicator, t.code, y, span, min(c, REFERRED_CONFIDENCE), "refers_to_earlier_item")
        emitted = True
    return emitted


def _statement_indicator(s: Sentence, groups: list[Group], prev: Optional[Statement], lead, continues: bool,
                         used_end: int, classifier) -> tuple[Optional[str], Optional[str], str, float]:
    """(sector, indicator, method, confidence) of a list: read for the sector most of its tiers are of
    (ties: the first named), else for the other sectors it names in order; each tier then takes its
    own sector's indicator (sectors.py)."""
    sectors = [t.sector for g in groups for t in g.tiers]
    order = sorted(dict.fromkeys(sectors), key=lambda x: (-sectors.count(x), sectors.index(x))) if sectors \
        else [sector_of(s.text)]
    for sector in order:
        inherited = prev.indicator if continues and prev.indicator and prev.sector == sector else None
        if s.referred and indicator_info(s.referred).sector == sector:
            inherited = s.referred  # "đạt chỉ tiêu (9)": the numbered item's, over the previous sentence's
        if inherited is None and lead and lead.get(sector):
            inherited = lead[sector]  # an item under a lead-in that names the indicator
        found = indicator_of(s.text, sector, "percent", used_end, None, inherited, s.names)
        if found[0] is not None and found[3] is None and prev is not None and found[0] == prev.indicator \
                and inherited == prev.indicator:
            return sector, found[0], prev.indicator_method, found[2] * prev.indicator_trust
        if found[0] is not None:
            return sector, found[0], found[1], found[2]
    # The model is asked only once the rules found nothing for any sector, for the main one.
    found = indicator_of(s.text, order[0], "percent", used_end, classifier, None, s.names)
    return order[0], found[0], found[1], found[2]


def _emit_group(s: Sentence, g: Group, indicator: str, method: str, conf: float,
                lead: Optional[dict[str, str]] = None) -> None:
    """The rows of one value and its tiers. Each list item takes the predicate that follows it
    ("100% A và 80% B tổ chức hoạt động sáng tạo ...; 70% C có câu lạc bộ"); the statement's
    indicator otherwise; a second predicate joined by "và về" gives a second row."""
    q, donor = g.value, (g if g.tiers else g.borrowed)
    tiers_of = donor.tiers
    own = _own_cue(s, donor, g.cue_from if g.cue_from is not None else (q.end if g.own_predicate else None)) \
        or (_clause_cue(s, g) if method == "rule" else None)
    g_indicator = own[0] if own and method == "rule" else indicator
    also = also_predicate(s.text, tiers_of[0].sector, own, s.quantities, q, s.names) if own and method == "rule" \
        else None
    y, c = g.year or s.year_for(q.start, "percent")
    g_method = "model" if donor.model_confidence else method
    g_conf = c * conf * (donor.model_confidence or 1.0)
    if g.doubt:
        g_conf = min(g_conf, DOUBTFUL_PAIRING)
        s.warnings.append(PlanWarning(code="ambiguous_reading", start_char=s.offset + q.start,
                                      end_char=s.offset + q.end, message=f"{q.value:g}%: {g.doubt}"))
    span = (min(q.start, tiers_of[0].start, g.ratio_start if g.ratio_start is not None else q.start),
            max(donor.end, q.end))
    rule = "model_tier" if donor.model_confidence else ("shared_value" if len(tiers_of) > 1 else "value_tier")
    value_first = bool(g.tiers) and g.ratio_start is None and q.start < tiers_of[0].start
    for k, t in enumerate(tiers_of):
        t_ind, f, why = indicator_for_tier(s.text, s.names, t, g_indicator, y, lead)
        if t_ind is None:
            if why != JOINT_MEMBER:
                s.no_reading(q, t, g_indicator)
            continue
        doubt = bare_tier_reading(t_ind, y, tiers_of[0].code, t.code, q.value) \
            if k and value_first and q.value_max is None else None
        if doubt is None or doubt.other is None:
            s.emit(q, "percent", t_ind, t.code, y, span, g_conf * f, rule + why, g_method)
            if also and t_ind == g_indicator:
                s.emit(q, "percent", also, t.code, y, span, g_conf, "value_for_two_predicates", g_method)
            continue
        s.warnings.append(PlanWarning(
            code="ambiguous_reading", start_char=s.offset + t.start, end_char=s.offset + t.end,
            message=f"{t.code}: stored {doubt.value:g}%{' (implicit)' if doubt.implicit else ''}; "
                    f"the other reading is {doubt.other}"))
        if doubt.implicit:
            s.emit(None, "percent", t_ind, t.code, y, (t.start, t.end), min(g_conf * f, doubt.confidence),
                   "bare_tier_implicit" + why, g_method)
        else:
            s.emit(q, "percent", t_ind, t.code, y, span, min(g_conf * f, doubt.confidence), rule + why, g_method)


def _own_cue(s: Sentence, g: Group, cue_from: Optional[int] = None) -> Optional[tuple[str, int, int]]:
    """The indicator cue of a group's own predicate: the first after its tiers (or after `cue_from`),
    unless the predicate points back first ("... 80% thư viện cấp xã đạt chỉ tiêu này, số lượt ...")."""
    after = cue_from if cue_from is not None else max(t.end for t in g.tiers)
    cue = classify(s.text, g.tiers[0].sector, "percent", after, strict=True, names=s.names)
    return None if cue and _points_back_first(s.text, after, cue[1]) else cue


def _clause_cue(s: Sentence, g: Group) -> Optional[tuple[str, int, int]]:
    """"...; ứng dụng công nghệ thông tin ... đạt 30% đối với thư viện cấp xã": a later clause that
    names its predicate before its value, and its tiers after it, has that predicate's indicator."""
    if not g.tiers or g.tiers[0].start < g.value.start:
        return None
    begin = clause_begin(s.text, g.value.start)
    if begin == 0 or any(begin <= t.start < g.value.start for t in s.tiers):
        return None
    cue = classify(s.text, g.tiers[0].sector, "percent", begin, strict=True, names=s.names)
    return cue if cue and cue[2] <= g.value.start else None


def _read_rates_and_counts(s: Sentence, statement: Statement, classifier,
                           lead: Optional[dict[str, str]] = None) -> None:
    """Yearly growth rates and counts of programmes, events or activities; a rate with no cue of its own
    takes the growth indicator of its lead-in line ("Số lượt người sử dụng thư viện ...:" then "- Giai
    đoạn 2026 - 2030: tăng bình quân 10 - 15%/năm")."""
    taken_places: list[TierMention] = []
    respective = _respective_rate_years(s)
    for q in s.quantities:
        if q.unit == "percent":
            continue
        y, c = respective.get(id(q)) or s.year_for(q.start, q.unit)
        if q.unit == "percent_per_year" and _falling(s.text, q):
            s.unclassified(q, (y, c))
            continue
        if q.unit != "percent_per_year" and untracked_count(s.text, q.start, q.end):
            s.unclassified(q, (y, c))
            continue
        if q.baseline is not None and y != q.baseline + 1:
            _emit_total_growth(s, q, y, c, classifier)
            continue
        subject = None if q.unit == "percent_per_year" else _count_subject(s, q, statement, taken_places)
        if q.unit == "percent_per_year":
            sector, after = _rate_clause(s, q)
        else:
            # "b) Lĩnh vực bảo tàng ... 02 đợt trưng bày lưu động": a count naming no institution is of its part's sector
            # a merged institution's count is of whichever member's kind its cue names
            sector, after = (None if subject and subject.joint else subject.sector if subject else s.part_sector), q.start
        inherited = (_lead_rate(lead) or statement.growth_indicator) if q.unit == "percent_per_year" else (
            statement.count[0] if statement.count and not _tiers_to_clause_end(s, q) else None)
        if inherited and q.unit != "percent_per_year" and classify(s.text[:clause_end(s.text, q.end)], sector, q.unit,
                                                                    clause_begin(s.text, q.start), strict=True,
                                                                    names=s.names) is None:
            # "...; đến năm 2030 nâng lên 04 - 06 chương trình; hằng năm ... hoạt động giáo dục trải nghiệm": a count
            # whose own clause names nothing goes on with the previous count, not the next clause's cue
            indicator, method, conf, found = inherited, "rule", CARRIED_COUNT_CONFIDENCE, None
        else:
            indicator, method, conf, found = indicator_of(s.text, sector, q.unit, after, classifier, inherited, s.names)
        if indicator is None:
            s.unclassified(q, (y, c))
        elif q.unit == "percent_per_year":
            # Quote from the indicator's words (or the year) to the end of the rate phrase.
            start = found[1] if found and found[1] < q.start else (
                s.years[0][0] if s.years and s.years[0][0] < q.start else q.start)
            s.emit(q, q.unit, indicator, None, y, (start, q.phrase_end), c * conf, "growth_rate", method)
            for other in _sharing_rate(s, q, indicator):
                s.emit(q, q.unit, other, None, y, (start, q.phrase_end), c * conf, "growth_rate+shared", method)
            statement.growth_indicator = indicator
        else:
            _emit_count(s, q, subject, indicator, found, y, c * conf, method)
            statement.count = (indicator, subject)


def _tiers_to_clause_end(s: Sentence, q: Quantity) -> bool:
    """Does a tier stand before the end of the count's clause? One in a later clause ("...; số lượt khách tham
    quan chọn bảo tàng ...") leaves the count going on with the previous one."""
    end = clause_end(s.text, q.end)
    return any(t.start < end for t in s.tiers)


def _emit_count(s: Sentence, q: Quantity, subject: Optional[TierMention], indicator: str, found,
                year: Optional[int], conf: float, method: str) -> None:
    """One count's row: of its institution, the member of a merged one whose kind the indicator is of;
    a communication count has none ("Bảo tàng tỉnh tổ chức ...; mỗi xã tổ chức 01 đợt tuyên truyền":
    the institution named before is the previous clause's, and whoever runs a campaign, it is the plan's)."""
    subject = joint_member(s.tiers, subject, indicator) if subject else None
    if subject is not None and indicator_info(indicator).sector == "other":
        subject = None
    own = subject is not None and any(subject is t for t in s.tiers)  # else carried from the previous sentence
    before_value = own and subject.start < q.start
    start = subject.start if before_value else q.phrase_start
    end = found[2] if found and found[1] >= q.end and found[1] - q.end <= 40 else q.end
    if own and not before_value:  # "06 cuộc tại mỗi thư viện quận": the quote runs on to the place
        end = max(end, subject.end)
    rule = "count"
    if q.per_period:  # "02 cuộc/tháng" stored as 24 a year: a reading of the words, for review
        conf, rule = min(conf, PER_PERIOD_CONFIDENCE), "count+per_period"
        s.warnings.append(PlanWarning(code="per_period_count", start_char=s.offset + q.start, end_char=s.offset + q.end,
                                      message=f"{s.text[q.start:q.end]} for each {q.per_period} stored as "
                                              f"{q.value:g} a year"))
    s.emit(q, q.unit, indicator, subject.code if subject else None, year, (start, end), conf, rule, method)


def _falling(text: str, q: Quantity) -> bool:
    """Does the rate fall ("giảm bình quân 2 - 3%/năm", rules/targets.yaml `falling_rate`)?"""
    rx = target_rules().falling_rate
    return rx is not None and bool(rx.search(text, clause_begin(text, q.start), q.start))


RESPECTIVE_YEAR_CONFIDENCE = 0.95  # as for shares "lần lượt" pairs with years (groups.py)


def _respective_rate_years(s: Sentence) -> dict[int, tuple[int, float]]:
    """"tăng bình quân lần lượt 10%/năm và 12%/năm trong giai đoạn đến năm 2025 và giai đoạn 2026 -
    2030": rates a "lần lượt" distributes over as many years (or periods) written after them, in order;
    so too counts ("xây dựng lần lượt tối thiểu 04 và 06 chương trình ... vào các năm 2027 và 2030")."""
    r = target_rules()
    if not r.distribute.search(s.text):
        return {}
    rates = [q for q in s.quantities if q.unit == "percent_per_year"]
    if len(rates) < 2:
        rates = [q for q in s.quantities if q.unit == "count"]
    if len(rates) < 2:
        return {}
    end = s.text.find(";", rates[-1].end)
    tail = s.text[rates[-1].end:end if end >= 0 else len(s.text)]
    # Every year and period of the tail, "giai đoạn đến năm 2025" too (a period by its end year,
    # which `year_marks` leaves out elsewhere: "Chương trình ... giai đoạn đến năm 2030" is a title).
    periods = [(m.start(), m.end(), int(m.group("y"))) for m in r.period.finditer(tail)]
    marks = [m for m in r.year.finditer(tail) if not any(a <= m.start() < b for a, b, _ in periods)]
    years_alone = [(m.start(), int(m.group("y"))) for m in marks]
    if marks:  # "vào các năm 2027 và 2030": a bare year after the first goes on its list
        years_alone += [(b.start(), int(b.group())) for b in r.bare_year.finditer(tail, marks[0].end())
                        if not any(m.start() <= b.start() < m.end() for m in marks)
                        and not any(a <= b.start() < e for a, e, _ in periods)]
    years = [y for _, y in sorted([(a, y) for a, _, y in periods] + years_alone)]
    if len(years) != len(rates) or years != sorted(set(years)):
        return {}
    return {id(q): (y, RESPECTIVE_YEAR_CONFIDENCE) for q, y in zip(rates, years)}


def _sharing_rate(s: Sentence, q: Quantity, indicator: str) -> list[str]:
    """The other growth indicators a rate is for when its clause says they grow together ("A và B cùng
    tăng bình quân 10 - 15% mỗi năm", rules/targets.yaml `shared_rate`), in the order written."""
    rx = target_rules().shared_rate
    clause = clause_begin(s.text, q.start)
    if rx is None or not rx.search(s.text, clause, q.start):
        return []
    out: list[str] = []
    for start, code, _, sector, units in cue_hits(s.text):
        if clause <= start < q.start and q.unit in units and sector != "other" and code not in out + [indicator]:
            out.append(code)
    return out


def _lead_rate(lead: Optional[dict[str, str]]) -> Optional[str]:
    """The one growth indicator a lead-in line names, if it names one."""
    rates = {code for code in (lead or {}).values() if "percent_per_year" in indicator_units(code)}
    return rates.pop() if len(rates) == 1 else None


def _emit_total_growth(s: Sentence, q: Quantity, y: Optional[int], c: float, classifier) -> None:
    """"tăng 15% so với năm 2022" by 2025: a total growth over several years, not a yearly rate. It is
    the growth indicator its clause names, in unit percent; the unit is the reader's inference
    (a key could also count it per year), so the row stays below 0.9."""
    sector, clause = _rate_clause(s, q)
    indicator, method, conf, found = indicator_of(s.text, sector, "percent_per_year", clause, classifier,
                                                  None, s.names)
    if indicator is None:
        s.unclassified(q, (y, c), unit="percent")
        return
    start = found[1] if found and found[1] < q.start else q.start
    s.emit(q, "percent", indicator, None, y, (start, q.phrase_end), c * conf * TOTAL_GROWTH_CONFIDENCE,
           "growth_total", method)


def _rate_clause(s: Sentence, q: Quantity) -> tuple[Optional[str], int]:
    """(sector, clause start) of a growth value. A rate's own clause names what grows ("...; (5) số
    lượt khách tham quan chọn bảo tàng ... tăng 10 – 12%/năm"): its cue is looked for from there."""
    clause = clause_begin(s.text, q.start)
    return sector_of(s.text[clause:q.end]) or sector_of(s.text), clause


TOTAL_GROWTH_CONFIDENCE = 0.85
CONFLICT_CONFIDENCE = 0.5  # two values for one tier, indicator and year in one sentence
STRETCH_CONFIDENCE = 0.8
CARRIED_COUNT_CONFIDENCE = 0.95  # a count naming nothing in its clause, read as going on with the previous one  # the value striven for beside a firm one: a second target of the same tier and year
REFERRED_CONFIDENCE = 0.8  # an indicator taken from an earlier item the sentence points back at
DOUBTFUL_PAIRING = 0.5  # a value a "lần lượt" list could not pair: stored for review, never trusted


def _count_subject(s: Sentence, q: Quantity, statement: Statement,
                   taken_places: list[TierMention]) -> Optional[TierMention]:
    """The institution of a count: the last one named before it (the clause's subject carries over:
    "Bảo tàng tỉnh xây dựng 02 chương trình; tổ chức 04 hoạt động"), else one named right after it
    ("hằng năm 15 cuộc ... tại Thư viện tỉnh và 06 cuộc tại mỗi thư viện cấp huyện"; such a place
    belongs to its own count only), else the previous count's ("...; đến năm 2030, tối thiểu 06 cuộc")."""
    r = target_rules()
    nxt = min([v.start for v in s.quantities if v.start > q.start], default=len(s.text))
    after = [t for t in s.tiers if q.end <= t.start < nxt and r.at_place.search(s.text, q.end, t.start)]
    before = [t for t in s.tiers if t.end <= q.start and not any(t is a for a in taken_places)]
    if r.count_object is not None:  # "... kết nối với thư viện quận, huyện; tổ chức 12 cuộc": no subject while another is
        before = [t for t in before if not r.count_object.search(s.text, max(0, t.start - 12), t.start)] or before
    listed = [t for t in s.tiers if after and t.start >= after[0].end and t.start < nxt]
    if not before and after and listed and r.gap.match(s.text[after[0].end:listed[0].start]):
        # "12 cuộc trưng bày ... tại Thư viện tỉnh và các thư viện cấp huyện": held across several, no one's
        taken_places += [after[0], listed[0]]
        return None
    subject = before[-1] if before else (after[0] if after else None)
    if subject is not None and not before:
        taken_places.append(subject)
    if subject is None and not _tiers_to_clause_end(s, q) and statement.count and statement.count[1]:
        subject = statement.count[1]
    part = s.part_tier
    if part is not None and (subject is None or subject.sector == part.sector and bare_head(s.text, subject)):
        # "b) Bảo tàng tỉnh" then "- Tổ chức 02 cuộc/tháng hoạt động ... tại Bảo tàng": the part's institution
        subject = part
    return subject


def _points_back_first(sentence: str, after: int, cue_start: int) -> bool:
    """Does an anaphora ("chỉ tiêu này") stand after `after` and before the cue at `cue_start`?"""
    back = target_rules().anaphora.search(sentence, after)
    return back is not None and back.start() < cue_start


def indicator_of(sentence: str, sector: Optional[str], unit: str, after: int, classifier,
                 inherited: Optional[str] = None, names: tuple[tuple[int, int], ...] = ()):
    """(indicator, method, confidence, cue match): a rule cue, else what the sentence refers back to, else the model."""
    found = classify(sentence, sector, unit, after, names=names)
    if found and inherited and _points_back_first(sentence, after, found[1]):
        # "... 80% thư viện cấp xã đạt chỉ tiêu này, số lượt người sử dụng ... tăng ...": the
        # predicate refers back before any cue of its own; the cue is the next clause's.
        return inherited, "rule", 1.0, None
    if found:
        return found[0], "rule", 1.0, found
    if inherited:
        return inherited, "rule", 1.0, None
    if classifier:
        guess = classifier(sentence, sector, unit)
        if guess:
            return guess[0], "model", min(guess[1], target_rules().model_max_confidence), None
    return None, "rule", 1.0, None
