"""Which year dates a value: the candidates of the `year` decision (ranked in ranking.py).

Candidates are every year or period the sentence names, the year its context gives (a period
in the sentence, the heading or lead-in, a one-year plan), "every year" for a yearly count, and
the plan's horizon as the last resort. Features say where each stands against the value: written
right after it ("20% vào năm 2025", "80% (năm 2027)"), right before it ("năm 2030 đạt 80%"), the
last one before it, the first one after it (before the next value), and whether the sentence
puts its years after its values ("đạt 75% vào năm 2025 và 100% vào năm 2030").
"""
from __future__ import annotations

import functools

from typing import NamedTuple, Optional

from .cues import target_rules, year_spans
from .quantities import clause_begin, clause_end, opens_yearly
from .ranking import Candidate


class Mark(NamedTuple):
    """A year or period named in a sentence."""

    start: int
    end: int
    year: int
    kind: str  # "year" or "period"


@functools.lru_cache(maxsize=512)
def year_marks(sentence: str) -> tuple[Mark, ...]:
    """Every target year and period of a sentence, in order (baselines such as "so với năm 2023" left out).

    >>> [m.year for m in year_marks("Đến năm 2025 đạt 70%, giai đoạn 2026 - 2030 tăng 10%/năm so với năm 2025")]
    [2025, 2030]
    """
    marks = [Mark(a, b, y, "year") for a, b, y in year_spans(sentence)]
    marks += [Mark(m.start(), m.end(), int(m.group("y")), "period") for m in target_rules().period.finditer(sentence)]
    return tuple(sorted(marks))  # cached: shared, so never to be changed by a caller


def _after_list(sentence: str, m: Mark, start: int, ends: dict[int, int]) -> bool:
    """Is the mark written right after the last value of the list (values joined by separators) that
    the value at `start` opens or belongs to?"""
    r = target_rules()
    starts = sorted(ends)
    if start not in ends:
        return False
    i = starts.index(start)
    while i + 1 < len(starts) and r.value_list_gap.match(sentence[ends[starts[i]]:starts[i + 1]]):
        i += 1
    last_end = ends[starts[i]]
    return i > starts.index(start) and m.start >= last_end and bool(r.year_after_value.match(sentence[last_end:m.start]))


def _mark_features(sentence: str, m: Mark, start: int, end: int, nxt: int, marks: tuple[Mark, ...],
                   postposed: bool, ends: dict[int, int]) -> dict[str, float]:
    r = target_rules()
    before = [x for x in marks if x.start <= start]
    f: dict[str, float] = {}
    if end > start and m.start >= end and r.year_after_value.match(sentence[end:m.start]):
        f["tight_after"] = 1.0
    if m.end <= start and r.year_before_value.match(sentence[m.end:start]):
        f["tight_before"] = 1.0
    if before and m == before[-1]:
        f["last_before_postposed" if postposed else "last_before"] = 1.0
    after = [x for x in marks if start < x.start < nxt]
    if after and m == after[0]:
        f["first_after_postposed" if postposed else "first_after"] = 1.0
    elif postposed and m == _first_in_clause(sentence, start, marks):
        # "80% A và 75% B ... vào năm 2027; chỉ tiêu này đạt 100% ... vào năm 2030": the clause's year,
        # written after all its values, dates each of them.
        f["first_in_clause_postposed"] = 1.0
    if start < m.start and m.end <= nxt < len(sentence) and r.year_before_value.match(sentence[m.end:nxt]):
        f["tight_before_next_value"] = 1.0
    if "tight_after" not in f and _after_list(sentence, m, start, ends):
        f["tight_after_list"] = 1.0  # "90% và 75% vào năm 2025": the year after a list dates all of it
    if len({x.year for x in marks}) == 1:
        f["only_year"] = 1.0  # the sentence names one year: it dates all its values
    elif not f:
        f["elsewhere"] = 1.0
    if m.kind == "period":
        f["period"] = 1.0
    if _own_clause_dated_after(sentence, m, start, marks):
        f["earlier_clause"] = 1.0
    return f


