"""Find institution tiers (the subject of a share target) in text, from rules/tiers.yaml."""
from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Optional

import regex
from pydantic import BaseModel

from ..core import patterns
from ..core.rules import load_rules


class _Tier(BaseModel):
    sector: str
    patterns: list[str]
    city_patterns: list[str] = []  # only in centrally-run cities
    province_patterns: list[str] = []  # only in provinces


class _TierRules(BaseModel):
    tiers: dict[str, _Tier]
    elliptic_level: str
    elliptic_gap: str
    headed_level: str
    back_level: str = ""
    back_level_value_before: str = ""
    back_level_value_after: str = ""
    shared_level: str = ""
    joint_level: str = ""
    headless_starts: list[str] = []
    abbreviation: str = ""
    head_sectors: dict[str, str]
    bracket_kinds: str = ""
    bracket_kind_split: str = ","
    bracket_inclusion: str = ""
    named_back: str = ""
    kinds: dict[str, dict[str, str]] = {}
    levels: dict[str, dict[str, str]]
    city_levels: dict[str, dict[str, str]] = {}
    town_levels: dict[str, dict[str, str]] = {}
    examples: list[dict] = []
    counterexamples: list[str] = []


@dataclass(frozen=True)
class TierMention:
    code: str
    sector: str
    start: int
    end: int
    # One institution named by several kinds ("Bảo tàng - Thư viện tỉnh", a merged unit): the sectors of
    # all its members, each member a mention of its own; a row takes the member of its indicator's sector.
    joint: tuple[str, ...] = ()


@functools.lru_cache(maxsize=1)
def _tier_rules() -> _TierRules:
    return load_rules("tiers.yaml", _TierRules)


def spaced(pattern: str) -> str:
    """A phrase pattern that also matches when PDF extraction glued its words ("thưviện").

    >>> bool(regex.fullmatch(spaced("thư viện tỉnh"), "thưviện tỉnh"))
    True
    """
    return pattern.replace(" ", r"\s*")


Abbreviations = tuple  # ((long form, short form), ...): what a plan defines (abbreviations())


def abbreviations(text: str) -> Abbreviations:
    """The abbreviations a plan defines for kinds of institution, as (long, short) pairs.

    >>> abbreviations("hệ thống thư viện (sau đây gọi tắt là TV), bảo tàng (viết tắt: BT)")
    (('bảo tàng', 'BT'), ('thư viện', 'TV'))
    """
    rx = _abbreviation_rx()
    if rx is None or "tắt" not in text:
        return ()
    return tuple(sorted({(m.group("long").lower(), m.group("short")) for m in rx.finditer(text)}))


@functools.lru_cache(maxsize=1)
def _abbreviation_rx() -> Optional[regex.Pattern]:
    pattern = _tier_rules().abbreviation
    return patterns.compile(pattern, regex.IGNORECASE) if pattern else None


@functools.lru_cache(maxsize=8)
def _compiled(city: bool, abbr: Abbreviations = ()) -> list[tuple[str, str, regex.Pattern]]:
    out = []
    for code, tier in _tier_rules().tiers.items():
        pats = tier.patterns + (tier.city_patterns if city else tier.province_patterns)
        for p in pats:
            if "{province}" in p:
                from ..structure.provinces import name_pattern

                p = p.replace("{province}", name_pattern(aliases=True))  # "Thừa Thiên Huế" as well as "Huế"
            for long, short in abbr:  # "thư viện" -> "(?:thư viện|TV)", the short form case-sensitive
                p = regex.sub(rf"(?i:{regex.escape(long)})", lambda _m: f"(?:{long}|(?-i:{short}))", p)
            out.append((code, tier.sector, patterns.compile(rf"(?<!\p{{L}})(?:{spaced(p)})(?!\p{{L}})", regex.IGNORECASE)))
    return out


def headless(text: str, t: TierMention) -> bool:
    """Is the mention written without its sector's head noun ("cơ sở giáo dục nghề nghiệp" after "thư viện
    cơ sở giáo dục phổ thông và"): a kind sharing the head of the one before it?"""
    words = text[t.start:t.end].lower()
    return not any(words.startswith(h) for h in _tier_rules().head_sectors)


def bare_head(text: str, t: TierMention) -> bool:
    """Is the mention its sector's head noun alone ("Bảo tàng"), naming no particular institution?"""
    return text[t.start:t.end].lower() in _tier_rules().head_sectors


def tier_sector(code: str) -> str:
    """Sector of a tier code."""
    return _tier_rules().tiers[code].sector


