"""Plan metadata: province, number, date, programme reference, horizon, signer, report deadline.

Patterns live in rules/metadata.yaml. Each finder is a small pure function so
its rule can be tested on sentences written in other wordings.
"""
from __future__ import annotations

import functools
from collections import Counter
from typing import Optional

import regex
from pydantic import BaseModel

from ..core import patterns
from ..core.models import Metadata, NormalisedText, PlanWarning, Section
from .provinces import canonical_province, find_province_mentions, province_on
from ..core.rules import load_rules


class _Programme(BaseModel):
    ref: str
    date: list[str]
    title_cues: list[str]


class _MetadataRules(BaseModel):
    doc_number: str
    date_line: str
    attached_to: str
    decision_ref: str
    programmes: list[_Programme]
    context_chars: int
    title_year: str
    single_year_words: list[str]
    title_date_before: str = ""
    title_stop: str
    title_headings: str
    signature_titles: str
    signer_name: str
    issuer_line: str
    area_phrase: str
    report_deadline: str
    report_cue: str
    recurring_cues: list[str]
    examples: dict = {}


class _Compiled:
    def __init__(self, r: _MetadataRules):
        self.r = r
        self.doc_number = patterns.compile(r.doc_number)
        self.date_line = patterns.compile(r.date_line)
        self.attached_to = patterns.compile(r.attached_to)
        self.decision_ref = patterns.compile(r.decision_ref, regex.IGNORECASE)
        self.title_year = patterns.compile(r.title_year, regex.IGNORECASE)
        self.title_date = patterns.compile(r.title_date_before, regex.IGNORECASE) if r.title_date_before else None
        self.title_stop = patterns.compile(r.title_stop)
        self.title_headings = patterns.compile(r.title_headings)
        self.signature_titles = patterns.compile(r.signature_titles)
        self.signer_name = patterns.compile(r.signer_name)
        self.issuer_line = patterns.compile(r.issuer_line)
        self.area_phrase = patterns.compile(r.area_phrase)
        self.report_deadline = patterns.compile(r.report_deadline)
        self.report_cue = patterns.compile(regex.escape(r.report_cue), regex.IGNORECASE)
        self.recurring = patterns.compile("|".join(map(regex.escape, r.recurring_cues)), regex.IGNORECASE)


@functools.lru_cache(maxsize=1)
def _rules() -> _Compiled:
    return _Compiled(load_rules("metadata.yaml", _MetadataRules))


# Compiled once: regex.finditer(pattern, ...) looks its pattern up in a cache on every call.
_SPACES = patterns.compile(r"\s+")
_QUOTED = patterns.compile(r"[“\"][^”\"]*[”\"]")
_LINE = patterns.compile(r"[^\n]+")
_SENTENCE = patterns.compile(r"(?:[^.]|\.(?!\s+\p{Lu}))+\.?")


def parse_doc_number(line: str) -> tuple[bool, Optional[str]]:
    """(is a number line, normalised number or None when left blank).

    >>> parse_doc_number("Số: 140 /KH-UBND")
    (True, '140/KH-UBND')
    """
    m = _rules().doc_number.match(line.strip())
    if not m:
        return False, None
    suffix = _SPACES.sub("", m.group("suffix"))
    return True, (f"{m.group('num')}/{suffix}" if m.group("num") else None)


def parse_date_line(line: str) -> Optional[tuple[str, str]]:
    """(place, ISO date or year-month) of a "Place, ngày ..." line, else None.

    >>> parse_date_line("Bắc Kạn, ngày /6/2023")
    ('Bắc Kạn', '2023-06')
    """
    m = _rules().date_line.match(line.strip())
    if not m:
        return None
    iso = _iso(m.group("d"), int(m.group("m") or m.group("m2")), int(m.group("y") or m.group("y2")))
    return (m.group("place").strip(), iso) if iso else None


def _iso(day: Optional[str], month: int, year: int) -> Optional[str]:
    if not 1 <= month <= 12:
        return None
    return f"{year:04d}-{month:02d}" + (f"-{int(day):02d}" if day and 1 <= int(day) <= 31 else "")


