"""Composition rules: which values go with which tiers in one statement.

Each rule reads the typed spans of a sentence (values from quantities.py, tiers from tiers.py,
years from years.py) and builds or completes the statement's groups, one per value with the
tiers it is for. A value opens a group and the tiers after it joined only by separators share
it (build_groups); a clause that puts its tiers first regroups (_tiers_first); "lần lượt" /
"tương ứng" pairs values and tiers in order, or values and years (_respectively, a ranked
decision); "Tỷ lệ <tiers> ... đạt X%" takes the tiers after the cue; tiers that open a clause
are its subject (_subject_tiers); a value with no tier borrows the next group's (borrow). Where
two readings are possible the choice goes through ranking.py. New wordings become new small
rules here, each with example sentences in rules/targets.yaml.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from .cues import classify, target_rules, year_spans
from .quantities import Quantity, clause_begin, clause_end
from .ranking import Candidate, choose
from .tiers import TierMention
from .years import year_candidates


@dataclass
class Group:
    """One value and the tiers it is for (a value of None: a tier named without a number)."""

    value: Optional[Quantity]  # None: a tier named without a number (implicit 100)
    tiers: list[TierMention] = field(default_factory=list)
    end: int = 0
    borrowed: Optional["Group"] = None
    model_confidence: Optional[float] = None  # set when the model named the tier
    ratio_start: Optional[int] = None  # "Tỷ lệ <tiers> ... đạt <value>": the quote starts at the cue
    fixed: bool = False  # built by a rule no later regrouping may undo (a dated bracket)
    own_predicate: bool = False  # the tiers are the clause's subject, shared with earlier values: the cue follows the value
    doubt: Optional[str] = None  # why the pairing of this value is unsure (stored low, with a warning)
    year: Optional[tuple[int, float]] = None  # (year, confidence) when a rule paired the value with a listed year
    cue_from: Optional[int] = None  # where its indicator cue is looked for, when its tiers stand in another clause


def _member_after_member(tiers: list[TierMention], tok: TierMention) -> bool:
    """Is `tok` the next member of the merged institution named just before it ("Bảo tàng - Thư viện tỉnh")?"""
    i = next(k for k, t in enumerate(tiers) if t is tok)
    return bool(tok.joint) and i > 0 and tiers[i - 1].joint == tok.joint and tok.start - tiers[i - 1].end <= 3


def build_groups(sentence: str, quantities: list[Quantity], tiers: list[TierMention]) -> list[Group]:
    """The statement's groups: each value with the tiers it is for, by the rules of this module."""
    r = target_rules()
    tokens = sorted([(q.start, 0, q) for q in quantities] + [(t.start, 1, t) for t in tiers], key=lambda x: (x[0], x[1]))
    groups: list[Group] = []
    cur: Optional[Group] = None
    values = [q for q in quantities]
    skip: set[int] = set()
    pending: list[TierMention] = []  # the tiers listed since the last value
    for _, is_tier, tok in tokens:
        if not is_tier and id(tok) in skip:
            continue
        if not is_tier:
            dated = r.dated_value.match(sentence, tok.end)  # "100% (năm 2030) bảo tàng": the tiers follow its date
            cur = Group(tok, end=dated.end() if dated else tok.end)
            groups.append(cur)
            pending = []
            continue
        nxt = next((q for q in values if q.start >= tok.end), None)
        if _take_dated_bracket(sentence, tok, pending, values, groups, skip):
            cur, pending = None, []
            continue
        same_name = _member_after_member(tiers, tok)
        pending = pending + [tok] if pending and (same_name or r.gap.match(sentence[pending[-1].end:tok.start])) else [tok]
        if nxt is not None and r.bracket.match(sentence[tok.end:nxt.start]) and sentence[nxt.end:nxt.end + 2].strip().startswith(")"):
            # "thư viện cấp huyện (70%)": the bracketed value is this tier's, and that of the tiers listed
            # with it since the last value ("thư viện trường phổ thông và thư viện cơ sở giáo dục nghề
            # nghiệp (90%)", "A, B và C (cùng đạt 100%)"). The bracket closes the group: no later tier joins it.
            run, bare = _bracket_run(sentence, pending, groups)
            groups += [Group(None, [t], end=t.end) for t in bare]  # "Thư viện tỉnh; thư viện xã (35%)": its own 100
            groups.append(Group(nxt, run or [tok], end=nxt.end + sentence[nxt.end:].index(")") + 1))
            values.remove(nxt)
            skip.add(id(nxt))
            cur, pending = None, []
            continue
        if cur is not None and cur.tiers and same_name:  # "100% Bảo tàng - Thư viện tỉnh": one institution
            cur.tiers.append(tok)
            cur.end = tok.end
            continue
        if cur is not None and _joins(sentence[cur.end:tok.start], cur) and not _has_subject(sentence, cur, tok, tiers):
            cur.tiers.append(tok)
            cur.end = tok.end
            continue
        gap = sentence[tok.end:max(tok.end, nxt.phrase_start)] if nxt is not None else ""
        # "... có câu lạc bộ sinh hoạt tại trung tâm văn hóa cấp xã và 60% nhà văn hóa thôn": a place, not a tier listed
        place = bool(r.at_place.search(sentence, max(0, tok.start - 20), tok.start))
        if nxt is not None and r.gap.match(gap) and gap.strip() and not place:
            # "Thư viện tỉnh, 70% thư viện cấp huyện", "Trung tâm Văn hóa tỉnh và ít nhất 80% ...": a tier
            # listed without its own number (the gap runs to the value's phrase, its "ít nhất" left out),
            # and so is each listed right before it ("Thư viện tỉnh, thư viện trường đại học và 20% ...").
            taken = {id(t) for g in groups for t in g.tiers}
            groups += [Group(None, [t], end=t.end) for t in pending[:-1] if id(t) not in taken]
            cur = Group(None, [tok], end=tok.end)
            groups.append(cur)
            continue
        cur = None  # a tier inside the predicate ends the list
    groups = _tiers_first(sentence, quantities, tiers, groups)
    _respectively(sentence, groups, tiers)
    _ratio_tiers(sentence, groups, tiers)
    _subject_tiers(sentence, groups, tiers)
    _tier_after_predicate(sentence, groups, tiers)
    _dated_runs(sentence, groups)
    return groups