def _own_clause_dated_after(sentence: str, m: Mark, start: int, marks: tuple[Mark, ...]) -> bool:
    """Is `m` in a clause before the value's, whose own clause names a year after it ("đến năm 2030 đạt
    100% ở cả hai cấp; 70% nhà văn hóa thôn có câu lạc bộ ... vào năm 2027 và 90% vào năm 2030")?"""
    begin = clause_begin(sentence, start)
    if m.end > begin or begin == 0:
        return False
    end = clause_end(sentence, start)
    return any(start < x.start < end for x in marks) and not any(begin <= x.start < start for x in marks)


def _first_in_clause(sentence: str, start: int, marks: tuple[Mark, ...]) -> Optional[Mark]:
    """The first mark after `start` before the clause ends (at the next ";" or full stop)."""
    end = clause_end(sentence, start)
    return next((x for x in marks if start < x.start < end), None)


_BARE_DATE_CHARS = 8  # what a bracket may hold beside its year and still only date ("năm", "cuối", "hết")


def _background(sentence: str, mark: Mark, start: int, value_starts: list[int]) -> bool:
    """"Không dưới 45 % thư viện cấp xã ... (năm 2025 đạt 38 %)", "tăng trên 12 % so với năm 2025 (năm
    2025 đón khoảng 52.300 lượt khách)": a year inside a bracket that says more than the year (a
    figure of its own, a state of things) is that statement's, never the date of a value outside
    it; a bracket holding only the year ("70% (năm 2025)") dates the value before it."""
    opening = sentence.rfind("(", 0, mark.start)
    if opening < 0 or ")" in sentence[opening:mark.start]:
        return False
    closing = sentence.find(")", mark.end)
    closing = len(sentence) if closing < 0 else closing
    if opening < start < closing:
        return False
    # "100% (năm 2027 và năm 2030)": a bracket holding only a list of years dates the value before it too
    gap = target_rules().also_year_gap
    inside = [m for m in year_marks(sentence) if opening < m.start and m.end <= closing]
    if len(inside) > 1 and all(gap.match(sentence[a.end:b.start]) for a, b in zip(inside, inside[1:])):
        mark = Mark(inside[0].start, inside[-1].end, mark.year, mark.kind)
    rest = (sentence[opening + 1:mark.start] + sentence[mark.end:closing]).strip(" :,;.-–")
    return any(opening < p < closing for p in value_starts) or len(rest) > _BARE_DATE_CHARS


def year_candidates(sentence: str, start: int, end: int, value_starts: list[int], context: Optional[int],
                    horizon: Optional[int], unit: str, value_ends: Optional[dict[int, int]] = None) -> list[Candidate]:
    """Candidates for the year of a value at sentence[start:end] (end == start for a tier with no number);
    `value_ends` maps every value's start to its end (for lists of values)."""
    marks = year_marks(sentence)
    if "(" in sentence:  # only a bracket holds a background statement
        marks = tuple(m for m in marks if not _background(sentence, m, start, value_starts))
    postposed = bool(marks) and bool(value_starts) and value_starts[0] < marks[0].start
    nxt = next((p for p in value_starts if p > start), len(sentence))
    ends = value_ends or {}
    out = [Candidate(m.year, (f"year_{m.kind}",), _mark_features(sentence, m, start, end, nxt, marks, postposed, ends))
           for m in marks]
    if context:
        out.append(Candidate(context, ("year_from_context",), {"context": 1.0}))
    if unit == "count_per_year":
        out.append(Candidate(None, ("every_year",), {"every_year": 1.0, "context_given": float(bool(context)),
                                                      "yearly_clause": float(_yearly_clause(sentence, start, marks))}))
    elif not context:
        out.append(Candidate(horizon, ("year_from_horizon",), {"horizon": 1.0}))
    return out


def _yearly_clause(sentence: str, start: int, marks: tuple[Mark, ...]) -> bool:
    """Does the count's own clause open with "mỗi năm"/"hằng năm", name no year, and follow a clause that
    does ("Đến năm 2030, ... 04 chương trình; mỗi năm tổ chức tối thiểu 06 hoạt động")? A standing yearly
    count, whatever the clause before dates (a year the context gives, a one-year plan's, still dates it)."""
    begin = clause_begin(sentence, start)
    end = clause_end(sentence, start)
    return (opens_yearly(sentence[begin:]) and any(m.start < begin for m in marks)
            and not any(begin <= m.start < end for m in marks))


