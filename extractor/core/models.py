"""Pydantic models for everything that crosses a module boundary.

Data flows one way: reader -> normaliser -> segmenter -> extractors -> store.
Every span (start_char, end_char) refers to the *normalised* text of its plan,
so that ``text[start_char:end_char] == quote`` holds for every stored row.
"""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import chain
from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, field_serializer

SectionKind = Literal["preamble", "purpose", "goals", "tasks", "funding", "organization", "closing"]
Unit = Literal["percent", "percent_per_year", "count", "count_per_year"]
Role = Literal["lead", "coordinate", "implement", "report"]
Method = Literal["rule", "model"]


class _Model(BaseModel):
    # Validators are built on first validation, not at import: the pipeline makes these with
    # model_construct (trusted values), so a one-plan ingest never pays for most of them.
    model_config = ConfigDict(defer_build=True)


class _Frozen(_Model):
    model_config = ConfigDict(frozen=True, defer_build=True)


class UnsureWord(_Frozen):
    """A word OCR was unsure of (or repaired), as a span of the raw text."""

    start: int
    end: int
    conf: float  # Tesseract's confidence, 0-100
    page: int  # 1-based
    read_as: Optional[str] = None  # what Tesseract read, when a rule of rules/ocr.yaml repaired it


class OcrProvenance(_Frozen):
    """How much of a document's text came from OCR, and with what."""

    engine: str  # "tesseract 5.3.0 (vie)"
    pages: tuple[int, ...]  # 1-based pages read by OCR
    total_pages: int
    unsure: tuple[UnsureWord, ...] = ()
    marks: tuple[str, ...] = ()  # "page 8: <text>": lines left out as stamp, signature or handwriting


class RawDocument(_Frozen):
    """What a reader returns: decoded text plus identity of the source file."""

    source_name: str  # file name without folder and extension
    path: str
    fmt: Literal["txt", "md", "pdf", "docx"]
    text: str
    content_hash: str  # sha256 of the file bytes, hex
    ocr: Optional[OcrProvenance] = None  # set when some pages were read by OCR


class Line(_Frozen):
    """One logical line of the normalised text (hard breaks inside sentences already rejoined)."""

    start: int
    end: int  # exclusive, points at the '\n' or end of text
    marked: bool = False  # the source marked it as a heading (markdown '#', whole-line bold)
    indent: int = 0  # leading spaces in the source line (nested markdown bullets)
    after_blank: bool = False  # a blank line stood before it in the source: a paragraph of its own


class OffsetMap(Sequence[int]):
    """origin[i] = index in raw text of normalised char i, kept as runs of consecutive raw offsets.

    Nearly every normalised character maps to the character after the previous one, so a plan
    needs a few hundred runs instead of ~20k ints; and the pipeline itself never maps spans back,
    so the per-character tuple is only built if someone reads it. Behaves as that tuple.
    """

    __slots__ = ("_runs", "_len", "_flat")

    def __init__(self, runs: Sequence[tuple[int, int]], length: int):
        self._runs = runs  # (raw start, raw end) of each run, in normalised order
        self._len = length
        self._flat: Optional[tuple[int, ...]] = None

    def _expanded(self) -> tuple[int, ...]:
        if self._flat is None:
            self._flat = tuple(chain.from_iterable(range(a, b) for a, b in self._runs))
        return self._flat

    def __len__(self) -> int:
        return self._len

    def __getitem__(self, i):
        return self._expanded()[i]

    def __iter__(self) -> Iterator[int]:
        return iter(self._expanded())

    def __eq__(self, other) -> bool:
        if isinstance(other, (OffsetMap, tuple)):
            return self._expanded() == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._expanded())

    def __repr__(self) -> str:
        return repr(self._expanded())