def _tier_after_predicate(sentence: str, groups: list[Group], tiers: list[TierMention]) -> None:
    """"đạt 100% về cung cấp dịch vụ ... đối với Thư viện tỉnh, ...": a value with no tier takes the tier its
    predicate names after "đối với", when no value, other tier or ";" stands between."""
    r = target_rules()
    if r.for_tier_after is None or "đối với" not in sentence:
        return
    taken = {id(t) for h in groups for t in h.tiers}
    starts = sorted(g.value.start for g in groups if g.value is not None)
    for g in groups:
        if g.value is None or g.tiers or g.borrowed:
            continue
        nxt = next((p for p in starts if p > g.value.start), len(sentence))
        t = next((t for t in tiers if g.value.end <= t.start < nxt), None)
        if t is None or id(t) in taken or t.start - g.value.end > r.for_tier_gap_max \
                or ";" in sentence[g.value.end:t.start] or not r.for_tier_after.search(sentence, g.value.end, t.start):
            continue
        g.tiers, g.own_predicate = [t], True


def _bracket_run(sentence: str, pending: list[TierMention], groups: list[Group]) -> tuple[list[TierMention],
                                                                                      list[TierMention]]:
    """The tiers a bracketed value after them is for, and those listed before them with no number of their
    own. The run goes back over "và" and commas ("thư viện trường phổ thông và thư viện cơ sở giáo dục
    nghề nghiệp (90%)", "A, B và C (cùng đạt 100%)"), not over a ";", which sets an item apart ("Thư viện
    tỉnh; thư viện xã, phường (35%)": the provincial library is an implicit 100)."""
    taken = {id(t) for g in groups for t in g.tiers}
    free = [t for t in pending if id(t) not in taken]
    if not free:
        return [], []
    run = [free[-1]]
    for t in reversed(free[:-1]):
        if ";" in sentence[t.end:run[0].start]:
            break
        run.insert(0, t)
    return run, free[:len(free) - len(run)]


def _joins(gap: str, cur: Group) -> bool:
    """Does a tier after this gap join the group before it: a list's gap, or before its first tier
    what may stand between a value and its tier ("(70%) thư viện", "tổng số thư viện")?"""
    r = target_rules()
    return bool(r.gap.match(gap) or (not cur.tiers and cur.value is not None and r.tight_vt.match(gap)))


