"""Vietnam's provincial-level units: name resolution and the 2025 merger.

The 63 pre-2025 units, their kind and their post-2025 unit come from the
`vietnamadminunits` package (admin_units.py); ``rules/provinces.yaml`` adds what it
lacks (spellings found in plans, the prefixes that introduce a name, the legal
source). This module loads both once, validates them, and compares strings.

Comparison is done on a *key*: NFC, case-folded, with old tone placement
mapped to the modern one ("hoá" -> "hóa", "thuỷ" -> "thủy"), dashes unified
and whitespace collapsed. Matching is exact on the key after stripping
prefixes such as "UBND tỉnh"; a name is never matched inside a longer word.

>>> canonical_province("UBND tỉnh Bắc Kạn")
'Bắc Kạn'
>>> current_province("Bắc Kạn")
'Thái Nguyên'
>>> canonical_province("Bình") is None
True
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Literal, Optional, Sequence

import regex
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from ..core import patterns
from ..core.rules import SAFE_LOADER
from .admin_units import current_units, legacy_units

__all__ = [
    "Province",
    "CurrentUnit",
    "ProvinceRules",
    "ProvinceRulesError",
    "rules_path",
    "load_rules",
    "canonical_province",
    "find_province_mentions",
    "current_province",
    "all_provinces",
    "fold",
]

Kind = Literal["tinh", "thanh_pho"]

# --------------------------------------------------------------------------- #
# Text normalisation
# --------------------------------------------------------------------------- #

_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2212"
_DASH_RE = re.compile(rf"\s*[{_DASHES}]\s*")
_SPACE_RE = re.compile(r"\s+")


def _retone(s: str) -> str:
    """Old tone placement to modern (length-preserving), by the one table in rules/normalise.yaml.

    >>> _retone("thanh hoá, khánh hoà, thuỷ lợi, quý, hoàng")
    'thanh hóa, khánh hòa, thủy lợi, quý, hoàng'
    """
    from ..read.normalise import fix_tone_marks

    return fix_tone_marks(s)


def fold(s: str) -> str:
    """Comparison key: NFC, case-folded, modern tone placement, " - " dashes, single spaces.

    >>> fold("  Bà Rịa–Vũng  TÀU ")
    'bà rịa - vũng tàu'
    >>> fold("Khánh Hoà") == fold("KHÁNH HÒA")
    True
    """
    s = unicodedata.normalize("NFC", unicodedata.normalize("NFC", s).casefold())
    s = _retone(s)
    s = _DASH_RE.sub(" - ", s)
    return _SPACE_RE.sub(" ", s).strip()


_MARK_RE = patterns.compile(r"\p{M}")  # every character with a combining class is a mark (\p{M})


def _fold_with_offsets(text: str) -> tuple[str, Sequence[int], Sequence[int]]:
    """Lower-case NFC, re-toned copy of ``text`` with, per character, its span in ``text``.

    Characters are composed cluster by cluster (base + combining marks), so
    offsets stay valid for NFD input too.

    >>> folded, starts, ends = _fold_with_offsets("Tỉnh Khánh Hoà")
    >>> folded, starts[13], ends[13]
    ('tỉnh khánh hòa', 13, 14)
    """
    low = text.lower()
    if (len(low) == len(text) and "\u03a3" not in text and unicodedata.is_normalized("NFC", text)
            and not _MARK_RE.search(text)):
        # The usual case, NFC text without combining marks: every cluster is one character
        # and lower-cases to one character (no "İ"; no final sigma, the one context rule of
        # str.lower), so the per-cluster loop below would produce exactly this.
        return _retone(low), range(len(text)), range(1, len(text) + 1)
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    i, n = 0, len(text)
    while i < n:
        j = i + 1
        while j < n and unicodedata.combining(text[j]):
            j += 1
        for ch in unicodedata.normalize("NFC", text[i:j]):
            low = ch.lower()
            out.append(low if len(low) == 1 else ch)
            starts.append(i)
            ends.append(j)
        i = j
    folded = _retone("".join(out))
    return folded, starts, ends


# --------------------------------------------------------------------------- #
# Rule file model
# --------------------------------------------------------------------------- #


class ProvinceRulesError(ValueError):
    """The province rule file is missing or invalid; the message names file and key."""


def _nfc(v: str) -> str:
    if unicodedata.normalize("NFC", v) != v:
        raise ValueError(f"{v!r} is not NFC")
    if v != v.strip() or not v:
        raise ValueError(f"{v!r} is empty or has surrounding whitespace")
    return v


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Province(_Model):
    """One pre-2025 provincial-level unit."""

    name: str
    kind: Kind
    aliases: tuple[str, ...] = ()
    merged_into_2025: str

    @field_validator("name", "merged_into_2025")
    @classmethod
    def _check_name(cls, v: str) -> str:
        return _nfc(v)

    @field_validator("aliases")
    @classmethod
    def _check_aliases(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        for a in v:
            _nfc(a)
        return v


class CurrentUnit(_Model):
    """One post-2025 provincial-level unit (Resolution 202/2025/QH15)."""

    name: str
    kind: Kind

    @field_validator("name")
    @classmethod
    def _check_name(cls, v: str) -> str:
        return _nfc(v)


class Prefixes(_Model):
    """Words stripped before a province name: the unit type and the body named after it."""

    unit: tuple[str, ...] = Field(min_length=1)
    organ: tuple[str, ...] = ()


class Example(_Model):
    text: str
    canonical: str
    current: str


class ProvinceRules(_Model):
    """The whole of ``rules/provinces.yaml``, cross-checked."""

    source: str = Field(min_length=1)
    in_force: str = ""  # ISO date the 2025 map took effect
    prefixes: Prefixes
    provinces: tuple[Province, ...] = Field(min_length=1)
    current: tuple[CurrentUnit, ...] = Field(min_length=1)
    examples: tuple[Example, ...] = ()
    counterexamples: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _cross_check(self) -> "ProvinceRules":
        names = [p.name for p in self.provinces]
        dup = {n for n in names if names.count(n) > 1}
        if dup:
            raise ValueError(f"provinces: duplicate names {sorted(dup)}")
        current = [c.name for c in self.current]
        dup = {n for n in current if current.count(n) > 1}
        if dup:
            raise ValueError(f"current: duplicate names {sorted(dup)}")
        for i, p in enumerate(self.provinces):
            if p.merged_into_2025 not in current:
                raise ValueError(
                    f"provinces[{i}] ({p.name}).merged_into_2025: {p.merged_into_2025!r} is not in `current`"
                )
        owner: dict[str, str] = {}
        for i, p in enumerate(self.provinces):
            for form in (p.name, *p.aliases):
                for key in {fold(form), _strip_prefixes(fold(form), self.prefixes)}:
                    if not key:
                        raise ValueError(f"provinces[{i}] ({p.name}).aliases: {form!r} is only a prefix")
                    if owner.setdefault(key, p.name) != p.name:
                        raise ValueError(
                            f"provinces[{i}] ({p.name}).aliases: {form!r} also names {owner[key]!r}"
                        )
        for i, ex in enumerate(self.examples):
            if ex.canonical not in names:
                raise ValueError(f"examples[{i}].canonical: {ex.canonical!r} is not a province name")
            if ex.current not in current:
                raise ValueError(f"examples[{i}].current: {ex.current!r} is not in `current`")
        return self


def _prefix_patterns(prefixes: Prefixes) -> list[str]:
    """Regex fragments (on folded text) for every prefix, each with its trailing space rule."""
    out = []
    for p in (*prefixes.organ, *prefixes.unit):
        f = fold(p)
        body = r"\s+".join(re.escape(w) for w in f.split(" "))
        out.append(body + (r"\s*" if f.endswith(".") else r"\s+"))
    return out


@lru_cache(maxsize=8)
def _prefix_re(organ: tuple[str, ...], unit: tuple[str, ...]) -> re.Pattern:
    return re.compile(r"^(?:" + "|".join(_prefix_patterns(Prefixes(organ=organ, unit=unit))) + ")")


def _strip_prefixes(key: str, prefixes: Prefixes) -> str:
    """Remove leading organ/unit prefixes from a folded key ("ubnd tỉnh x" -> "x")."""
    pat = _prefix_re(prefixes.organ, prefixes.unit)  # built once: it is asked for every name and alias
    while True:
        new = pat.sub("", key, count=1)
        if new == key:
            return key
        key = new


# --------------------------------------------------------------------------- #
# Loading
# --------------------------------------------------------------------------- #


def rules_path() -> Path:
    """``provinces.yaml`` in the rules folder (core.rules.rules_dir: $PLANS_RULES_DIR, else the installed rules)."""
    from ..core.rules import rules_dir

    return rules_dir() / "provinces.yaml"


def load_rules(path: Path | str | None = None) -> ProvinceRules:
    """Read and validate a province rule file (uncached); raise :class:`ProvinceRulesError`."""
    path = Path(path) if path is not None else rules_path()
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
    except OSError as e:
        raise ProvinceRulesError(f"{path}: cannot read: {e}") from e
    except yaml.YAMLError as e:
        raise ProvinceRulesError(f"{path}: invalid YAML: {e}") from e
    if not isinstance(raw, dict):
        raise ProvinceRulesError(f"{path}: top level must be a mapping, got {type(raw).__name__}")
    try:
        return ProvinceRules.model_validate(_with_units(raw, path))
    except ValidationError as e:
        problems = []
        for err in e.errors():
            loc = "".join(f"[{x}]" if isinstance(x, int) else f".{x}" for x in err["loc"]).lstrip(".")
            problems.append(f"{path}: {loc or '<root>'}: {err['msg']}")
        raise ProvinceRulesError("\n".join(problems)) from e


def _with_units(raw: dict, path: Path) -> dict:
    """The rule file's mapping with `provinces` and `current` filled from the maintained source
    (vietnamadminunits, see admin_units.py); `aliases` (name -> spellings) must name its units."""
    for key in ("provinces", "current"):
        if key in raw:
            raise ProvinceRulesError(f"{path}: {key}: the units come from vietnamadminunits, not this file")
    raw = dict(raw)
    aliases = raw.pop("aliases", None) or {}
    if not isinstance(aliases, dict):
        raise ProvinceRulesError(f"{path}: aliases: must map a province name to its spellings")
    units = legacy_units()
    unknown = sorted(set(aliases) - {u.name for u in units})
    if unknown:
        raise ProvinceRulesError(f"{path}: aliases: {unknown} are not provinces of vietnamadminunits")
    provinces = [dict(name=u.name, kind=u.kind, aliases=tuple(aliases.get(u.name) or ()), merged_into_2025=u.current)
                 for u in units]
    current = [dict(name=n, kind=k) for n, k in current_units()]
    return dict(raw, provinces=provinces, current=current)


class _Index:
    """Lookup structures built once from the rules."""

    def __init__(self, rules: ProvinceRules):
        self.rules = rules
        self.by_name = {p.name: p for p in rules.provinces}
        self.current_names = {c.name for c in rules.current}
        self.by_key: dict[str, str] = {}
        bare: dict[str, str] = {}
        for p in rules.provinces:
            for form in (p.name, *p.aliases):
                k = fold(form)
                self.by_key[k] = p.name
                bare[_strip_prefixes(k, rules.prefixes)] = p.name
        self.by_key.update(bare)
        self.bare = bare
        self.prefix_re = re.compile(r"^(?:" + "|".join(_prefix_patterns(rules.prefixes)) + ")")
        # Mentions: a unit prefix, then the longest known bare name, then a word end.
        units = _prefix_patterns(Prefixes(unit=rules.prefixes.unit))
        names = sorted(bare, key=len, reverse=True)
        alts = "|".join(self._name_pattern(k) for k in names)
        if all(u[0] != "\\" for u in units):
            # "(?<!\w)" checked after each prefix's first character ("t(?<!\w.)ỉnh") means the same, and lets
            # the re module skip straight to those characters instead of trying the pattern everywhere.
            unit = "|".join(rf"{u[0]}(?<!\w.){u[1:]}" for u in units)
            self.mention_re = re.compile(rf"(?:{unit})(?P<name>{alts})(?!\w)")
        else:
            unit = "|".join(units)
            self.mention_re = re.compile(rf"(?<!\w)(?:{unit})(?P<name>{alts})(?!\w)")

    @staticmethod
    def _name_pattern(key: str) -> str:
        parts = key.split(" - ")
        return rf"\s*[{_DASHES}]\s*".join(
            r"\s+".join(re.escape(w) for w in part.split(" ")) for part in parts
        )

    def canonical_of_match(self, matched: str) -> str:
        return self.bare[fold(matched)]


@lru_cache(maxsize=1)
def cached_rules() -> ProvinceRules:
    """The province rule file, read and validated once per process."""
    return load_rules()


@lru_cache(maxsize=1)
def _index() -> _Index:
    return _Index(cached_rules())


# --------------------------------------------------------------------------- #
# Public API
# --------------------------------------------------------------------------- #


def canonical_province(text: str) -> str | None:
    """Canonical (pre-2025) province name for a surface string, or None.

    Prefixes ("tỉnh", "TP.", "UBND tỉnh", "Ủy ban nhân dân thành phố"...) are
    stripped; what remains must equal a name or alias exactly (ignoring case,
    tone placement, dash style and spacing).

    >>> canonical_province("TỈNH VĨNH LONG")
    'Vĩnh Long'
    >>> canonical_province("Thừa Thiên Huế")
    'Huế'
    >>> canonical_province("thành phố Vinh") is None
    True
    """
    idx = _index()
    key = fold(text).rstrip(".,;:").strip()
    while key:
        if key in idx.by_key:
            return idx.by_key[key]
        stripped = idx.prefix_re.sub("", key, count=1)
        if stripped == key:
            return None
        key = stripped
    return None


def find_province_mentions(text: str) -> list[tuple[str, int, int]]:
    """Every "tỉnh X" / "thành phố X" / "TP. X" mention of a known province.

    Returns ``(canonical_name, start, end)`` in text order; ``text[start:end]``
    is the whole mention, prefix included ("tỉnh Vĩnh Long"). The longest known
    name wins ("Bà Rịa - Vũng Tàu", not nothing at "Bà Rịa").

    >>> find_province_mentions("trên địa bàn tỉnh Vĩnh Long như sau")
    [('Vĩnh Long', 13, 27)]
    """
    idx = _index()
    folded, starts, ends = _fold_with_offsets(text)
    out = []
    for m in idx.mention_re.finditer(folded):
        name = idx.canonical_of_match(m.group("name"))
        out.append((name, starts[m.start()], ends[m.end() - 1]))
    return out


def current_province(name: str) -> str:
    """Post-2025 unit (Resolution 202/2025/QH15) of a pre-2025 province.

    ``name`` should be canonical; any surface form accepted by
    :func:`canonical_province` also works. Raises ``KeyError`` if unknown.

    >>> current_province("Thái Bình")
    'Hưng Yên'
    >>> current_province("tỉnh Sóc Trăng")
    'Cần Thơ'
    """
    idx = _index()
    p = idx.by_name.get(name)
    if p is None:
        canon = canonical_province(name)
        if canon is None:
            raise KeyError(f"unknown province: {name!r}")
        p = idx.by_name[canon]
    return p.merged_into_2025


def province_on(name: str, issued_on: Optional[str]) -> str:
    """The unit a plan of `name` belongs to on the day it was issued: the post-2025 unit for a plan
    issued once the 2025 map was in force (rules/provinces.yaml `in_force`), else `name`.

    >>> province_on("Yên Bái", "2026-02-11"), province_on("Yên Bái", "2024-05-02")
    ('Lào Cai', 'Yên Bái')
    """
    in_force = _index().rules.in_force
    if not issued_on or not in_force or issued_on[:10] < in_force:
        return name
    try:
        return current_province(name)
    except KeyError:
        return name


@lru_cache(maxsize=2)
def name_pattern(aliases: bool = False) -> str:
    """Regex alternation of the province names, longest first (spaces kept as spaces for the caller's
    spacing rule); with `aliases`, every alias too, as written and without its unit prefix ("hcm")."""
    idx = _index()
    forms = {p.name for p in idx.rules.provinces}
    if aliases:
        for p in idx.rules.provinces:
            for a in p.aliases:
                forms.update((a, idx.prefix_re.sub("", fold(a))))
    forms.discard("")
    # Longest first, then by text: a set's order changes from process to process, the pattern must not
    # (the compiled-pattern cache is keyed by its text).
    ordered = sorted(forms, key=lambda n: (-len(n), n))
    return "(?:" + "|".join(regex.escape(n).replace("\\ ", " ") for n in ordered) + ")"


def all_provinces() -> list[Province]:
    """The 63 pre-2025 units as records (name, kind, aliases, merged_into_2025), in file order."""
    return list(_index().rules.provinces)