def also_years(sentence: str, value_end: int, year: Optional[int], next_value: int) -> list[int]:
    """The later years one value is also for: "thư viện tỉnh đạt 100% năm 2027 và năm 2030", "đạt
    100% từ năm 2025 và duy trì đến năm 2030" (rules/targets.yaml `also_year_gap`): years written
    right after the value's own year, before the next value.

    >>> also_years("thư viện tỉnh đạt 100% năm 2027 và năm 2030; thư viện cấp xã đạt 50%", 22, 2027, 60)
    [2030]
    """
    r = target_rules()
    marks = [m for m in year_marks(sentence) if value_end <= m.start < next_value and m.kind == "year"]
    if not marks or marks[0].year != year:
        return []
    if not r.year_after_value.match(sentence[value_end:marks[0].start]):
        # The value's year further on in its clause ("đạt 100% cung cấp dịch vụ ... vào năm 2025; đến
        # năm 2030 duy trì kết quả này"): only a clause keeping the value adds a year.
        own = sentence[value_end:marks[0].start]
        keeps = len(marks) > 1 and ";" not in own and "." not in own and _maintained(sentence, *marks[:2], next_value)
        return [marks[1].year] if keeps and marks[1].year > year else []
    out, prev = [], marks[0]
    for m in marks[1:]:
        if m.year <= prev.year:
            break
        if not r.also_year_gap.match(sentence[prev.end:m.start]):
            if _maintained(sentence, prev, m, next_value):
                out.append(m.year)
            break
        if next_value < len(sentence) and r.year_before_value.match(sentence[m.end:next_value]):
            break  # "đạt 70% năm 2025 và năm 2030 đạt 100%": that year is the next value's
        out.append(m.year)
        prev = m
    return out


def _maintained(sentence: str, prev: Mark, m: Mark, next_value: int) -> bool:
    """"đạt 100% ... vào năm 2025; đến năm 2030 duy trì kết quả này" (or "; duy trì mức này đến năm
    2030"): a later clause keeps the value for its year, with no value of its own (rules/targets.yaml
    `maintained_gap`, `maintained_after`; the keeping words stand before or after that year)."""
    r = target_rules()
    if r.maintained_gap is None or next_value < len(sentence) and sentence.find(";", m.end, next_value) < 0 \
            and sentence.find(".", m.end, next_value) < 0:
        return False
    gap = r.maintained_gap.match(sentence[prev.end:m.start])
    after = r.maintained_after.match(sentence[m.end:next_value])
    return bool(gap and after and (gap.group("keep") or after.group("keep")))


def milestones_after(sentence: str, value_end: int, carried: tuple[int, ...] = ()) -> list[int]:
    """The milestones a value "ở cả hai mốc" is for: the run of years the sentence lists before it
    ("Đến năm 2027 và năm 2030, ...; Thư viện tỉnh duy trì tỷ lệ 100% ở cả hai mốc"), or else the
    run of the clause before it (`carried`, across a ";" that cut the sentence), when no year follows
    in its clause (rules/targets.yaml `milestones_after`); empty otherwise.

    >>> milestones_after("Đến năm 2027 và năm 2030, thư viện xã đạt lần lượt 50% và 75%; Thư viện tỉnh 100% ở cả hai mốc.", 82)
    [2027, 2030]
    """
    r = target_rules()
    if r.milestones_after is None or not r.milestones_after.match(sentence, value_end):
        return []
    if any(value_end <= a < clause_end(sentence, value_end) for a, _, _ in year_spans(sentence)):
        return []
    return listed_run(sentence, value_end) or list(carried)


def listed_run(sentence: str, end: int) -> list[int]:
    """The first run of two or more rising years written together before `end` ("Đến năm 2027 và năm
    2030", rules/targets.yaml `year_list_gap`), or empty."""
    gap = target_rules().year_list_gap
    run: list[tuple[int, int, int]] = []
    for span in (x for x in year_spans(sentence) if x[0] < end):
        if run and gap.match(sentence[run[-1][1]:span[0]]) and span[2] > run[-1][2]:
            run.append(span)
        elif len(run) > 1:
            break
        else:
            run = [span]
    return [y for _, _, y in run] if len(run) > 1 else []