def _has_subject(sentence: str, cur: Group, tok: TierMention, tiers: list[TierMention]) -> bool:
    """"thư viện cấp huyện có <predicate> đạt 60%; nhà văn hóa thôn có <predicate> đạt 40%": a value
    whose clause opens with its own subject tier ends that clause; the tier after the ";" opens the
    next one instead of joining the value."""
    if ";" not in sentence[cur.end:tok.start] or cur.tiers or cur.value is None:
        return False
    start = clause_begin(sentence, cur.value.start)
    first = next((t for t in tiers if start <= t.start < cur.value.start), None)
    return first is not None and bool(target_rules().subject_lead.match(sentence[start:first.start]))


def _ratio_tiers(sentence: str, groups: list[Group], tiers: list[TierMention]) -> None:
    """"Tỷ lệ <tiers> <predicate> đạt 70%": a value with no tier after it takes the tiers named after
    the ratio cue of its clause, when no other group claims them."""
    r = target_rules()
    for g in groups:
        if g.value is None or g.tiers:
            continue
        clause_start = clause_begin(sentence, g.value.start)
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


def _dated_runs(sentence: str, groups: list[Group]) -> None:
    """"Phấn đấu 70% (năm 2025) và 100% (năm 2030) bảo tàng ...", "Thư viện tỉnh đạt 100% (năm 2025)
    và 100% (năm 2030)": values each dated in brackets and joined by separators are one target at
    several years; those with no tier take the tiers of the one that has them (one list only)."""
    r = target_rules()
    valued = sorted((g for g in groups if g.value is not None), key=lambda g: g.value.start)
    run: list[Group] = []
    run_end = 0  # where the date after the run's last value ends
    for g in valued + [None]:
        dated = g is not None and r.dated_value.match(sentence, g.value.end)
        if dated and (not run or r.value_list_gap.match(sentence[run_end:g.value.start])):
            run.append(g)
            run_end = dated.end()
            continue
        _share_run_tiers(run)
        run = [g] if dated else []
        run_end = dated.end() if dated else 0


def _share_run_tiers(run: list[Group]) -> None:
    lists = {tuple(id(t) for t in g.tiers): g for g in run if g.tiers}
    if len(run) < 2 or len(lists) != 1:
        return
    donor = next(iter(lists.values()))
    for g in run:
        if not g.tiers:
            g.tiers, g.ratio_start, g.own_predicate = list(donor.tiers), donor.ratio_start, donor.own_predicate
            g.end = max(g.end, donor.end)


def _take_dated_bracket(sentence: str, tok: TierMention, pending: list[TierMention], values: list[Quantity],
                        groups: list[Group], skip: set[int]) -> bool:
    """"thư viện cấp huyện (năm 2025: 70%; năm 2030: 90%)": every value in the bracket is for this
    tier, and for the tiers listed right before it ("A và B (năm 2025: 90%; ...)"). True if taken."""
    inside = _bracketed(sentence, tok, values)
    if len(inside) < 2:
        return False
    listed = [tok]
    if pending and target_rules().gap.match(sentence[pending[-1].end:tok.start]):
        listed = pending + [tok]
    groups[:] = [g for g in groups if not (g.value is None and any(t in listed for t in g.tiers))]
    for q in inside:
        groups.append(Group(q, list(listed), end=q.end, fixed=True))
        values.remove(q)
        skip.add(id(q))
    return True


def _bracketed(sentence: str, tier: TierMention, values: list[Quantity]) -> list[Quantity]:
    """The values inside a bracket that opens right after a tier ("<tier> (năm 2025: 70%; năm 2030: 90%)")."""
    m = target_rules().bracket_dated.match(sentence, tier.end)
    if not m:
        return []
    close = sentence.find(")", m.end())
    return [q for q in values if m.end() <= q.start and (close < 0 or q.end <= close)] if close > 0 else []