def parse_attached_to(line: str) -> Optional[tuple[Optional[str], Optional[str]]]:
    """(number or None when blank, ISO date or year-month) of the decision a plan is attached to.

    >>> parse_attached_to("(Kèm theo Quyết định số    /QĐ-UBND ngày    /6/2023 của UBND tỉnh)")
    (None, '2023-06')
    """
    m = _rules().attached_to.search(line)
    if not m:
        return None
    suffix = _SPACES.sub("", m.group("suffix"))
    number = f"{m.group('num')}/{suffix}" if m.group("num") else None
    return number, _iso(m.group("d"), int(m.group("m") or m.group("m2")), int(m.group("y") or m.group("y2")))


def parse_title_years(title: str) -> tuple[Optional[int], Optional[int]]:
    """(horizon year, single plan year) from a plan title; years outside the quoted programme name win.

    >>> parse_title_years("Kế hoạch “Chương trình ... đến năm 2030” trên địa bàn thành phố Huế năm 2025")
    (2025, 2025)
    >>> parse_title_years("Điều chỉnh Kế hoạch số 112/KH-UBND ngày 24 tháng 02 năm 2023 về Chương trình “... đến năm 2030”")
    (2030, None)
    """
    r = _rules()
    quoted = [(m.start(), m.end()) for m in _QUOTED.finditer(title)]
    outside, inside = [], []
    for m in r.title_year.finditer(title):
        if r.title_date is not None and r.title_date.search(title, 0, m.start()):
            continue  # "ngày 24 tháng 02 năm 2023": a date's year, not the plan's
        where = inside if any(a <= m.start() < b for a, b in quoted) else outside
        where.append((m.group("word").lower(), int(m.group("year")), m.group("from")))
    years = outside or inside
    if not years:
        return None, None
    horizon = max(y for _, y, _ in years)
    single = None
    if outside and len({y for _, y, _ in outside}) == 1:
        word, year, start = outside[0]
        if word in r.r.single_year_words and not start:
            single = year
    return horizon, single


def parse_title_start(title: str) -> Optional[int]:
    """The first year of the period a plan's title names for itself, outside the quoted programme name.

    >>> parse_title_start("Kế hoạch ... trên địa bàn xã Tân Hiệp, giai đoạn 2026 - 2030")
    2026
    """
    r = _rules()
    quoted = [(m.start(), m.end()) for m in _QUOTED.finditer(title)]
    starts = [int(m.group("from")) for m in r.title_year.finditer(title)
              if m.group("from") and not any(a <= m.start() < b for a, b in quoted)]
    return min(starts) if starts else None


def parse_report_deadline(sentence: str) -> Optional[tuple[int, int, Optional[int], Optional[bool]]]:
    """(day, month, year, recurring) of a reporting deadline in a sentence that asks for a report.

    A dated deadline is a one-off; an undated one is recurring when the sentence says so
    ("định kỳ", "hằng năm"), else unknown (None).
    """
    r = _rules()
    if not r.report_cue.search(sentence):
        return None
    m = r.report_deadline.search(sentence)
    if not m:
        return None
    day, month = int(m.group("d")), int(m.group("m"))
    if m.group("d2"):
        day, month = int(m.group("d2")), int(m.group("m2"))
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return None
    year = int(m.group("y")) if m.group("y") else None
    recurring = False if year is not None else (True if r.recurring.search(sentence) else None)
    return day, month, year, recurring


def _report_deadline(text: str, sections, warnings: list[PlanWarning]):
    """The plan's report deadline: the last one the closing part names, else the organisation part.
    Where that part names two dates (the bodies' reports to the department, the department's to the
    committee), the last is stored and the other said: keys written by careful readers take either."""
    for kind in ("closing", "organization"):
        found = []
        for s in sections:
            if s.kind != kind or (kind == "organization" and s.level != 1):
                continue
            for offset, sent in _sentences(text, s.start_char, s.end_char):
                deadline = parse_report_deadline(sent)
                if deadline:
                    found.append((deadline, offset, sent))
                    _warn_other_report_date(sent, offset, warnings)
        if found:
            (day, month, *_), offset, sent = found[-1]
            others = sorted({f"{d[0]}/{d[1]}" for d, _, _ in found} - {f"{day}/{month}"})
            if others:
                warnings.append(PlanWarning(
                    code="ambiguous_reading", start_char=offset, end_char=offset + len(sent),
                    message=f"report deadline: stored {day}/{month} (the last one named); the plan also "
                            f"names {', '.join(others)} for another report"))
            return found[-1][0]
    return None


