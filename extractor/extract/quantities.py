"""Find value phrases (percentages, ranges, yearly growth, counts) in a sentence.

Patterns live in rules/quantities.yaml. Dates, decision numbers, periods
("giai đoạn 2021 - 2030") and classifications never match: a value needs a
percent sign or a counted noun.
"""
from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass
from typing import Optional

import regex
from pydantic import BaseModel

from ..core import patterns
from ..core.rules import load_rules


class _QuantityRules(BaseModel):
    number: str
    range_joiners: list[str]
    percent: str
    count: str
    count_nouns: list[str]
    count_list: str = ""
    per_year_after: str
    per_year_against: str
    per_year_before: str
    count_per_year_before: str
    count_per_year_after: str
    count_per_year_lead: str
    count_per_period_before: str = ""
    count_per_period_after: str = ""
    periods_per_year: dict[str, int] = {}
    at_least_before: str
    at_least_after: str
    range_from: str
    rise_to: str = ""
    reference_before: str = ""
    aside_before: str = ""
    percent_markers: list[str]
    fraction: str = ""
    count_in_words: str = ""
    count_words: dict[str, int] = {}
    count_in_words_markers: list[str] = []
    percent_words: dict = {}
    examples: list[dict] = []
    counterexamples: list[str] = []


@dataclass(frozen=True)
class Quantity:
    """A value phrase: value, optional upper bound, unit, comparator, and its span in the sentence."""

    value: float
    value_max: Optional[float]
    unit: str
    comparator: str
    start: int
    end: int
    phrase_start: int = -1  # the whole phrase, with "ít nhất"/"tối thiểu" before and "mỗi năm"/"so với ..." after
    phrase_end: int = -1
    baseline: Optional[int] = None  # "so với năm 2023": yearly only for a target year of 2024 (targets.py checks)
    per_period: Optional[str] = None  # "02 cuộc/tháng": written for each month ("tháng") or quarter, value made yearly


class _Compiled:
    def __init__(self, r: _QuantityRules):
        joiners = "|".join(regex.escape(j) for j in sorted(r.range_joiners, key=len, reverse=True))
        nouns = "|".join(regex.escape(n) for n in sorted(r.count_nouns, key=len, reverse=True))
        fmt = lambda p: p.replace("{number}", r.number).replace("{joiners}", joiners).replace("{nouns}", nouns)
        flags = regex.IGNORECASE
        self.percent = patterns.compile(fmt(r.percent), flags)
        # A share cannot be written without one of its markers ("%", "phần trăm"), and most sentences
        # have none: a containment test then saves the scan.
        self.percent_markers = tuple(r.percent_markers)
        self.word_markers = tuple(m for m in r.percent_markers if m.isalpha() or " " in m)  # "phần trăm"
        self.count = patterns.compile(fmt(r.count), flags)
        self.count_list = patterns.compile(fmt(r.count_list), flags) if r.count_list else None
        self.per_year_after = patterns.compile(r.per_year_after, flags)
        self.per_year_against = patterns.compile(r.per_year_against, flags)
        self.per_year_before = patterns.compile(r.per_year_before, flags)
        self.count_per_year_before = patterns.compile(r.count_per_year_before, flags)
        self.count_per_year_after = patterns.compile(r.count_per_year_after, flags)
        self.count_per_year_lead = patterns.compile(r.count_per_year_lead, flags)
        self.per_period_before = patterns.compile(r.count_per_period_before, flags) if r.count_per_period_before else None
        self.per_period_after = patterns.compile(r.count_per_period_after, flags) if r.count_per_period_after else None
        self.periods_per_year = r.periods_per_year
        self.at_least_before = patterns.compile(r.at_least_before, flags)
        self.at_least_after = patterns.compile(r.at_least_after, flags)
        self.range_from = patterns.compile(r.range_from, flags)
        self.rise_to = patterns.compile(r.rise_to, flags) if r.rise_to else None
        self.reference_before = patterns.compile(r.reference_before, flags) if r.reference_before else None
        self.aside_before = patterns.compile(r.aside_before, flags) if r.aside_before else None
        self.fraction = patterns.compile(r.fraction, flags) if r.fraction else None
        words = "|".join(regex.escape(w) for w in sorted(r.count_words, key=len, reverse=True))
        self.count_words = {w.lower(): n for w, n in r.count_words.items()}
        self.count_in_words_markers = tuple(r.count_in_words_markers)
        self.count_in_words = patterns.compile(fmt(r.count_in_words).replace("{words}", words), flags) \
            if r.count_in_words and words else None
        self.percent_words = r.percent_words
        self.percent_in_words = _percent_in_words_rx(r.percent_words) if r.percent_words else None