def _subject_tiers(sentence: str, groups: list[Group], tiers: list[TierMention]) -> None:
    """"Thư viện cấp xã <predicate> đạt 25% (năm 2027) và 40% (năm 2030)": values with no tier of their
    own take the tiers that open their clause as its subject, when no other list claims them."""
    r = target_rules()
    taken = {id(t) for h in groups for t in h.tiers}
    for g in groups:
        if g.value is None or g.tiers:
            continue
        clause_start = clause_begin(sentence, g.value.start)
        first = next((t for t in tiers if clause_start <= t.start < g.value.start), None)
        if first is None:
            # "- Thư viện các xã: 50% <predicate>; 25% <other predicate>": the item's label is the
            # subject of every clause of the item.
            first = next((t for t in tiers if r.subject_lead.match(sentence[:t.start])), None)
            label = _tier_chain(sentence, [t for t in tiers if first and t.start >= first.start], last=False)
            if not label or not sentence[label[-1].end:].lstrip().startswith(":") or any(
                    label[-1].end <= t.start < g.value.start for t in tiers):
                continue
            g.tiers, g.ratio_start, g.own_predicate = label, g.value.start, True
            continue
        if not r.subject_lead.match(sentence[clause_start:first.start]):
            label = _colon_label(sentence, tiers, g.value.start)
            if label is not None:  # "..., chỉ tiêu ... được chuyển về Trung tâm Văn hóa - Thể thao xã: năm 2026 đạt 80%"
                g.tiers, g.ratio_start = [label], label.start
            continue
        chain = _tier_chain(sentence, [t for t in tiers if first.start <= t.start < g.value.start], last=False)
        chain = _named_after_label(sentence, chain, [t for t in tiers if t.start < g.value.start]) or chain
        if id(first) in taken:
            # "Thư viện cấp xã đạt 50% có <predicate> và 25% có <other predicate>": one subject for
            # several values, each with its own predicate, when no other tier stands between them.
            if any(chain[-1].end <= t.start < g.value.start for t in tiers):
                continue
            g.own_predicate = True
        g.tiers = chain
        g.ratio_start = first.start


def _colon_label(sentence: str, tiers: list[TierMention], value_start: int) -> Optional[TierMention]:
    """The tier a colon follows, last before the value with no other tier between: the subject of the
    values after the colon, whatever words open the clause before it."""
    before = [t for t in tiers if t.end <= value_start]
    if not before:
        return None
    t = before[-1]
    rest = sentence[t.end:value_start]
    return t if rest.lstrip().startswith(":") and ";" not in rest else None


def _named_after_label(sentence: str, label: list[TierMention], tiers: list[TierMention]) -> list[TierMention]:
    """"Thư viện trường học: Thư viện cơ sở giáo dục phổ thông và thư viện cơ sở giáo dục nghề nghiệp
    có ...": a label naming the group, then the tiers it stands for; these are the subject."""
    after = sentence[label[-1].end:]
    if not after.lstrip().startswith(":"):
        return []
    colon = label[-1].end + after.index(":") + 1
    nxt = next((t for t in tiers if t.start >= colon), None)
    if nxt is None or sentence[colon:nxt.start].strip():
        return []
    return _tier_chain(sentence, [t for t in tiers if t.start >= nxt.start], last=False)


def _tiers_first(sentence: str, quantities: list[Quantity], tiers: list[TierMention],
                 groups: list[Group]) -> list[Group]:
    """Regroup the clauses whose lists put tiers before their values ("thư viện cấp huyện lên 90%,
    thư viện cấp xã lên 60%"): each value takes the tiers named since the previous value."""
    r = target_rules()
    cuts = [i for i, ch in enumerate(sentence) if ch == ";"]
    out = list(groups)
    fixed = {id(g.value) for g in groups if g.fixed} | {id(t) for g in groups if g.fixed for t in g.tiers}
    quantities = [q for q in quantities if id(q) not in fixed]
    tiers = [t for t in tiers if id(t) not in fixed]
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
        for k, q in enumerate(qs):
            chain: list[TierMention] = []
            for t in reversed([t for t in ts if since <= t.start and t.end <= q.phrase_start]):
                if chain and not r.gap.match(sentence[t.end:chain[0].start]):
                    break
                chain.insert(0, t)
            since = q.end
            if not chain:  # a clause of mixed order: "duy trì 100% ở cấp tỉnh, nâng ... ở cấp huyện lên 90%"
                chain = _tight_after(sentence, q, ts, qs[k + 1] if k + 1 < len(qs) else None)
                since = chain[-1].end if chain else since
            rebuilt.append(Group(q, chain, end=max([q.end] + [t.end for t in chain])))
        ids = {id(q) for q in qs} | {id(t) for t in ts}
        out = [g for g in (_without(g, ids) for g in out) if g is not None] + rebuilt
    out.sort(key=lambda g: g.value.start if g.value is not None else g.tiers[0].start)
    return out


