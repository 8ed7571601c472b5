"""Certain repairs of words read by OCR (rules/ocr.yaml): "%" read as "96", O for 0, a label's
comma for its full stop, split and glued syllables.

A repair is made only where the reading is certain: a number glued to "96" before a word
that names institutions, a letter O among digits, two pieces of one syllable that are not
syllables alone, two syllables glued in the one way they can be split. Everything else is
left as Tesseract read it. Vietnamese syllables are checked against the onset and rhyme
lists of rules/ocr.yaml (tone marks taken off first).
"""
from __future__ import annotations

import functools
import unicodedata
from dataclasses import replace
from typing import Any, Sequence

import regex
from pydantic import BaseModel

from ..core import patterns
from ..core.rules import load_rules

_TONES = {"\u0301": "acute", "\u0300": "grave", "\u0309": "hook", "\u0303": "tilde", "\u0323": "dot"}
_STOP_TONES = {"acute", "dot"}
_EDGE = patterns.compile(r"^(\p{P}*)(.*?)(\p{P}*)$")


class _Percent(BaseModel):
    pattern: str
    next_word: str


class OcrRules(BaseModel):
    uncertain_below: float
    mark_below: float
    speck_ratio: float
    onsets: str  # space-separated (YAML would read a bare `on` as true)
    rhymes: str
    stop_codas: str
    vietnamese_letters: str
    percent: _Percent
    zero_in_number: str
    label_comma: str
    examples: list[dict[str, str]] = []
    counterexamples: list[str] = []


class _Compiled:
    def __init__(self, r: OcrRules):
        self.rules = r
        self.onsets = sorted(r.onsets.split(), key=len, reverse=True)
        self.rhymes = set(r.rhymes.split())
        self.stops = tuple(r.stop_codas.split())
        self.viet = set(r.vietnamese_letters)
        self.percent = patterns.compile(r.percent.pattern)
        self.percent_next = patterns.compile(r.percent.next_word, regex.IGNORECASE)
        self.zero = patterns.compile(r.zero_in_number)
        self.label_comma = patterns.compile(r.label_comma)


@functools.lru_cache(maxsize=1)
def _compiled() -> _Compiled:
    return _Compiled(load_rules("ocr.yaml", OcrRules))


def ocr_rules() -> OcrRules:
    """The settings of rules/ocr.yaml (thresholds for unsure words, marks and specks)."""
    return _compiled().rules


def is_syllable(word: str) -> bool:
    """A well-formed Vietnamese syllable (any case, NFC or not).

    >>> [is_syllable(w) for w in ("thư", "viện", "Nghiêng", "quốc", "thưviện", "ph", "hoạtt", "bát", "bàt")]
    [True, True, True, True, False, False, False, True, False]
    """
    c = _compiled()
    base, tones = _untoned(word.lower())
    if len(tones) > 1 or not base.isalpha():
        return False
    tone = tones[0] if tones else None
    for onset in [o for o in c.onsets if base.startswith(o)] + [""]:
        rhyme = base[len(onset):]
        if onset == "gi" and rhyme == "":
            return True  # "gì"
        if rhyme in c.rhymes and (not rhyme.endswith(c.stops) or tone in _STOP_TONES):
            return True
    return False


def _untoned(word: str) -> tuple[str, list[str]]:
    """The word without tone marks (vowel marks kept, NFC) and the tones it carried."""
    tones, kept = [], []
    for ch in unicodedata.normalize("NFD", word):
        if ch in _TONES:
            tones.append(_TONES[ch])
        else:
            kept.append(ch)
    return unicodedata.normalize("NFC", "".join(kept)), tones


def _is_vietnamese(word: str) -> bool:
    base, tones = _untoned(word.lower())
    return bool(tones) or any(ch in _compiled().viet for ch in base)


def repair_text(line: str) -> str:
    """The repairs applied to a line of words separated by spaces (for the rule examples).

    >>> repair_text("đạt 10096 thư viện")
    'đạt 100% thư viện'
    """
    return " ".join(repair_tokens(line.split()))


def repair_tokens(tokens: Sequence[str]) -> list[str]:
    """Repaired tokens (a split syllable joined, a glued one split: the count may change)."""
    return [text for text, _ in _walk(tokens)]


def _walk(tokens: Sequence[str]) -> list[tuple[str, tuple[int, ...]]]:
    """Each repaired token with the indices of the tokens it came from."""
    c = _compiled()
    out: list[tuple[str, tuple[int, ...]]] = []
    i = 0
    while i < len(tokens):
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        joined = _join_split(tokens[i], nxt) if nxt is not None else None
        if joined is not None:
            out.append((joined, (i, i + 1)))
            i += 2
            continue
        tok = _fix_label(tokens[i], nxt, c) if i == 0 else tokens[i]
        out.extend((piece, (i,)) for piece in _split_glued(_fix_number(tok, nxt, c)))
        i += 1
    return out


def _fix_label(tok: str, nxt: str | None, c: _Compiled) -> str:
    """'5,' -> '5.' as a line's first word before a capitalised word."""
    m = c.label_comma.match(tok)
    if m and nxt and nxt[0].isupper():
        return m.group(1) + "."
    return tok


def _fix_number(tok: str, nxt: str | None, c: _Compiled) -> str:
    if c.zero.match(tok):
        tok = tok.replace("O", "0").replace("o", "0")
    m = c.percent.match(tok)
    if m and nxt is not None and c.percent_next.match(_EDGE.match(nxt).group(2)):
        tok = f"{m.group(1)}%{m.group(2)}"
    return tok


def _join_split(a: str, b: str) -> str | None:
    """'ph' + 'ố' -> 'phố': two letter runs that are no syllable apart but one together."""
    core_b = _EDGE.match(b)
    if not a.isalpha() or not core_b.group(2).isalpha() or core_b.group(1):
        return None
    if is_syllable(a) and is_syllable(core_b.group(2)):
        return None
    whole = a + core_b.group(2)
    if is_syllable(whole) and _is_vietnamese(whole):
        return a + b
    return None


def _split_glued(tok: str) -> list[str]:
    """'thưviện' -> ['thư', 'viện'] when there is exactly one way to cut it into two syllables."""
    m = _EDGE.match(tok)
    lead, word, trail = m.groups()
    if len(word) < 3 or not word.isalpha() or is_syllable(word) or not _is_vietnamese(word):
        return [tok]
    cuts = [k for k in range(1, len(word)) if is_syllable(word[:k]) and is_syllable(word[k:])]
    if len(cuts) != 1:
        return [tok]
    k = cuts[0]
    return [lead + word[:k], word[k:] + trail]


def repair_words(words: Sequence[Any]) -> list[Any]:
    """The words (ocr.OcrWord) of one OCR line after the repairs; a changed word keeps what was read in `repaired_from`.

    A joined word's box covers both pieces and takes the lower confidence; split halves share the box.
    """
    out = []
    for text, sources in _walk([w.text for w in words]):
        first, last = words[sources[0]], words[sources[-1]]
        read = " ".join(words[k].text for k in sources)
        if text == read:
            out.append(first)
            continue
        out.append(replace(first, text=text, x1=last.x1, top=min(words[k].top for k in sources),
                           bottom=max(words[k].bottom for k in sources),
                           conf=min(words[k].conf for k in sources), repaired_from=read))
    return out