def find_tiers(text: str, city: bool = False, abbr: Abbreviations = (),
               before_sector: Optional[str] = None, before: tuple[TierMention, ...] = ()) -> list[TierMention]:
    """Non-overlapping tier mentions, longest match first, in text order.

    `before_sector` is the sector of the clause before this one in the same item, which a level
    named back ("; đến năm 2030, duy trì 100% ở cấp tỉnh") refers to when the text has no tier before it;
    `before` the tiers of that clause, which "các thư viện này" names back when the text has none before it.

    >>> [m.code for m in find_tiers("90% thư viện trường đại học, thư viện chuyên ngành")]
    ['university', 'specialized']
    """
    # A statement's text is read for tiers several times (its groups, its list, a table's label): the
    # mentions are frozen, so one reading serves them all.
    return list(_find_tiers(text, city, abbr, before_sector, tuple(before)))


@functools.lru_cache(maxsize=1024)
def _find_tiers(text: str, city: bool, abbr: Abbreviations, before_sector: Optional[str],
                before: tuple[TierMention, ...]) -> tuple[TierMention, ...]:
    cands = []
    for code, sector, rx in _compiled(city, abbr):
        for m in rx.finditer(text):
            cands.append(TierMention(code, sector, m.start(), m.end()))
    cands.sort(key=lambda t: (-(t.end - t.start), t.start))
    taken: list[TierMention] = []
    for c in cands:
        if all(c.end <= t.start or c.start >= t.end for t in taken):
            taken.append(c)
    shared = _shared_levels(text, taken, city)
    if shared:  # a head noun alone read as its sector's generic tier is the shared level's tier instead
        taken = [t for t in taken if not any(_generic_head(t, u.start, u.end) for u in shared)]
    taken = sorted(taken + _headed_levels(text, taken, city) + shared, key=lambda t: t.start)
    taken = _joint_levels(text, taken, city)
    taken = sorted(taken + _back_levels(text, taken, city, before_sector), key=lambda t: t.start)
    taken = sorted(taken + _named_back(text, taken, before), key=lambda t: t.start)
    return tuple(_elliptic(text, _bracket_kinds(text, _without_included(text, _without_orphans(text, taken))), city))


@functools.lru_cache(maxsize=1)
def _bracket_rx() -> tuple[Optional[regex.Pattern], regex.Pattern]:
    r = _tier_rules()
    return (patterns.compile(r.bracket_kinds) if r.bracket_kinds else None), patterns.compile(r.bracket_kind_split)


@functools.lru_cache(maxsize=1)
def _inclusion_rx() -> Optional[regex.Pattern]:
    r = _tier_rules()
    return patterns.compile(r.bracket_inclusion, regex.IGNORECASE) if r.bracket_inclusion else None


def _without_included(text: str, found: list[TierMention]) -> list[TierMention]:
    """Without the tiers inside a bracket that says what the tier before it takes in (rules/tiers.yaml
    `bracket_inclusion`).

    >>> [m.code for m in find_tiers("50% thư viện cấp xã (bao gồm thư viện các huyện trước đây) có")]
    ['commune_public']
    """
    rx = _inclusion_rx()
    if rx is None or "(" not in text:
        return found
    inside = [m.span() for t in found if (m := rx.match(text, t.end))]
    return [t for t in found if not any(a <= t.start < b for a, b in inside)]


def _bracket_kinds(text: str, found: list[TierMention]) -> list[TierMention]:
    """A tier with its kinds in a bracket after it is each of those kinds, the first over the tier's
    words and each later one over its own word in the bracket.

    >>> [m.code for m in find_tiers("70% thư viện trường học (phổ thông và nghề nghiệp) có")]
    ['school', 'vocational']
    """
    rx, split = _bracket_rx()
    if rx is None or "(" not in text:
        return found
    out: list[TierMention] = []
    for t in found:
        m = rx.match(text, t.end)
        kinds = _tier_rules().kinds.get(t.sector, {})
        parts = _parts(split, text, *m.span("body")) if m else []
        codes = [kinds.get(text[a:b].lower()) for a, b in parts]
        if not parts or None in codes:
            out.append(t)
            continue
        ends = [b for _, b in parts[:-1]] + [m.end()]
        out.append(TierMention(codes[0], t.sector, t.start, ends[0]))
        out.extend(TierMention(c, t.sector, a, e) for c, (a, _), e in zip(codes[1:], parts[1:], ends[1:]))
    return out