def _tight_after(sentence: str, q: Quantity, tiers: list[TierMention], nxt: Optional[Quantity]) -> list[TierMention]:
    """The tier tight after a value that has none before it, unless that tier is the next value's own."""
    r = target_rules()
    after = next((t for t in tiers if t.start >= q.end), None)
    if after is None or not r.tight_vt.match(sentence[q.end:after.start]):
        return []
    if nxt is not None and after.end <= nxt.phrase_start and r.tight_tv.match(sentence[after.end:nxt.phrase_start]):
        return []
    return [after]


def _without(g: Group, ids: set[int]) -> Optional[Group]:
    """A group once a regrouped clause has taken its values and tiers back: gone when its value (or,
    for a bare tier, its tier) is the clause's; else kept with the tiers the clause did not take, so
    that a value of the clause before ("tỷ lệ thư viện cấp huyện ... đạt 80%; thư viện cấp xã đạt 45%")
    keeps its place for the rules after (the ratio cue gives it its tier)."""
    if g.value is not None and id(g.value) in ids:
        return None
    kept = [t for t in g.tiers if id(t) not in ids]
    if g.value is None and len(kept) < len(g.tiers):
        return None
    if len(kept) < len(g.tiers):
        g.tiers = kept
    return g


def _respectively(sentence: str, groups: list[Group], tiers: list[TierMention]) -> None:
    """Values and a list of tiers paired in order around a "respectively" cue ("tương ứng", "lần lượt"):
    "<tiers> ... lần lượt đạt 100%, 65% và 25%" (values after the cue take the last tier list before
    it) and "100%, 75% và 45% lần lượt là tỷ lệ <tiers>" (values before the cue take the list after
    it). Tiers pair one to one when the counts agree, else runs of tiers do (_tier_runs)."""
    for cue in target_rules().distribute.finditer(sentence):
        _respectively_at(sentence, groups, tiers, cue)


def _respectively_at(sentence: str, groups: list[Group], tiers: list[TierMention], cue) -> None:
    """One "respectively" cue of the sentence (each clause may have its own)."""
    r = target_rules()
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
    values = _value_run(sentence, values, after=values[0].value.start >= cue.end()) if values else values
    if values and not chain and values[0].value.start < cue.start():
        chain = _tiers_before_run(sentence, values, tiers, cue)
    if values and not chain and len(values) > 1 and values[-1].tiers and not any(g.tiers for g in values[:-1]):
        # "lần lượt 100%, 80%, 45% đối với thư viện cấp tỉnh, cấp huyện, cấp xã": the list after the
        # values, which the last value took as its own, is the one they pair with.
        chain, values[-1].tiers = values[-1].tiers, []
    if not values or any(g.tiers for g in values):
        return
    if _respectively_by_year(sentence, values):
        return  # "<tiers> lần lượt đạt 85% vào năm 2025 và 100% vào năm 2030": each value is for all the tiers
    runs = _tier_runs(sentence, chain, len(values)) or _ratio_subjects(sentence, tiers, clause_start, cue, len(values))
    if chain and _respectively_over_listed_years(sentence, values, chain, runs, cue, clause_start):
        return
    before_values = max(cue.start(), values[0].value.start)
    pointed = runs is None and not chain and (r.anaphora.search(sentence, clause_start, before_values)
                                              or r.refer_back.search(sentence, clause_start, before_values))
    if pointed:
        # "100% A và 60% B ..., đến năm 2030 nâng tỷ lệ này lên lần lượt 100% và 85%", "Thư viện tỉnh,
        # 65 % B và 90 % C <predicate>; tỷ lệ tương ứng các thư viện nêu trên <other predicate> lần lượt là
        # 100 %, 35 % và 80 %": the earlier groups (a tier named without a number too), each value for the
        # indicator its own clause names.
        earlier = [g.tiers for g in groups if g.tiers and (g.value or g.tiers[0]).start < cue.start()
                   and g not in values]
        runs = earlier if len(earlier) == len(values) else None
        if runs:
            own_clause = sentence.rfind(";", 0, cue.start()) + 1
            for g in values:
                g.cue_from = own_clause
    if runs is None and not chain and _years_named_back(sentence, values, cue):
        return  # "...; 30% và 45% ứng dụng ... vào các năm tương ứng": the years, the tiers by other rules
    if runs is None:
        # The cue pairs values with tiers one by one, and the tiers found do not pair: whatever another
        # rule gives these values is a guess (a tier the vocabulary lacks is the usual cause).
        for g in values:
            g.doubt = f"\"{cue.group()}\" lists {len(values)} values, but {len(chain)} tiers were found to pair them with"
        return
    for value_run in [values] + _later_runs(sentence, groups, values, _bare_clauses_end(sentence, groups, clause_end)):
        for g, run in zip(value_run, runs):
            g.tiers, g.doubt = list(run), None  # paired by this cue, whatever another cue of the clause said
            g.ratio_start = min(run[0].start, g.value.start)
            g.end = max(g.end, run[-1].end)