def _percent_in_words_rx(w: dict) -> regex.Pattern:
    """"tám mươi lăm phần trăm": units, "mươi" after a unit, "mười", "một trăm"; not before "(70%)"."""
    units = "|".join(regex.escape(u) for u in sorted(w["units"], key=len, reverse=True))
    ten, tens, hundred = (regex.escape(w[k]) for k in ("ten", "tens", "hundred"))
    number = rf"{hundred}|(?:(?:{units})\s+{tens}|{ten})(?:\s+(?:{units}))?|{units}"
    return patterns.compile(rf"(?<!\p{{L}})(?P<w>{number})\s+phần trăm(?!\p{{L}})(?!\s*\(\s*\d)", regex.IGNORECASE)


@functools.lru_cache(maxsize=1)
def _words_before_digits_rx() -> Optional[regex.Pattern]:
    """The words a value in brackets restates, right before its bracket ("sáu mươi phần trăm (")."""
    w = _rules().percent_words
    if not w:
        return None
    units = "|".join(regex.escape(u) for u in sorted(w["units"], key=len, reverse=True))
    ten, tens, hundred = (regex.escape(w[k]) for k in ("ten", "tens", "hundred"))
    number = rf"{hundred}|(?:(?:{units})\s+{tens}|{ten})(?:\s+(?:{units}))?|{units}"
    return patterns.compile(rf"(?<!\p{{L}})(?:{number})\s+phần trăm\s*\(\s*$", regex.IGNORECASE)


WORDS_REACH = 40  # characters: the longest value in words before its digits


def _with_words_before(sentence: str, found: list[Quantity]) -> list[Quantity]:
    """"Thư viện tỉnh, sáu mươi phần trăm (60%) thư viện cấp xã": the digits' phrase starts at the words
    they restate, so that what stands before it is read as before the value."""
    rx = _words_before_digits_rx() if "phần trăm" in sentence.lower() else None
    if rx is None:
        return found
    out = []
    for q in found:
        m = rx.search(sentence, max(0, q.start - WORDS_REACH), q.start) if q.unit.startswith("percent") else None
        out.append(dataclasses.replace(q, phrase_start=min(q.phrase_start, m.start())) if m else q)
    return out


def _words_value(words: str, w: dict) -> int:
    """The number "tám mươi lăm" (85), "mười lăm" (15), "một trăm" (100) or "năm" (5) says."""
    parts = words.lower().split()
    if " ".join(parts) == w["hundred"]:
        return 100
    units = w["units"]
    if parts[0] == w["ten"]:
        return 10 + (units[parts[1]] if len(parts) > 1 else 0)
    if len(parts) > 1 and parts[1] == w["tens"]:
        return 10 * units[parts[0]] + (units[parts[2]] if len(parts) > 2 else 0)
    return units[parts[0]]


@functools.lru_cache(maxsize=1)
def _rules() -> _Compiled:
    return _Compiled(load_rules("quantities.yaml", _QuantityRules))


def _num(s: Optional[str]) -> Optional[float]:
    return float(s.replace(",", ".")) if s else None


def clause_begin(sentence: str, pos: int) -> int:
    """Where the clause holding position `pos` starts: after the previous ";" or full stop."""
    return max(sentence.rfind(";", 0, pos), sentence.rfind(". ", 0, pos)) + 1


def clause_end(sentence: str, pos: int) -> int:
    """Where the clause holding position `pos` ends: at the next ";" or full stop, else the sentence's end."""
    ends = [e for e in (sentence.find(";", pos), sentence.find(". ", pos)) if e >= 0]
    return min(ends) if ends else len(sentence)


def _clause_before(sentence: str, start: int) -> str:
    """Text of the clause before position `start` (back to the previous ';' or '.')."""
    return sentence[clause_begin(sentence, start):start]


def has_quantity(text: str) -> bool:
    """Whether find_quantities(text) finds anything, without building the phrases."""
    r = _rules()
    return bool((any(m in text for m in r.percent_markers) and r.percent.search(text)) or r.count.search(text)
                or ("/" in text and r.fraction is not None and r.fraction.search(text))
                or (_may_count_in_words(text, r) and r.count_in_words.search(text))
                or (r.percent_in_words is not None and any(m in text for m in r.word_markers)
                    and r.percent_in_words.search(text)))