def _parts(split: regex.Pattern, text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of the pieces of text[start:end] between the separators `split` matches."""
    out, pos = [], start
    for m in split.finditer(text, start, end):
        out.append((pos, m.start()))
        pos = m.end()
    return out + [(pos, end)]


def _without_orphans(text: str, found: list[TierMention]) -> list[TierMention]:
    """Drop a tier written without its head noun that does not follow another tier of a list.

    >>> [m.code for m in find_tiers("TV cơ sở giáo dục phổ thông, cơ sở giáo dục nghề nghiệp: 75%")]
    []
    """
    starts = tuple(w.lower() for w in _tier_rules().headless_starts)
    gap = _elliptic_rx()[1]
    out: list[TierMention] = []
    for t in found:
        if text[t.start:t.end].lower().startswith(starts) and not (
                out and gap.match(text[out[-1].end:t.start])):
            continue
        out.append(t)
    return out


@functools.lru_cache(maxsize=1)
def _elliptic_rx() -> tuple[regex.Pattern, regex.Pattern]:
    r = _tier_rules()
    return patterns.compile(r.elliptic_level, regex.IGNORECASE), patterns.compile(r.elliptic_gap, regex.IGNORECASE)


def _levels(sector: str, city: bool) -> dict[str, str]:
    r = _tier_rules()
    return {**r.levels.get(sector, {}), **(r.city_levels if city else r.town_levels).get(sector, {})}


@functools.lru_cache(maxsize=1)
def _headed_rx() -> regex.Pattern:
    return patterns.compile(_tier_rules().headed_level, regex.IGNORECASE)


def _headed_levels(text: str, found: list[TierMention], city: bool) -> list[TierMention]:
    """The first level phrase after a sector's head noun and its predicate ("thư viện công cộng ứng
    dụng ... ở cấp thành phố, cấp xã"), where no tier is named already (_elliptic adds the rest).

    >>> [m.code for m in find_tiers("tỷ lệ thư viện công cộng có dịch vụ số ở cấp tỉnh, cấp xã đạt", False)]
    ['provincial_public', 'commune_public']
    """
    out = []
    heads = _tier_rules().head_sectors
    for m in _headed_rx().finditer(text):
        a, b = m.span("first")
        if any(t.start < b and a < t.end for t in found) or any(m.start() <= t.start < a for t in found):
            continue  # a tier already stands there, or between the head and the level
        sector = heads[m.group("head").lower()]
        code = _levels(sector, city).get(m.group("level").lower())
        if code:
            out.append(TierMention(code, sector, a, b))
    return out


@functools.lru_cache(maxsize=1)
def _back_rx() -> Optional[tuple[regex.Pattern, regex.Pattern, regex.Pattern]]:
    r = _tier_rules()
    if not r.back_level:
        return None
    return (patterns.compile(r.back_level, regex.IGNORECASE), patterns.compile(r.back_level_value_before),
            patterns.compile(r.back_level_value_after, regex.IGNORECASE))


_VALUE_REACH = 12  # characters before "ở cấp ..." a value may end in ("100%  "): `back_level_value_before`


def _back_levels(text: str, found: list[TierMention], city: bool,
                 before_sector: Optional[str] = None) -> list[TierMention]:
    """Level phrases naming back a tier of the sector before them, beside a value ("duy trì 100% ở
    cấp tỉnh", "ở cấp xã lên 60%"): that level's tier in the nearest earlier tier's sector.

    >>> [m.code for m in find_tiers("70% thư viện cấp huyện; năm 2030, duy trì 100% ở cấp tỉnh")]
    ['district_public', 'provincial_public']
    """
    rxs = _back_rx()
    if rxs is None or not (found or before_sector) or "cấp" not in text:
        return []
    level_rx, before_rx, after_rx = rxs
    out = []
    for m in level_rx.finditer(text):
        a, b = m.span("first")
        if any(t.start < b and a < t.end for t in found):
            continue
        if not (before_rx.search(text, max(0, m.start() - _VALUE_REACH), m.start()) or after_rx.match(text, b)):
            continue
        sector = next((t.sector for t in reversed(found) if t.end <= m.start()), before_sector)
        code = _levels(sector, city).get(m.group("level").lower()) if sector else None
        if code:
            out.append(TierMention(code, sector, a, b))
    return out


@functools.lru_cache(maxsize=1)
def _named_back_rx() -> Optional[regex.Pattern]:
    r = _tier_rules()
    return patterns.compile(r.named_back, regex.IGNORECASE) if r.named_back else None


def _named_back(text: str, found: list[TierMention], before: tuple[TierMention, ...] = ()) -> list[TierMention]:
    """Tiers a demonstrative names back ("...; đến năm 2030, các thư viện này cùng với ... đạt 100%"): the
    tiers of the head's sector in the clause before it (`before`: the previous sentence's, when the
    text has no clause before it), each over the demonstrative's words.

    >>> [m.code for m in find_tiers("60% thư viện trường đại học, thư viện chuyên ngành có ...; các thư viện này đạt 100%")]
    ['university', 'specialized', 'university', 'specialized']
    """
    rx = _named_back_rx()
    if rx is None or not (found or before) or "này" not in text and "trên" not in text:
        return []
    out = []
    for m in rx.finditer(text):
        sector = _tier_rules().head_sectors.get(m.group("head").lower())
        clause = text.rfind(";", 0, m.start())
        start = text.rfind(";", 0, clause) + 1 if clause >= 0 else 0
        named = [t for t in found if start <= t.start and t.end <= max(clause, 0) and t.sector == sector] \
            if clause >= 0 else [t for t in before if t.sector == sector]
        out += [TierMention(t.code, t.sector, m.start(), m.end()) for t in named]
    return out


@functools.lru_cache(maxsize=1)
def _shared_rx() -> Optional[regex.Pattern]:
    r = _tier_rules()
    return patterns.compile(r.shared_level, regex.IGNORECASE) if r.shared_level else None


def _generic_head(t: TierMention, a: int, b: int) -> bool:
    """Is `t` a head noun alone (a sector's generic tier) inside the span a..b of a shared level's tier?"""
    return a == t.start and t.end <= b


def _shared_levels(text: str, found: list[TierMention], city: bool) -> list[TierMention]:
    """Head nouns of several sectors listed before one level ("thư viện, bảo tàng, trung tâm văn hóa
    cấp tỉnh"): each head is the tier of that level in its own sector (the last one is found already).

    >>> [m.code for m in find_tiers("100% thư viện, bảo tàng, trung tâm văn hóa cấp tỉnh tổ chức")]
    ['provincial_public', 'provincial_museum', 'provincial_center']
    """
    rx = _shared_rx()
    if rx is None:
        return []
    out = []
    heads = _tier_rules().head_sectors
    for m in rx.finditer(text):
        level = m.group("level").lower()
        spans = m.spans("head")
        for k, (a, head_end) in enumerate(spans):
            b = m.end() if k == len(spans) - 1 else head_end  # the last head holds the level: "bảo tàng cấp tỉnh"
            if any(t.start < b and a < t.end and not _generic_head(t, a, b) for t in found):
                continue  # already a tier of its own (the last head, with the level)
            sector = heads.get(text[a:head_end].lower())
            code = _levels(sector, city).get(level) if sector else None
            if code:
                out.append(TierMention(code, sector, a, b))
    return out


@functools.lru_cache(maxsize=1)
def _joint_rx() -> Optional[regex.Pattern]:
    r = _tier_rules()
    return patterns.compile(r.joint_level, regex.IGNORECASE) if r.joint_level else None


def _joint_levels(text: str, found: list[TierMention], city: bool) -> list[TierMention]:
    """Kinds joined by a dash before one level ("Bảo tàng - Thư viện tỉnh"): one merged institution,
    a mention per kind at that level, each knowing the sectors of the others (TierMention.joint).

    >>> [(m.code, m.joint) for m in find_tiers("Bảo tàng - Thư viện tỉnh tổ chức 06 cuộc trưng bày")]
    [('provincial_museum', ('museum', 'library')), ('provincial_public', ('museum', 'library'))]
    """
    rx = _joint_rx()
    if rx is None:
        return found
    heads = _tier_rules().head_sectors
    for m in rx.finditer(text):
        spans = m.spans("head")
        sectors = tuple(heads[text[a:b].lower()] for a, b in spans)
        members = []
        for k, ((a, head_end), sector) in enumerate(zip(spans, sectors)):
            code = _levels(sector, city).get(m.group("level").lower())
            if code:
                members.append(TierMention(code, sector, a, m.end() if k == len(spans) - 1 else head_end, sectors))
        if len(members) == len(spans):
            found = [t for t in found if t.end <= m.start() or t.start >= m.end()] + members
    return sorted(found, key=lambda t: t.start)


def _elliptic(text: str, found: list[TierMention], city: bool = False) -> list[TierMention]:
    """Add the tiers of level phrases that share the head noun of the tier before them ("..., cấp huyện").

    >>> [m.code for m in find_tiers("trung tâm văn hóa cấp tỉnh, cấp huyện tổ chức")]
    ['provincial_center', 'district_center']
    """
    level_rx, gap_rx = _elliptic_rx()
    out: list[TierMention] = []
    for t in found:
        out.append(t)
        last = t
        while True:
            nxt_start = next((u.start for u in found if u.start >= last.end), len(text))
            m = level_rx.search(text, last.end, nxt_start)
            if not m or not gap_rx.match(text[last.end:m.start()]):
                break
            code = _levels(t.sector, city).get(m.group("level").lower())
            if code is None:
                break
            last = TierMention(code, t.sector, m.start(), m.end())
            out.append(last)
    return out
