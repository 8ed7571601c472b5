"""Labels of codes and headings for readers, in Vietnamese (default) or English (rules/report/labels.yaml).

The taxonomy's codes stay the identifiers; these are only what a reader sees beside them.
"""
from __future__ import annotations

import functools
from typing import Optional

from pydantic import BaseModel

from ..core.rules import load_rules

LANGS = ("vi", "en")


class Label(BaseModel):
    vi: str
    en: str
    short_vi: Optional[str] = None
    short_en: Optional[str] = None
    mark_vi: Optional[str] = None
    mark_en: Optional[str] = None


class LabelFile(BaseModel):
    indicators: dict[str, Label]
    subjects: dict[str, Label]
    statuses: dict[str, Label]
    roles: dict[str, Label]
    units: dict[str, Label]
    agencies_en: dict[str, str]
    text: dict[str, Label]


@functools.lru_cache(maxsize=1)
def label_file() -> LabelFile:
    """The validated label file."""
    return load_rules("report/labels.yaml", LabelFile)


class Labels:
    """What a reader sees for each code, in one language.

    >>> Labels("vi").subject("armed_forces"), Labels("en").status("not_adopted")
    ('Thư viện lực lượng vũ trang', 'not adopted')
    >>> Labels("vi").t("covers_to", year=2030)
    'đến năm 2030'
    """

    def __init__(self, lang: str = "vi"):
        if lang not in LANGS:
            raise ValueError(f"unknown language {lang!r} (use {' or '.join(LANGS)})")
        self.lang = lang
        self.f = label_file()

    def _pick(self, table: dict[str, Label], code: Optional[str], kind: str = "") -> str:
        lab = table.get(code or "")
        if lab is None:  # a code the file does not know (other.*, other:<name>): show the code itself
            return code or ""
        return getattr(lab, f"{kind}{self.lang}", None) or getattr(lab, self.lang)

    def t(self, key: str, **values) -> str:
        """A heading or sentence of the page, with {placeholders} filled."""
        return self._pick(self.f.text, key).format(**values)

    def indicator(self, code: str, short: bool = False) -> str:
        return self._pick(self.f.indicators, code, "short_" if short else "")

    def subject(self, code: Optional[str], short: bool = False) -> str:
        return self._pick(self.f.subjects, code or "", "short_" if short else "")

    def status(self, code: str) -> str:
        return self._pick(self.f.statuses, code)

    def role(self, code: str) -> str:
        return self._pick(self.f.roles, code)

    def role_mark(self, code: str) -> str:
        return self._pick(self.f.roles, code, "mark_")

    def unit(self, code: str) -> str:
        return self._pick(self.f.units, code)

    def agency(self, code: str, name_vi: str) -> str:
        """The body's Vietnamese name (its English rendering with --lang en when the file has one)."""
        if self.lang == "en":
            return self.f.agencies_en.get(code, name_vi)
        return name_vi