def _ratio_subjects(sentence: str, tiers: list[TierMention], clause_start: int, cue, n: int) -> Optional[list[list[TierMention]]]:
    """"tỷ lệ xã, phường có <predicate> và tỷ lệ nhà văn hóa ấp, khóm <predicate> đạt tương ứng 75% và 60%": each
    share named with its own ratio cue is one of the values' tiers, in order, when there are as many."""
    r = target_rules()
    found = [t for t in tiers if clause_start <= t.start < cue.start()
             and (m := r.ratio.search(sentence, max(clause_start, t.start - 12), t.start)) is not None
             and not sentence[m.end():t.start].strip()]
    return [[t] for t in found] if len(found) == n and n > 1 else None


def _tiers_before_run(sentence: str, values: list[Group], tiers: list[TierMention], cue) -> list[TierMention]:
    """"<tiers> <predicate> đạt 100%, 60%, 20% tương ứng": a cue right after its values, with no tiers
    after it, pairs them with the last tier list before the values, in their clause (from the last
    ";"). The values' groups give those tiers back (tiers-first grouping gave them to the first)."""
    r = target_rules()
    if not r.value_list_gap.match(sentence[values[-1].value.end:cue.start()]):
        return []
    start = sentence.rfind(";", 0, values[0].value.start) + 1
    before = _tier_chain(sentence, [t for t in tiers if start <= t.start and t.end <= values[0].value.start],
                         last=True)
    owned = {id(t) for g in values for t in g.tiers}
    if not before or not owned <= {id(t) for t in before}:
        return []
    for g in values:
        g.tiers = []
    return before


def _respectively_over_listed_years(sentence: str, values: list[Group], chain: list[TierMention],
                                    runs: Optional[list[list[TierMention]]], cue, clause_start: int) -> bool:
    """"Đến năm 2025 và năm 2030: tỷ lệ bảo tàng ... đạt 70% và 100% tương ứng": the cue pairs the
    values with the years listed together before them, each value for all the tiers. A ranked
    decision against pairing with the tiers; where both fit, the tiers win and each value is
    marked doubtful, naming the other reading. True if the values went to the years."""
    before = _listed_years(sentence, clause_start, values[0].value.start) or _milestones_back(sentence, cue, values)
    # "<tiers>: lần lượt 95% và 100% <predicate> vào năm 2027 và năm 2030": tiers labelling the values share
    # each of them; the years may then stand at the clause's end
    label = sentence[chain[-1].end:min(cue.start(), values[0].value.start)].strip() == ":"
    listed = before or _years_after(sentence, values) or (
        _listed_years(sentence, values[-1].value.end, clause_end(sentence, values[-1].value.end)) if label else [])
    years_fit = len(listed) == len(values)
    # Years written right after the values ("đạt lần lượt 60% và 80% vào năm 2027 và năm 2030") say
    # more than years before them: the cue runs over the years it is followed by.
    feature = "year_list" if before else "year_list_after"
    picked = choose("respectively", [
        Candidate("tiers", ("respectively_tiers",), {"pair_tiers": float(runs is not None)}),
        Candidate("years", ("respectively_listed_years",), {feature: float(years_fit),
                                                            "label_shares": float(label and years_fit)})])
    if picked.best.choice == "years":
        for g, year in zip(values, listed):
            g.tiers, g.year = list(chain), (year, picked.confidence)
            g.ratio_start = min(chain[0].start, g.value.start)
            g.end = max(g.end, chain[-1].end)
            if runs is not None and not label:  # the tiers pair with the values too: said, not hidden
                g.doubt = (f"\"{cue.group()}\" may pair the {len(values)} values with the "
                           f"{len(chain)} tiers instead of the years {', '.join(map(str, listed))}")
        return True
    if years_fit and runs is not None:
        for g in values:
            g.doubt = (f"\"{cue.group()}\" may pair the {len(values)} values with the years "
                       f"{', '.join(map(str, listed))} instead of the tiers")
    return False