class NormalisedText(_Frozen):
    """Normalised text with its logical lines and a map back to the raw text."""

    text: str
    lines: tuple[Line, ...]
    # origin[i] = index in raw text of normalised char i. The normaliser stores an OffsetMap (same
    # behaviour, built lazily); validation from data gives a plain tuple, and both dump as a tuple.
    origin: tuple[int, ...] = Field(repr=False)

    @field_serializer("origin")
    def _origin_as_tuple(self, origin: Sequence[int]) -> tuple[int, ...]:
        return tuple(origin)

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a span of the normalised text back to the raw text."""
        if start >= len(self.origin):
            return (self.origin[-1] + 1, self.origin[-1] + 1) if self.origin else (0, 0)
        last = self.origin[end - 1] + 1 if end > start else self.origin[start]
        return self.origin[start], last


class Section(_Frozen):
    """A heading and everything under it, up to the next heading of the same or higher level."""

    section_id: str
    parent_id: Optional[str] = None
    level: int
    label: Optional[str] = None  # numbering as written: 'II', '2', '2.1', 'a'; None for preamble/closing
    heading: Optional[str] = None
    kind: SectionKind
    start_char: int
    end_char: int
    # What decided the kind: "heading: 'mục tiêu'", "content: 4 of 4 sub-headings name bodies",
    # "position: after goals", "parent", "words: 'Trên đây là'" (structure/kinds.py).
    kind_evidence: str = ""
    kind_confidence: float = 1.0


class Block(_Frozen):
    """A content unit inside a section: a lettered item, a bullet, or a plain paragraph."""

    section_id: str
    kind: Literal["item", "bullet", "paragraph"]
    marker: Optional[str] = None  # 'a', '-', '+'
    depth: int = 0  # 0 for '-' or lettered items and paragraphs, 1 for '+' under a '-'
    parent: Optional[int] = None  # index of the enclosing block (a '+' under its '-')
    start_char: int  # start of the content (after the marker)
    end_char: int


class Metadata(_Model):
    province: Optional[str] = None
    doc_number: Optional[str] = None
    issued_on: Optional[str] = None
    program_ref: Optional[str] = None
    program_ref_as_written: list[str] = Field(default_factory=list)
    horizon_year: Optional[int] = None
    plan_year: Optional[int] = None  # set for single-year plans ("... năm 2025")
    # the first year of the period the title names ("giai đoạn 2026 - 2030"); read, not stored: a value
    # dated before it is background, like one dated before the plan's issue
    start_year: Optional[int] = None
    signer: Optional[str] = None
    report_day: Optional[int] = None
    report_month: Optional[int] = None
    report_year: Optional[int] = None
    report_recurring: Optional[bool] = None


def first_plan_year(meta: "Metadata") -> Optional[int]:
    """The first year a plan's commitments can be for: its year of issue, or its title period's start if later."""
    years = [y for y in (int(meta.issued_on[:4]) if meta.issued_on else None, meta.start_year) if y]
    return max(years) if years else None


class PlanWarning(_Model):
    """Something a user should know about a plan (typo in a reference, ambiguous number...)."""

    code: str
    message: str
    start_char: Optional[int] = None
    end_char: Optional[int] = None


class Target(_Model):
    section_id: Optional[str] = None
    sector: str
    indicator: str
    subject: Optional[str] = None
    year: Optional[int] = None
    value: float
    value_max: Optional[float] = None
    unit: Unit
    comparator: Literal["=", ">="] = "="
    implicit: bool = False
    quote: str
    start_char: int
    end_char: int
    method: Method = "rule"
    confidence: float = 1.0
    rule: Optional[str] = None  # which rule (or model) produced the row, for audit


class Assignment(_Model):
    section_id: Optional[str] = None
    agency: str
    agency_name: str
    role: Role
    requested: bool = False
    partners: list[str] = Field(default_factory=list)
    duty: str
    deadline: Optional[str] = None
    start_char: int
    end_char: int
    method: Method = "rule"
    confidence: float = 1.0
    rule: Optional[str] = None  # which rule produced the row, for audit ("table_row.lead" for a duty table)
    topic: Optional[str] = None  # the group row a duty table row sits under ("Tuyên truyền, nâng cao nhận thức")


class Funding(_Model):
    source: Literal["state_budget", "socialization", "other_legal"]
    quote: str
    start_char: int
    end_char: int
    confidence: float = 1.0  # the funding part's kind confidence (heading words 1.0, content, position)


class ParsedPlan(_Model):
    """Everything extracted from one plan, ready to store in one transaction."""

    doc_id: str
    source_name: str
    source_path: str
    fmt: str
    content_hash: str
    text: str
    metadata: Metadata
    text_source: Literal["text", "ocr", "mixed"] = "text"  # mixed: some pages by OCR
    ocr_engine: Optional[str] = None
    ocr_pages: list[int] = Field(default_factory=list)  # 1-based
    sections: list[Section]
    blocks: list[Block] = Field(default_factory=list)
    targets: list[Target] = Field(default_factory=list)
    assignments: list[Assignment] = Field(default_factory=list)
    funding: list[Funding] = Field(default_factory=list)
    warnings: list[PlanWarning] = Field(default_factory=list)


class SegmentedPlan(_Model):
    """What every extractor reads: the normalised text, its section tree and blocks, and metadata."""

    text: str
    sections: list[Section]
    blocks: list[Block]
    metadata: Metadata

    def section(self, section_id: Optional[str]) -> Optional[Section]:
        """The section with this id, or None."""
        return next((s for s in self.sections if s.section_id == section_id), None)