def find_quantities(sentence: str) -> list[Quantity]:
    """Every value phrase in a sentence, in order.

    >>> [(q.value, q.value_max, q.unit) for q in find_quantities("tăng bình quân 10 - 15% mỗi năm")]
    [(10.0, 15.0, 'percent_per_year')]
    """
    r = _rules()
    found: list[Quantity] = []
    for m in r.percent.finditer(sentence) if any(k in sentence for k in r.percent_markers) else ():
        before = _clause_before(sentence, m.start())
        after = sentence[m.end():]
        tail = r.per_year_after.match(after)
        against = None if tail else r.per_year_against.match(after)
        tail = tail or against
        per_year = bool(tail or r.per_year_before.search(before))
        lead = r.at_least_before.search(before)
        trail = r.at_least_after.match(after)
        at_least = bool(lead and not (m.group("vmax") and r.range_from.search(before))) or bool(trail)
        found.append(Quantity(_num(m.group("v")), _num(m.group("vmax")), "percent_per_year" if per_year else "percent",
                              ">=" if at_least else "=", m.start(), m.end(),
                              phrase_start=m.start() - len(before) + lead.start() if lead else m.start(),
                              phrase_end=m.end() + max(tail.end() if tail else 0, trail.end() if trail else 0),
                              baseline=int(against.group("base")) if against else None))
    listed = list(r.count_list.finditer(sentence)) if r.count_list is not None and " và " in sentence else []
    for m in sorted(list(r.count.finditer(sentence)) + listed, key=lambda m: m.start()):
        if any(q.start <= m.start() < q.end for q in found):
            continue
        before = _clause_before(sentence, m.start())
        after = sentence[m.end():]
        per_year = _count_per_year(sentence, m.start(), m.end(), r)
        lead = r.at_least_before.search(before)
        trail = r.at_least_after.match(after)
        vmax = m.groupdict().get("vmax")  # (a count of a list has none)
        at_least = bool(lead and not (vmax and r.range_from.search(before))) or bool(trail)
        q = Quantity(_num(m.group("v")), _num(vmax), "count_per_year" if per_year else "count",
                     ">=" if at_least else "=", m.start(), m.end(),
                     phrase_start=m.start() - len(before) + lead.start() if lead else m.start(),
                     phrase_end=m.end() + (trail.end() if trail else 0))
        found.append(_per_period(q, before, after, r))
    if "/" in sentence and r.fraction is not None:
        fractions = _fractions(sentence, r)
        found = [q for q in found if not _restates(sentence, q, fractions)] + fractions
    if _may_count_in_words(sentence, r):
        found += _counts_in_words(sentence, r)
    if r.percent_in_words is not None and any(m in sentence for m in r.word_markers):
        found += [q for q in _percents_in_words(sentence, r) if not any(f.start <= q.start < f.end for f in found)]
    found = _with_words_before(sentence, sorted(found, key=lambda q: q.start))
    return _without_references(sentence, _without_rise_starts(sentence, found, r), r)


def _without_rise_starts(sentence: str, found: list[Quantity], r: _Compiled) -> list[Quantity]:
    """Leave out the start of a rise, "từ 50% (năm 2026)" in "tăng từ 50% (năm 2026) lên 75%": a
    baseline, not a commitment (the unexplained-number check reports it)."""
    if r.rise_to is None or len(found) < 2 or "từ" not in sentence:
        return found
    return [q for q, nxt in zip(found, found[1:] + [None])
            if nxt is None or q.unit != nxt.unit or q.value_max is not None
            or not r.range_from.search(sentence, 0, q.start) or not r.rise_to.match(sentence[q.end:nxt.phrase_start])]


REFERENCE_REACH = 80  # characters before a value where the comparison citing it stands


def _without_references(sentence: str, found: list[Quantity], r: _Compiled) -> list[Quantity]:
    """Leave out a value cited from the national programme or the country to compare with ("cao hơn mục
    tiêu chung của Đề án là 60%"), and a bracketed aside for a group no tier names ("(đối với các xã vùng đặc
    biệt khó khăn đạt 20%)"): no commitment of the list (the unexplained-number check reports them)."""
    if r.reference_before is None:
        return found
    return [q for q in found
            if not r.reference_before.search(sentence, max(0, q.phrase_start - REFERENCE_REACH), q.phrase_start)
            and not (r.aside_before is not None and "(" in sentence
                     and r.aside_before.search(sentence, max(0, q.phrase_start - REFERENCE_REACH), q.phrase_start))]