def _years_named_back(sentence: str, values: list[Group], cue) -> bool:
    """Values a cue pairs with the years it names back ("vào các năm tương ứng", "tương ứng với hai mốc
    trên"), no tier list being in reach: each value its year, in order. True if they were so paired."""
    years = _milestones_back(sentence, cue, values)
    if len(years) != len(values) or len(values) < 2:
        return False
    for g, year in zip(values, years):
        g.year = (year, 1.0)
    return True


def _years_after(sentence: str, values: list[Group]) -> list[int]:
    """"đạt lần lượt 40 % và 60 % vào năm 2025 và năm 2030", "... vào các năm 2026, 2028 và 2030": the
    years listed right after a run of values (rules/targets.yaml `years_after_values`)."""
    m = target_rules().years_after_values.match(sentence, values[-1].value.end)
    if m is None:
        return []
    return _listed_years(sentence, values[-1].value.end, m.end() + 1)


def _milestones_back(sentence: str, cue, values: list[Group]) -> list[int]:
    """"...vào năm 2025, tăng lên 90% vào năm 2030; tỷ lệ ... tương ứng với hai mốc trên là 70% và 80%":
    a cue naming back the milestones pairs the values with the years written before it, in order."""
    rx, before = target_rules().milestones_back, target_rules().milestones_named_before
    after = rx is not None and rx.match(sentence, cue.end(), values[0].value.start)
    # "30% và 45% ... vào các năm tương ứng": the cue after the values, naming the years written before them
    named = before is not None and before.search(sentence, max(0, cue.start() - 30), cue.start())
    if not (after or named):
        return []
    end = min(cue.start(), values[0].value.start)
    years = list(dict.fromkeys(y for a, _, y in year_spans(sentence) if a < end))
    return years if years == sorted(years) else []


def _listed_years(sentence: str, start: int, end: int) -> list[int]:
    """The years of the first run of different years written together between `start` and `end`
    ("Đến năm 2025 và năm 2030", "năm 2025, 2030", "các năm 2026, 2028 và 2030": after a year, bare
    years go on the run); empty when there is none of two or more. The run starts before `end`."""
    gap = target_rules().year_list_gap
    spans = [x for a, b, y in year_spans(sentence) if start <= a for x in _with_bare_years(sentence, (a, b, y))]
    for i in range(len(spans)):
        if spans[i][0] >= end:
            break
        run = [spans[i]]
        for nxt in spans[i + 1:]:
            if not gap.match(sentence[run[-1][1]:nxt[0]]):
                break
            run.append(nxt)
        years = [y for _, _, y in run]
        if len(run) > 1 and len(set(years)) == len(years):
            return years
    return []


def _with_bare_years(sentence: str, span: tuple[int, int, int]) -> list[tuple[int, int, int]]:
    """A year span and the bare years listed after it ("năm 2026, 2028 và 2030")."""
    out, r = [span], target_rules()
    for m in r.bare_year.finditer(sentence, span[1]):
        if not r.year_list_gap.match(sentence[out[-1][1]:m.start()]):
            break
        out.append((m.start(), m.end(), int(m.group())))
    return out


def _later_runs(sentence: str, groups: list[Group], first: list[Group], clause_end: int) -> list[list[Group]]:
    """"lần lượt 100% và 30% vào năm 2027, 100% và 45% vào năm 2030": the runs after the first, as
    long, with no tiers of their own, in the same clause, pair with the same tiers."""
    gap = target_rules().value_list_gap
    rest = sorted((g for g in groups if g.value is not None and first[-1].value.end <= g.value.start < clause_end),
                  key=lambda g: g.value.start)
    out, run = [], []
    for g in rest:
        if run and not gap.match(sentence[run[-1].value.end:g.value.start]):
            out.append(run)
            run = []
        run.append(g)
    if run:
        out.append(run)
    fits = [r for r in out if len(r) == len(first) and not any(g.tiers for g in r)]
    return fits if len(fits) == len(out) else []