def _warn_other_report_date(sentence: str, offset: int, warnings: list[PlanWarning]) -> None:
    """"trước ngày 20/6 và 20/12": the year's report (the last date) is stored; the half-year's is
    said, so that a reader who counts the first date sees the other reading."""
    m = _rules().report_deadline.search(sentence)
    if m and m.group("d2"):
        warnings.append(PlanWarning(
            code="ambiguous_reading", start_char=offset + m.start(), end_char=offset + m.end(),
            message=f"report deadline: stored {int(m.group('d2'))}/{int(m.group('m2'))} (the last date named); "
                    f"the plan also names {int(m.group('d'))}/{int(m.group('m'))}"))


def _sentences(text: str, start: int, end: int):
    """Sentences (by line and full stop) of text[start:end] with their offsets."""
    for m in _LINE.finditer(text[start:end]):
        s0 = start + m.start()
        for part in _SENTENCE.finditer(m.group(0)):
            yield s0 + part.start(), part.group(0)


def _program_refs(text: str, warnings: list[PlanWarning]) -> tuple[Optional[str], list[str]]:
    r = _rules()
    known = {p.ref.split("/")[0]: p for p in r.r.programmes}
    cues = [cue.lower() for p in r.r.programmes for cue in p.title_cues]
    written: list[str] = []
    numbers: Counter[str] = Counter()
    spans: dict[str, tuple[int, int]] = {}
    for m in r.decision_ref.finditer(text):
        num = m.group("num")
        window = text[max(0, m.start() - r.r.context_chars): m.end() + r.r.context_chars].lower()
        line_start = text.rfind("\n", 0, m.start()) + 1
        line_end = text.find("\n", m.end())
        line = text[line_start: line_end if line_end >= 0 else len(text)].lower()
        names_programme = any(cue in window and cue in line for cue in cues) or any(d in text[m.end(): m.end() + 40] for p in r.r.programmes for d in p.date)
        if num not in known and not names_programme:
            continue
        surface = _SPACES.sub("", m.group(0))
        if surface not in written:
            written.append(surface)
        numbers[num] += 1
        spans.setdefault(num, (m.start(), m.end()))
    if not numbers:
        # Named only by title: still linked to its decision.
        lowered = text.lower()
        for p in r.r.programmes:
            if any(cue.lower() in lowered for cue in p.title_cues):
                return p.ref, written
        return None, written
    in_known = [n for n in numbers if n in known]
    best = max(in_known or numbers, key=lambda n: numbers[n])
    ref = known[best].ref if best in known else f"{best}/QĐ-TTg"
    if len(numbers) > 1:
        others = sorted(n for n in numbers if n != best)
        for n in others:
            s, e = spans[n]
            warnings.append(PlanWarning(
                code="program_ref_variant",
                message=f"programme decision also written as {n}/QĐ-TTg; stored {ref}",
                start_char=s, end_char=e,
            ))
    return ref, written


def _province(norm: NormalisedText, preamble_end: int, date_place: Optional[str]) -> Optional[str]:
    r = _rules()
    text = norm.text
    votes: Counter[str] = Counter()
    for ln in norm.lines:
        if ln.start >= preamble_end:
            break
        m = r.issuer_line.match(text[ln.start:ln.end].strip())
        if m:
            name = canonical_province(m.group("name"))
            if name:
                votes[name] += 5
    if date_place:
        name = canonical_province(date_place)
        if name:
            votes[name] += 3
    for m in r.area_phrase.finditer(text):
        for name, _, _ in find_province_mentions(m.group("name")):
            votes[name] += 2
            break
    for name, _, _ in find_province_mentions(text):
        votes[name] += 1
    return votes.most_common(1)[0][0] if votes else None