def _percents_in_words(sentence: str, r: _Compiled) -> list[Quantity]:
    """"tám mươi lăm phần trăm thư viện ...": a share written in words."""
    out = []
    for m in r.percent_in_words.finditer(sentence):
        before = _clause_before(sentence, m.start())
        lead = r.at_least_before.search(before)
        out.append(Quantity(float(_words_value(m.group("w"), r.percent_words)), None, "percent",
                            ">=" if lead else "=", m.start(), m.end(),
                            phrase_start=m.start() - len(before) + lead.start() if lead else m.start(),
                            phrase_end=m.end()))
    return out


def opens_yearly(sentence: str) -> bool:
    """Does the sentence open with "Hằng năm" (rules/quantities.yaml `count_per_year_lead`)? Its later
    clauses cut at ";" are yearly too: "Hằng năm, Thư viện tỉnh tổ chức 04 cuộc; Bảo tàng tỉnh tổ chức 06 hoạt động"."""
    return bool(_rules().count_per_year_lead.match(sentence))


def yearly_counts(quantities: list[Quantity]) -> list[Quantity]:
    """The counts of a clause that goes on from a yearly one, made yearly."""
    return [dataclasses.replace(q, unit="count_per_year") if q.unit == "count" else q for q in quantities]


def _per_period(q: Quantity, before: str, after: str, r: _Compiled) -> Quantity:
    """A count for each quarter or month ("mỗi quý ... 01 cuộc", "02 cuộc/tháng") made a count per year."""
    m = None
    if r.per_period_after is not None:
        m = r.per_period_after.match(after)
    if m is None and r.per_period_before is not None:
        m = r.per_period_before.search(before)
    if m is None:
        return q
    times = r.periods_per_year[m.group("per").lower()]
    return dataclasses.replace(q, value=q.value * times, value_max=q.value_max * times if q.value_max else None,
                               unit="count_per_year", per_period=m.group("per").lower())


def _count_per_year(sentence: str, start: int, end: int, r: _Compiled) -> bool:
    """Is the count at sentence[start:end] yearly ("hằng năm ...", "... mỗi năm", a sentence opening "Hằng năm")?"""
    return bool(r.count_per_year_before.search(_clause_before(sentence, start))
                or r.count_per_year_after.match(sentence[end:]) or r.count_per_year_lead.match(sentence))


def _may_count_in_words(text: str, r: _Compiled) -> bool:
    """A containment test that spares the scan for counts in words in most sentences (they hold no lower bound)."""
    return r.count_in_words is not None and any(m in text for m in r.count_in_words_markers)


def _counts_in_words(sentence: str, r: _Compiled) -> list[Quantity]:
    """"tối thiểu hai chương trình": a count written in words after its lower bound."""
    out = []
    for m in r.count_in_words.finditer(sentence):
        per_year = _count_per_year(sentence, m.start(), m.end(), r)
        start, end = m.start("w"), m.end("noun")
        out.append(Quantity(float(r.count_words[m.group("w").lower()]), None,
                            "count_per_year" if per_year else "count", ">=", start, end,
                            phrase_start=m.start(), phrase_end=end))
    return out


_RESTATED_WITHIN = 80  # characters from a fraction to the bracket that gives it in percent
_RESTATING_BRACKET = regex.compile(r"\(\s*(?:\p{Ll}+\s+){0,2}$")  # "(71,4%)", "(đạt 61%)", "(tương đương 75%)"


def _restates(sentence: str, q: Quantity, fractions: list[Quantity]) -> bool:
    """Is `q` a bracketed percentage restating a fraction just before it ("ít nhất 10/14 nhà văn hóa ấp
    (71,4%)")? The fraction is the value written; the bracket says it again."""
    if q.unit != "percent" or not _RESTATING_BRACKET.search(sentence[max(0, q.start - 12):q.start]):
        return False
    # the bracket may round the fraction's share to a whole number ("14/23 thư viện (đạt 61%)", 60.9)
    return any(f.end <= q.start <= f.end + _RESTATED_WITHIN and abs(f.value - q.value) <= 0.55
               and not any(c in sentence[f.end:q.start] for c in ";.") for f in fractions)


def _fractions(sentence: str, r: _Compiled) -> list[Quantity]:
    """"7/9 thư viện cấp huyện": the share the fraction is, in percent with one decimal."""
    out = []
    for m in r.fraction.finditer(sentence):
        n, d = int(m.group("n")), int(m.group("d"))
        if not 0 < d or n > d:
            continue
        before = _clause_before(sentence, m.start())
        lead = r.at_least_before.search(before)
        out.append(Quantity(round(100 * n / d, 1), None, "percent", ">=" if lead else "=", m.start(), m.end(),
                            phrase_start=m.start() - len(before) + lead.start() if lead else m.start(),
                            phrase_end=m.end()))
    return out