def _bare_clauses_end(sentence: str, groups: list[Group], end: int) -> int:
    """The end of the ";" clauses after `end` that hold only values and years ("...lần lượt là 90%,
    90% và 70% vào năm 2025; 100%, 100% và 90% vào năm 2030"): they go on with the clause's list
    (rules/targets.yaml `bare_run_rest`, what is left once the values and years are cut out)."""
    rest_rx = target_rules().bare_run_rest
    while rest_rx is not None and end < len(sentence) and sentence[end] == ";":
        nxt = sentence.find(";", end + 1)
        nxt = len(sentence) if nxt < 0 else nxt
        holes = sorted([(g.value.start, g.value.end) for g in groups if g.value is not None and end < g.value.start < nxt]
                       + [(a, b) for a, b, _ in year_spans(sentence) if end < a < nxt])
        if not holes or any(g.tiers for g in groups if g.value is not None and end < g.value.start < nxt):
            break
        cuts, at = [], end + 1
        for a, b in holes:
            cuts.append(sentence[at:a])
            at = max(at, b)
        if not rest_rx.match(" ".join(cuts) + " " + sentence[at:nxt]):
            break
        end = nxt
    return end


def _value_run(sentence: str, values: list[Group], after: bool) -> list[Group]:
    """The values a "respectively" cue lists: the run joined only by list separators, the first one
    after the cue ("lần lượt là 85% và 80% vào năm 2025, cùng đạt 100%" lists two) or the last before it."""
    gap = target_rules().value_list_gap
    order = values if after else values[::-1]
    run = [order[0]]
    for g in order[1:]:
        a, b = (run[-1], g) if after else (g, run[-1])
        if not gap.match(sentence[a.value.end:b.value.start]):
            break
        run.append(g)
    return run if after else run[::-1]


def _respectively_by_year(sentence: str, values: list[Group]) -> bool:
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


def previous_runs(groups: list[list[TierMention]], n: int) -> Optional[list[list[TierMention]]]:
    """The previous statement's tier groups as `n` runs: its groups, else its tiers one each."""
    if len(groups) == n:
        return groups
    flat = [t for g in groups for t in g]
    return [[t] for t in flat] if len(flat) == n else None


def borrow(groups: list[Group], years: list[tuple[int, int]], sentence: str = "") -> list[Group]:
    """A value with no tier of its own takes the tiers of the next group that has some ("đạt 80% và
    đến năm 2030, đạt 100% <tiers>"), or, after a change of year, of the only earlier group
    ("80% <tiers> ..., đến năm 2030 đạt 100%", also when the next clause opens with a subject of
    its own). Not across a ";" to a clause that opens with its
    own tiers ("... 100% năm 2030; thư viện cơ sở giáo dục phổ thông ... đạt 60%": another subject)."""
    for i, g in enumerate(groups):
        if g.value is None or g.tiers:
            continue
        donor = next((h for h in groups[i + 1:] if h.tiers and h.value is not None), None)
        between = sentence[g.value.end:donor.tiers[0].start] if donor is not None else ""
        later_subject = donor is not None and donor.tiers[0].start < donor.value.start and ";" in between
        own = target_rules().own_phrase
        unread = (donor is not None and own is not None and donor.value.start < donor.tiers[0].start
                  and bool(own.match(sentence, g.value.end, donor.value.start)))
        if donor is not None and (". " in between or "(" in between or later_subject or unread):
            donor = None  # another sentence, a bracket, another clause's subject, or a tier of its own not read
        if donor is None and (later_subject or not any(h.tiers and h.value is not None for h in groups[i + 1:])):
            earlier = [h for h in groups[:i] if h.tiers and h.value is not None]
            year_between = earlier and any(earlier[0].end <= p < g.value.start for p, _ in years)
            if len(earlier) == 1 and year_between:
                donor = earlier[0]
        if donor is not None:
            g.borrowed = donor
    return groups


def model_tiers(sentence: str, groups: list[Group], classifier) -> None:
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
            g.model_confidence = min(guess[1], r.model_max_confidence)


def also_predicate(sentence: str, sector: Optional[str], own: tuple[str, int, int], quantities: list[Quantity],
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