def extract_metadata(norm: NormalisedText, sections: list[Section]) -> tuple[Metadata, list[PlanWarning]]:
    """Metadata of one plan from its normalised text and section tree."""
    text = norm.text
    warnings: list[PlanWarning] = []
    meta = Metadata()
    preamble_end = next((s.start_char for s in sections if s.kind != "preamble"), len(text))
    header_lines = [text[ln.start:ln.end].strip() for ln in norm.lines if ln.start < preamble_end]

    date_place = None
    numbered = False  # a "Số: ..." line was seen, even a blank one
    attached = None
    for line in header_lines:
        is_num, num = parse_doc_number(line)
        if is_num and meta.doc_number is None:
            numbered, meta.doc_number = True, num
            continue
        parsed = parse_date_line(line)
        if parsed and meta.issued_on is None:
            date_place, meta.issued_on = parsed
        attached = attached or parse_attached_to(line)
    if attached and not numbered and meta.issued_on is None:
        # No header of its own: the plan is dated and numbered by the decision it is attached to.
        meta.doc_number, meta.issued_on = attached

    meta.province = _province(norm, preamble_end, date_place)
    if meta.province and province_on(meta.province, meta.issued_on) != meta.province:
        # a plan issued after the 2025 reorganisation is of a unit of the new map, whatever name it writes
        warnings.append(PlanWarning(code="province_merged", start_char=0, end_char=0,
                                    message=f"the plan names {meta.province}, which has been part of "
                                            f"{province_on(meta.province, meta.issued_on)} since the 2025 "
                                            f"reorganisation; stored as {province_on(meta.province, meta.issued_on)}"))
        meta.province = province_on(meta.province, meta.issued_on)
    meta.program_ref, meta.program_ref_as_written = _program_refs(text, warnings)

    title = plan_title(header_lines)
    if title:
        meta.horizon_year, meta.plan_year = parse_title_years(title)
        meta.start_year = parse_title_start(title)

    closing = [s for s in sections if s.kind == "closing"]
    if closing:
        meta.signer = _signer(text[closing[-1].start_char:closing[-1].end_char])
    if meta.signer is None and preamble_end > 0:
        # A decision that issues the plan is signed before the plan it attaches (Điều 1-3, signature,
        # then "KẾ HOẠCH ..."): its signature block sits in the preamble.
        meta.signer = _signer(text[:preamble_end])

    deadline = _report_deadline(text, sections, warnings)
    if deadline:
        meta.report_day, meta.report_month, meta.report_year, meta.report_recurring = deadline

    if meta.province is None:
        warnings.append(PlanWarning(code="no_province", message="no province found in the issuer block, title or text"))
    if meta.program_ref is None:
        warnings.append(PlanWarning(code="no_program_ref", message="no reference to a national programme found"))
    return meta, warnings


def plan_title(header_lines: list[str]) -> Optional[str]:
    """The plan title: the lines after the last document-type heading of the preamble ('KẾ HOẠCH',
    or 'QUYẾT ĐỊNH' for a decision that holds the plan itself; rules/metadata.yaml
    `title_headings`), or the whole header, up to a line that opens the legal basis or the body
    (`title_stop`).

    >>> plan_title(["KẾ HOẠCH", "Thực hiện Chương trình ... đến năm 2030", "- Căn cứ Luật Thư viện năm 2019;"])
    'Thực hiện Chương trình ... đến năm 2030'
    """
    heads = _rules().title_headings
    idx = [i for i, l in enumerate(header_lines) if heads.match(l)]
    if idx:
        rest = header_lines[idx[-1] + 1:]
        stop = _rules().title_stop
        rest = rest[:next((i for i, l in enumerate(rest) if i and stop.match(l)), len(rest))]
        # A title set in capitals may wrap over several lines (PDF); otherwise it is a line or two.
        caps = [l for l in rest[:8]]
        n = next((i for i, l in enumerate(caps) if not l.isupper()), len(caps))
        return " ".join(rest[:n] if n >= 2 else rest[:2])
    return " ".join(header_lines[:8]) or None


def _signer(closing_text: str) -> Optional[str]:
    r = _rules()
    lines = [l.strip() for l in closing_text.split("\n") if l.strip()]
    after_title = False
    name = None
    for line in lines:
        if r.signature_titles.search(line) and line.isupper():
            after_title = True
            continue
        if after_title:
            m = r.signer_name.match(line)
            if m:
                name = m.group("name")
    return name
