"""Extract every numeric commitment of a plan: one Target per (indicator, subject, year).

A statement (sentence) is read as a list: each value opens a group and the tier
phrases that follow it with only separators between share that value; a tier
named just before a value in such a list is 100 (implicit); a value with no
tier of its own takes the tiers of the next group ("đạt 80% và đến năm 2030,
đạt 100% trung tâm ..."); "đạt 100%, 90%, ... các chỉ tiêu tương ứng" spreads
its values over the previous statement's groups. The statement's indicator
comes from cue phrases (rules/indicators.yaml), or from the trained model when
no cue matches, else `other.unclassified`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional


from ..core.models import PlanWarning, SegmentedPlan, Target
from .quantities import Quantity, find_quantities, has_quantity
from .ranking import Candidate, Ranker, Recorder, choose
from .readings import bare_tier_reading
from .years import year_candidates
from .unexplained import unexplained_numbers
from .cues import (Classifier, classify, dating_years, find_years, keep_unclassified, quote_span, sector_of,
                   target_rules)
from .target_tables import TableState, is_table_row, table_row
from ..core.taxonomy import indicator as indicator_info
from .tiers import TierMention, find_tiers


@dataclass
class _Group:
    value: Optional[Quantity]  # None: a tier named without a number (implicit 100)
    tiers: list[TierMention] = field(default_factory=list)
    end: int = 0
    borrowed: Optional["_Group"] = None
    model_confidence: Optional[float] = None  # set when the model named the tier
    ratio_start: Optional[int] = None  # "Tỷ lệ <tiers> ... đạt <value>": the quote starts at the cue
    own_predicate: bool = False  # the tiers are the clause's subject, shared with earlier values: the cue follows the value


@dataclass
class _Statement:
    """What a later sentence may refer back to."""

    groups: list[list[TierMention]]
    indicator: Optional[str]
    sector: Optional[str]
    growth_indicator: Optional[str] = None
    count: Optional[tuple[str, Optional[TierMention]]] = None  # indicator and subject of its last count
    same_block: bool = True  # False once the next block starts: continuations stay inside one item


def _groups(sentence: str, quantities: list[Quantity], tiers: list[TierMention]) -> list[_Group]:
    r = target_rules()
    tokens = sorted([(q.start, 0, q) for q in quantities] + [(t.start, 1, t) for t in tiers], key=lambda x: (x[0], x[1]))
    groups: list[_Group] = []
    cur: Optional[_Group] = None
    values = [q for q in quantities]
    skip: set[int] = set()
    for _, is_tier, tok in tokens:
        if not is_tier and id(tok) in skip:
            continue
        if not is_tier:
            cur = _Group(tok, end=tok.end)
            groups.append(cur)
            continue
        nxt = next((q for q in values if q.start >= tok.end), None)
        if nxt is not None and r.bracket.match(sentence[tok.end:nxt.start]) and sentence[nxt.end:nxt.end + 2].strip().startswith(")"):
            # "thư viện cấp huyện (70%)": the bracketed value is this tier's.
            cur = _Group(nxt, [tok], end=nxt.end + sentence[nxt.end:].index(")") + 1)
            groups.append(cur)
            values.remove(nxt)
            skip.add(id(nxt))
            continue
        if cur is not None and r.gap.match(sentence[cur.end:tok.start]):
            cur.tiers.append(tok)
            cur.end = tok.end
            continue
        if nxt is not None and r.gap.match(sentence[tok.end:nxt.start]) and sentence[tok.end:nxt.start].strip():
            # "Thư viện tỉnh, 70% thư viện cấp huyện": a tier listed without its own number.
            cur = _Group(None, [tok], end=tok.end)
            groups.append(cur)
            continue
        cur = None  # a tier inside the predicate ends the list
    groups = _tiers_first(sentence, quantities, tiers, groups)
    _respectively(sentence, groups, tiers)
    # "Tỷ lệ <tiers> <predicate> đạt 70%": a value with no tier after it takes the tiers named after the ratio cue.
    for g in groups:
        if g.value is None or g.tiers:
            continue
        clause_start = max(sentence.rfind(";", 0, g.value.start), sentence.rfind(". ", 0, g.value.start)) + 1
        cue = None
        for m in r.ratio.finditer(sentence, clause_start, g.value.start):
            cue = m
        if cue is None:
            continue
        chain: list[TierMention] = []
        for t in tiers:
            if cue.end() <= t.start < g.value.start and (not chain or r.gap.match(sentence[chain[-1].end:t.start])):
                chain.append(t)
            elif chain:
                break
        if chain and not any(t in h.tiers for h in groups for t in chain):
            g.tiers = chain
            g.ratio_start = cue.start()
    _subject_tiers(sentence, groups, tiers)
    return groups


def _subject_tiers(sentence: str, groups: list[_Group], tiers: list[TierMention]) -> None:
    """"Thư viện cấp xã <predicate> đạt 25% (năm 2027) và 40% (năm 2030)": values with no tier of their
    own take the tiers that open their clause as its subject, when no other list claims them."""
    r = target_rules()
    taken = {id(t) for h in groups for t in h.tiers}
    for g in groups:
        if g.value is None or g.tiers:
            continue
        clause_start = max(sentence.rfind(";", 0, g.value.start), sentence.rfind(". ", 0, g.value.start)) + 1
        first = next((t for t in tiers if clause_start <= t.start < g.value.start), None)
        if first is None or not r.subject_lead.match(sentence[clause_start:first.start]):
            continue
        chain = _tier_chain(sentence, [t for t in tiers if first.start <= t.start < g.value.start], last=False)
        if id(first) in taken:
            # "Thư viện cấp xã đạt 50% có <predicate> và 25% có <other predicate>": one subject for
            # several values, each with its own predicate, when no other tier stands between them.
            if any(chain[-1].end <= t.start < g.value.start for t in tiers):
                continue
            g.own_predicate = True
        g.tiers = chain
        g.ratio_start = first.start


def _tiers_first(sentence: str, quantities: list[Quantity], tiers: list[TierMention],
                 groups: list[_Group]) -> list[_Group]:
    """Regroup the clauses whose lists put tiers before their values ("thư viện cấp huyện lên 90%,
    thư viện cấp xã lên 60%"): each value takes the tiers named since the previous value."""
    r = target_rules()
    cuts = [i for i, ch in enumerate(sentence) if ch == ";"]
    out = list(groups)
    for a, b in zip([0] + [c + 1 for c in cuts], cuts + [len(sentence)]):
        qs = [q for q in quantities if a <= q.start < b]
        ts = [t for t in tiers if a <= t.start < b]
        if not qs or not ts:
            continue
        tv = vt = 0
        for q in qs:
            before = [t for t in ts if t.end <= q.phrase_start]
            after = [t for t in ts if t.start >= q.end]
            tv += bool(before and r.tight_tv.match(sentence[before[-1].end:q.phrase_start]))
            vt += bool(after and r.tight_vt.match(sentence[q.end:after[0].start]))
        if tv <= vt:
            continue
        rebuilt, since = [], a
        for q in qs:
            chain: list[TierMention] = []
            for t in reversed([t for t in ts if since <= t.start and t.end <= q.phrase_start]):
                if chain and not r.gap.match(sentence[t.end:chain[0].start]):
                    break
                chain.insert(0, t)
            rebuilt.append(_Group(q, chain, end=q.end))
            since = q.end
        ids = {id(q) for q in qs} | {id(t) for t in ts}
        out = [g for g in out if not ((g.value is not None and id(g.value) in ids) or any(id(t) in ids for t in g.tiers))]
        out += rebuilt
    out.sort(key=lambda g: g.value.start if g.value is not None else g.tiers[0].start)
    return out


def _respectively(sentence: str, groups: list[_Group], tiers: list[TierMention]) -> None:
    """Values and a list of tiers paired in order around a "respectively" cue ("tương ứng", "lần lượt"):
    "<tiers> ... lần lượt đạt 100%, 65% và 25%" (values after the cue take the last tier list before
    it) and "100%, 75% và 45% lần lượt là tỷ lệ <tiers>" (values before the cue take the list after
    it). Tiers pair one to one when the counts agree, else runs of tiers do (_tier_runs)."""
    r = target_rules()
    cue = r.distribute.search(sentence)
    if cue is None:
        return
    clause_end = sentence.find(";", cue.end())
    clause_end = len(sentence) if clause_end < 0 else clause_end
    clause_start = sentence.rfind(". ", 0, cue.start()) + 1
    taken = {id(t) for g in groups for t in g.tiers}
    values = [g for g in groups if g.value is not None and cue.end() <= g.value.start < clause_end]
    if values:
        # The tier list may itself be separated by ";" ("của A; B; C lần lượt đạt ..."): it is the last
        # run of tiers joined by list separators before the cue, back to the sentence's previous full stop.
        chain = _tier_chain(sentence, [t for t in tiers if clause_start <= t.start and t.end <= cue.start()
                                       and id(t) not in taken], last=True)
    else:
        values = [g for g in groups if g.value is not None and clause_start <= g.value.start < cue.start()]
        chain = _tier_chain(sentence, [t for t in tiers if cue.end() <= t.start < clause_end and id(t) not in taken],
                            last=False)
    if not values or any(g.tiers for g in values):
        return
    if _respectively_by_year(sentence, values):
        return  # "<tiers> lần lượt đạt 85% vào năm 2025 và 100% vào năm 2030": each value is for all the tiers
    runs = _tier_runs(sentence, chain, len(values))
    if runs is None:
        return
    for g, run in zip(values, runs):
        g.tiers = list(run)
        g.ratio_start = min(run[0].start, g.value.start)
        g.end = max(g.end, run[-1].end)


def _respectively_by_year(sentence: str, values: list[_Group]) -> bool:
    """Does "lần lượt" spread the values over years rather than over tiers? A ranked decision:
    each value dated by a year written beside it, all years different, says years."""
    starts = sorted(g.value.start for g in values)
    tight = []
    for g in values:
        feats = [c for c in year_candidates(sentence, g.value.start, g.value.end, starts, None, None, "percent")
                 if c.features.get("tight_after") or c.features.get("tight_before")]
        tight.append(feats[0].choice if feats else None)
    by_year = None not in tight and len(set(tight)) == len(tight) > 1
    picked = choose("respectively", [Candidate("tiers", ("respectively_tiers",), {"pair_tiers": 1.0}),
                                     Candidate("years", ("respectively_years",), {"one_year_each": float(by_year)})])
    return picked.best.choice == "years"


def _also_predicate(sentence: str, sector: Optional[str], own: tuple[str, int, int], quantities: list[Quantity],
                    q: Quantity, names: tuple[tuple[int, int], ...]) -> Optional[str]:
    """"Thư viện tỉnh đạt 100% về <predicate> và về <other predicate>": a second indicator the same
    value is for, named right after the first (joined by "và (về)") and before the next value."""
    second = classify(sentence, sector, "percent", own[2], strict=True, names=names)
    if second is None or second[0] == own[0]:
        return None
    nxt = min([v.start for v in quantities if v.start > q.start], default=len(sentence))
    if second[1] >= nxt or not target_rules().also_predicate.match(sentence[own[2]:second[1]]):
        return None
    return second[0]


def _previous_runs(groups: list[list[TierMention]], n: int) -> Optional[list[list[TierMention]]]:
    """The previous statement's tier groups as `n` runs: its groups, else its tiers one each."""
    if len(groups) == n:
        return groups
    flat = [t for g in groups for t in g]
    return [[t] for t in flat] if len(flat) == n else None


def _tier_chain(sentence: str, tiers: list[TierMention], last: bool) -> list[TierMention]:
    """The tiers joined by list separators: the last such list (last=True) or the first."""
    gap = target_rules().gap
    chain: list[TierMention] = []
    for t in tiers:
        if chain and not gap.match(sentence[chain[-1].end:t.start]):
            if not last:
                break
            chain = []  # a new list starts: keep the last one
        chain.append(t)
    return chain


def _tier_runs(sentence: str, chain: list[TierMention], n: int) -> Optional[list[list[TierMention]]]:
    """`chain` cut into `n` runs, one per value: one tier each when the counts agree; else runs
    between ";"; else runs that each open with a tier written with its head noun ("thư viện cơ sở
    giáo dục phổ thông, cơ sở giáo dục nghề nghiệp" is one run: the second names no "thư viện")."""
    if len(chain) == n:
        return [[t] for t in chain]
    heads = target_rules().tier_head
    for opens in (lambda prev, t: ";" in sentence[prev.end:t.start], lambda prev, t: bool(heads.match(sentence, t.start))):
        runs = [[chain[0]]] if chain else []
        for t in chain[1:]:
            if opens(runs[-1][-1], t):
                runs.append([t])
            else:
                runs[-1].append(t)
        if len(runs) == n:
            return runs
    return None


def _borrow(groups: list[_Group], years: list[tuple[int, int]]) -> list[_Group]:
    """A value with no tier of its own takes the tiers of the next group that has some ("đạt 80% và
    đến năm 2030, đạt 100% <tiers>"), or, after a change of year, of the only earlier group
    ("80% <tiers> ..., đến năm 2030 đạt 100%")."""
    for i, g in enumerate(groups):
        if g.value is None or g.tiers:
            continue
        donor = next((h for h in groups[i + 1:] if h.tiers and h.value is not None), None)
        if donor is None:
            earlier = [h for h in groups[:i] if h.tiers and h.value is not None]
            year_between = earlier and any(earlier[0].end <= p < g.value.start for p, _ in years)
            if len(earlier) == 1 and year_between:
                donor = earlier[0]
        if donor is not None:
            g.borrowed = donor
    return groups


def _model_tiers(sentence: str, groups: list[_Group], classifier) -> None:
    """Let the model name the tier of a value whose following phrase the vocabulary does not know."""
    r = target_rules()
    for g in groups:
        if g.value is None or g.tiers:
            continue
        m = r.model_tier_phrase.match(sentence[g.value.end:])
        if not m:
            continue
        guess = classifier.tier_of(m.group("phrase"))
        if guess:
            from .tiers import tier_sector

            start = g.value.end + m.start("phrase")
            g.tiers.append(TierMention(guess[0], tier_sector(guess[0]), start, g.value.end + m.end("phrase")))
            g.end = g.tiers[-1].end
            g.model_confidence = guess[1]


def extract_targets(plan: SegmentedPlan, classifier: Optional[Classifier] = None,
                    city: Optional[bool] = None, ranker: Optional[Ranker] = None,
                    recorder: Optional[Recorder] = None) -> tuple[list[Target], list[PlanWarning]]:
    """Every numeric commitment in the goals and tasks sections of a plan.

    `classifier` names indicators and tiers the rules do not know; `ranker` chooses among
    candidate readings (the fixed rule-priority ranker when None); `recorder` watches every choice.
    """
    from ..structure.provinces import all_provinces

    r = target_rules()
    if city is None:
        city = any(p.name == plan.metadata.province and p.kind == "thanh_pho" for p in all_provinces())
    text = plan.text
    targets: list[Target] = []
    warnings: list[PlanWarning] = []
    by_id = {s.section_id: s for s in plan.sections}

    def heading_year(sid: Optional[str]) -> Optional[int]:
        while sid:
            s = by_id[sid]
            ys = dating_years(s.heading or "") if s.level > 1 else []
            if ys:
                return ys[-1][1]
            sid = s.parent_id
        return None

    def heading_lead(sid: Optional[str]) -> Optional[str]:
        """"a) Tỷ lệ thư viện ứng dụng ... đạt:" as a heading: its items take the indicator it names."""
        s = by_id.get(sid)
        heading = (s.heading or "") if s is not None else ""
        if s is None or s.level < 2 or not (heading.rstrip().endswith(":") or text[s.end_char - 1:s.end_char] == ":"):
            return None
        cue = classify(heading, None, "percent")
        return cue[0] if cue else None

    ctx_section = None
    ctx_year: Optional[int] = None
    prev: Optional[_Statement] = None
    table = TableState()
    leads: dict[int, str] = {}  # block index -> indicator its nested items take ("Tỷ lệ thư viện có ... đạt:")
    for bi, block in enumerate(plan.blocks):
        section = by_id.get(block.section_id)
        if section is None or section.kind not in r.kinds:
            continue
        if block.section_id != ctx_section:
            ctx_section, ctx_year, prev = block.section_id, heading_year(block.section_id), None
        btext = text[block.start_char:block.end_char]
        if "|" in btext and any(is_table_row(ln) for ln in btext.split("\n")):
            _table_block(btext, block.start_char, table, section.section_id, city, plan.metadata, ctx_year,
                         targets)
            prev = None
            continue
        table = TableState()  # any other block ends a table
        quantities_in_block = has_quantity(btext)
        if not quantities_in_block and btext.rstrip().endswith(":"):
            cue = classify(btext, None, "percent")
            if cue:
                leads[bi] = cue[0]
            header_years = dating_years(btext)
            if header_years and len(btext) <= r.header_max:
                ctx_year = header_years[-1][1]
                continue
        if not quantities_in_block:
            continue
        lead = leads.get(block.parent) if block.parent is not None else None
        if lead is None:
            lead = heading_lead(block.section_id)
        pos = 0
        if prev is not None:
            prev.same_block = False  # what a sentence may take from the previous one without saying so
        for sentence in r.split.split(btext):
            s_off = block.start_char + btext.index(sentence, pos)
            pos = s_off - block.start_char + len(sentence)
            prev = _statement(sentence, s_off, plan, section.section_id, city, ctx_year, prev, classifier,
                              targets, warnings, lead, ranker=ranker, recorder=recorder)
    targets = _dedupe(targets)
    return targets, warnings + unexplained_numbers(plan, targets)


def _table_block(btext: str, b_off: int, table: TableState, section_id: str, city: bool, meta, ctx_year,
                 targets: list[Target]) -> None:
    """The rows of a table (target_tables.py), dated like statements when their column names no year."""

    def fallback_year(unit: str) -> Optional[int]:
        return ctx_year or meta.plan_year or (None if unit == "count_per_year" else meta.horizon_year)

    pos = 0
    for line in btext.split("\n"):
        if is_table_row(line):
            table_row(line, b_off + pos, table, section_id=section_id, city=city, fallback_year=fallback_year,
                      targets=targets)
        pos += len(line) + 1


def _statement(sentence, s_off, plan, section_id, city, ctx_year, prev, classifier, targets, warnings, lead=None,
               *, ranker=None, recorder=None):
    r = target_rules()
    quantities = find_quantities(sentence)
    if not quantities:
        return prev
    tiers = find_tiers(sentence, city)
    names = tuple((t.start, t.end) for t in tiers)
    years = find_years(sentence)
    meta = plan.metadata
    periods = [(m.start(), int(m.group("y"))) for m in r.period.finditer(sentence)]
    # A period dates the values next to it like a year does ("tăng 10%/năm giai đoạn 2023 - 2025 và
    # 12%/năm giai đoạn 2026 - 2030"); failing that, the sentence's first period dates them all.
    context_year = (periods[0][1] if periods else None) or ctx_year or meta.plan_year
    value_starts = sorted(q.start for q in quantities)
    by_start = {q.start: q for q in quantities}

    def year_for(pos: int, unit: str) -> tuple[Optional[int], float]:
        q = by_start.get(pos)
        candidates = year_candidates(sentence, pos, q.end if q else pos, value_starts, context_year,
                                     meta.horizon_year, unit)
        about = {"sentence": sentence, "value": q.value if q else 100.0, "unit": unit} if recorder else None
        picked = choose("year", candidates, ranker, recorder, about)
        return picked.best.choice, picked.confidence

    def emit(q_value, q_max, unit, comparator, implicit, indicator, subject, year, start, end, conf, rule, method="rule"):
        start, end = quote_span(sentence, start, end)
        targets.append(Target(
            section_id=section_id, sector=indicator_info(indicator).sector, indicator=indicator, subject=subject,
            year=year, value=q_value, value_max=q_max, unit=unit, comparator=comparator, implicit=implicit,
            quote=sentence[start:end], start_char=s_off + start, end_char=s_off + end, method=method,
            confidence=round(conf, 3), rule=rule,
        ))

    shares = [q for q in quantities if q.unit == "percent"]

    statement = _Statement(groups=[], indicator=None, sector=None,
                           growth_indicator=prev.growth_indicator if prev else None,
                           count=prev.count if prev and prev.same_block else None)
    # A sentence may go on with the previous statement's target without naming it: inside the same
    # item ("75% bảo tàng ... ; đến năm 2030 đạt 100%."), or anywhere when it says so ("chỉ tiêu này").
    continues = prev is not None and (prev.same_block or bool(r.anaphora.search(sentence)))

    # Shares of institutions.
    if shares:
        groups = _groups(sentence, shares, tiers)
        if classifier is not None and hasattr(classifier, "tier_of"):
            _model_tiers(sentence, groups, classifier)
        groups = _borrow(groups, years)
        with_tiers = [g for g in groups if g.tiers or g.borrowed]
        carried = (not with_tiers and continues and prev.groups and prev.indicator and len(shares) == 1
                   and not r.distribute.search(sentence))
        # "...; năm 2025, các tỷ lệ này lần lượt là 90%, 90% và 80%": the values spread over the
        # previous statement's groups, or over its tiers one by one when those counts agree.
        spread_over_previous = _previous_runs(prev.groups, len(shares)) if (
            not with_tiers and prev and prev.groups and r.distribute.search(sentence)) else None
        if carried:
            # One value for the previous statement's tiers: "; đến năm 2030 đạt 100%", "nâng tỷ lệ này lên 100%".
            q = shares[0]
            y, c = year_for(q.start, "percent")
            span_start = min([q.start] + [p for p, _ in years[:1] if p < q.start])
            for t in [t for g in prev.groups for t in g]:
                emit(q.value, q.value_max, "percent", q.comparator, False, prev.indicator, t.code, y,
                     span_start, q.end, c * 0.9, "continues_previous")
            statement.groups, statement.indicator, statement.sector = prev.groups, prev.indicator, prev.sector
        elif spread_over_previous:
            for q, tier_group in zip(shares, spread_over_previous):
                y, c = year_for(q.start, "percent")
                cue = r.distribute.search(sentence)
                span_start = min([shares[0].start, cue.start()] + [p for p, _ in years[:1] if p < q.start])
                span_end = max(shares[-1].end, cue.end())
                for t in tier_group:
                    emit(q.value, q.value_max, "percent", q.comparator, False, prev.indicator, t.code, y,
                         span_start, span_end, c, "distribute_respectively")
            statement.groups, statement.indicator, statement.sector = prev.groups, prev.indicator, prev.sector
        elif with_tiers:
            used_end = max(max(t.end for t in g.tiers) if g.tiers else 0 for g in groups)
            sectors = [t.sector for g in groups for t in g.tiers]
            sector = max(set(sectors), key=sectors.count) if sectors else sector_of(sentence)
            inherited = prev.indicator if continues and prev.indicator and prev.sector == sector else None
            if inherited is None and lead and indicator_info(lead).sector == sector:
                inherited = lead  # an item under a lead-in that names the indicator
            indicator, method, conf, _ = _indicator(sentence, sector, "percent", used_end, classifier, inherited,
                                                    names)
            if indicator is None:
                indicator, conf = "other.unclassified", 0.5
                warnings.append(PlanWarning(code="unclassified_target", message=f"no indicator cue: {sentence[:120]}",
                                            start_char=s_off, end_char=s_off + len(sentence)))
            explicit = [g for g in groups if g.value is not None]
            for g in groups:
                if g.value is None:
                    if not explicit:
                        continue
                    y, c = year_for(g.tiers[0].start, "percent")
                    for t in g.tiers:
                        emit(100.0, None, "percent", "=", True, indicator, t.code, y, t.start, t.end,
                             min(c, 0.9) * conf, "tier_without_number", method)
                    continue
                tiers_of = g.tiers or (g.borrowed.tiers if g.borrowed else [])
                if not tiers_of:
                    continue
                # Each list item takes the predicate that follows it ("100% A và 80% B tổ chức hoạt
                # động sáng tạo ...; 70% C có câu lạc bộ"); the statement's indicator otherwise.
                q = g.value
                cue_from = q.end if g.own_predicate else max(t.end for t in tiers_of)
                own = classify(sentence, tiers_of[0].sector, "percent", cue_from, strict=True, names=names)
                g_indicator = own[0] if own and method == "rule" else indicator
                also = _also_predicate(sentence, tiers_of[0].sector, own, quantities, q, names) \
                    if own and method == "rule" else None
                y, c = year_for(q.start, "percent")
                end = g.end if g.tiers else g.borrowed.end
                donor = g if g.tiers else g.borrowed
                g_method = "model" if donor.model_confidence else method
                g_conf = c * conf * (donor.model_confidence or 1.0)
                q_start = min(q.start, tiers_of[0].start, g.ratio_start if g.ratio_start is not None else q.start)
                end = max(end, q.end)
                rule = "model_tier" if donor.model_confidence else ("shared_value" if len(tiers_of) > 1 else "value_tier")
                value_first = bool(g.tiers) and g.ratio_start is None and q.start < tiers_of[0].start
                for k, t in enumerate(tiers_of):
                    rd = bare_tier_reading(g_indicator, y, tiers_of[0].code, t.code, q.value) \
                        if k and value_first and q.value_max is None else None
                    if rd is None or rd.other is None:
                        emit(q.value, q.value_max, "percent", q.comparator, False, g_indicator, t.code, y, q_start,
                             end, g_conf, rule, g_method)
                        if also:
                            emit(q.value, q.value_max, "percent", q.comparator, False, also, t.code, y, q_start,
                                 end, g_conf, "value_for_two_predicates", g_method)
                        continue
                    warnings.append(PlanWarning(
                        code="ambiguous_reading", start_char=s_off + t.start, end_char=s_off + t.end,
                        message=f"{t.code}: stored {rd.value:g}%{' (implicit)' if rd.implicit else ''}; "
                                f"the other reading is {rd.other}"))
                    if rd.implicit:
                        emit(100.0, None, "percent", "=", True, g_indicator, t.code, y, t.start, t.end,
                             min(g_conf, rd.confidence), "bare_tier_implicit", g_method)
                    else:
                        emit(q.value, q.value_max, "percent", q.comparator, False, g_indicator, t.code, y, q_start,
                             end, min(g_conf, rd.confidence), rule, g_method)
            statement.groups = [g.tiers for g in groups if g.tiers]
            statement.indicator, statement.sector = indicator, sector
        for q in shares:
            covered = carried or any(g.value is q and (g.tiers or g.borrowed) for g in groups) or (
                bool(spread_over_previous))
            if not covered:
                keep_unclassified(q, sentence, s_off, section_id, year_for(q.start, q.unit), targets)

    # Yearly growth rates and counts.
    at_place_taken: list[TierMention] = []
    for q in quantities:
        if q.unit == "percent":
            continue
        y, c = year_for(q.start, q.unit)
        if q.baseline is not None and y != q.baseline + 1:
            # "tăng 30% so với năm 2020" by 2025 is a total growth, not a yearly rate: kept, not coded.
            keep_unclassified(q, sentence, s_off, section_id, (y, c), targets, unit="percent")
            continue
        if q.unit == "percent_per_year":
            subject, sector, after = None, sector_of(sentence), 0
        else:
            # The institution of a count: the last one named before it (the clause's subject carries
            # over: "Bảo tàng tỉnh xây dựng 02 chương trình; tổ chức 04 hoạt động"), else one named
            # right after it ("hằng năm 15 cuộc ... tại Thư viện tỉnh và 06 cuộc tại mỗi thư viện cấp huyện";
            # such a place belongs to its own count only).
            nxt = min([v.start for v in quantities if v.start > q.start], default=len(sentence))
            after_t = [t for t in tiers if q.end <= t.start < nxt and r.at_place.search(sentence, q.end, t.start)]
            before = [t for t in tiers if t.end <= q.start and not any(t is a for a in at_place_taken)]
            subject = before[-1] if before else (after_t[0] if after_t else None)
            if subject is not None and not before:
                at_place_taken.append(subject)
            # "Thư viện tỉnh tổ chức tối thiểu 04 cuộc ...; đến năm 2030, tối thiểu 06 cuộc": the same institution.
            if subject is None and not tiers and statement.count and statement.count[1]:
                subject = statement.count[1]
            sector, after = (subject.sector if subject else None), q.start
        inherited = statement.growth_indicator if q.unit == "percent_per_year" else (
            statement.count[0] if statement.count and not tiers else None)
        indicator, method, conf, found = _indicator(sentence, sector, q.unit, after, classifier, inherited, names)
        if indicator is None:
            keep_unclassified(q, sentence, s_off, section_id, (y, c), targets)
            continue
        if q.unit == "percent_per_year":
            # Quote from the indicator's words (or the year) to the end of the rate phrase.
            start = found[1] if found and found[1] < q.start else (years[0][0] if years and years[0][0] < q.start else q.start)
            emit(q.value, q.value_max, q.unit, q.comparator, False, indicator, None, y, start, q.phrase_end, c * conf,
                 "growth_rate", method)
            statement.growth_indicator = indicator
        else:
            own = subject is not None and any(subject is t for t in tiers)  # else carried from the previous sentence
            start = subject.start if own else q.phrase_start
            end = found[2] if found and found[1] >= q.end and found[1] - q.end <= 40 else q.end
            emit(q.value, q.value_max, q.unit, q.comparator, False, indicator, subject.code if subject else None,
                 y, start, end, c * conf, "count", method)
            statement.count = (indicator, subject)
    return statement


def _indicator(sentence: str, sector: Optional[str], unit: str, after: int, classifier,
               inherited: Optional[str] = None, names: tuple[tuple[int, int], ...] = ()):
    """(indicator, method, confidence, cue match): a rule cue, else what the sentence refers back to, else the model."""
    found = classify(sentence, sector, unit, after, names=names)
    if found:
        return found[0], "rule", 1.0, found
    if inherited:
        return inherited, "rule", 1.0, None
    if classifier:
        guess = classifier(sentence, sector, unit)
        if guess:
            return guess[0], "model", guess[1], None
    return None, "rule", 1.0, None


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
    from ..core.models import Metadata
    from ..read.normalise import normalise
    from ..structure.segment import segment

    norm = normalise("II. MỤC TIÊU\n- " + statement)
    sections, blocks = segment(norm)
    plan = SegmentedPlan.model_construct(text=norm.text, sections=sections, blocks=blocks,
                                         metadata=Metadata(horizon_year=horizon_year, plan_year=plan_year))
    return extract_targets(plan, classifier=classifier, city=city)[0]
