"""Normalise raw plan text: NFC, one tone-mark convention, clean spaces, no markdown, rejoined lines.

The result keeps a map back to the raw text, and every later span is a span of
this normalised text. Rules (tone marks, odd spaces, noise lines) live in
rules/normalise.yaml.
"""
from __future__ import annotations

import functools
import unicodedata

import regex
from pydantic import BaseModel

from .models import Line, NormalisedText
from .rules import load_rules


class _NormaliseRules(BaseModel):
    tone_marks: dict[str, str]
    odd_spaces: list[str]
    invisible: list[str]
    noise_lines: list[str]
    examples: list[dict[str, str]] = []
    counterexamples: list[str] = []


class _Compiled:
    def __init__(self, r: _NormaliseRules):
        pairs = dict(r.tone_marks)
        pairs.update({k[0].upper() + k[1:]: v[0].upper() + v[1:] for k, v in r.tone_marks.items()})
        pairs.update({k.upper(): v.upper() for k, v in r.tone_marks.items()})
        self.tone_map = pairs
        alts = "|".join(sorted(map(regex.escape, pairs), key=len, reverse=True))
        # Only at the end of a syllable, and "uy" is left alone after q (quý).
        self.tone_re = regex.compile(rf"(?:{alts})(?!\p{{L}})")
        self.space_table = {ord(c): " " for c in r.odd_spaces}
        self.space_table[ord("\r")] = None
        for c in r.invisible:
            self.space_table[ord(c)] = None
        self.noise = [regex.compile(p) for p in r.noise_lines]


@functools.lru_cache(maxsize=1)
def _rules() -> _Compiled:
    return _Compiled(load_rules("normalise.yaml", _NormaliseRules))


_HEADING_MARK = regex.compile(r"^\s*#{1,6}\s+")
_BOLD = regex.compile(r"\*\*|__")
_EMPH = regex.compile(r"(?<![\*\w])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\*\w])")
_ITEM_START = regex.compile(r"^[a-zđ]\)\s")
_BLOCK_START = regex.compile(r"^([-–+•*]\s|[IVX]+\.\s|\d+(\.\d+)*\.?\s|[a-zđ]\)\s)")
_TERMINAL = ".:;!?"


def fix_tone_marks(text: str) -> str:
    """Move tone marks to the one stored convention; length is preserved.

    >>> fix_tone_marks("Văn hoá, Thuỷ lợi, quý, hoàng")
    'Văn hóa, Thủy lợi, quý, hoàng'
    """
    r = _rules()

    def sub(m: regex.Match) -> str:
        s = m.group(0)
        # "quý", "quỳ": the u belongs to the consonant qu, the tone is already on y.
        if s[0] in "uU" and m.start() > 0 and text[m.start() - 1] in "qQ":
            return s
        return r.tone_map[s]

    return r.tone_re.sub(sub, text)


def _clean_line(line: str, base: int) -> tuple[list[str], list[int], bool, int, bool]:
    """Characters kept from one raw line with their raw offsets, plus (marked, indent, trailing_space)."""
    indent = len(line) - len(line.lstrip(" "))
    marked = False
    drop: set[int] = set()
    m = _HEADING_MARK.match(line)
    if m:
        marked = True
        drop.update(range(m.start(), m.end()))
    body = line[m.end():] if m else line
    off = m.end() if m else 0
    stripped = body.strip()
    if stripped.startswith("**") and stripped.endswith("**") and len(stripped) > 4 and "**" not in stripped[2:-2]:
        marked = True
    for bm in _BOLD.finditer(body):
        drop.update(range(off + bm.start(), off + bm.end()))
    for em in _EMPH.finditer(body):
        drop.add(off + em.start())
        drop.add(off + em.end() - 1)
    chars: list[str] = []
    idx: list[int] = []
    for i, ch in enumerate(line):
        if i in drop:
            continue
        if ch == " " and (not chars or chars[-1] == " "):
            continue
        chars.append(ch)
        idx.append(base + i)
    trailing = bool(chars) and chars[-1] == " "
    while chars and chars[-1] == " ":
        chars.pop()
        idx.pop()
    return chars, idx, marked, indent, trailing


def normalise(raw: str) -> NormalisedText:
    """Normalise `raw` into logical lines joined by '\\n', with an offset map to `raw` (after NFC)."""
    r = _rules()
    text = unicodedata.normalize("NFC", raw)
    text = fix_tone_marks(text.translate({k: v for k, v in r.space_table.items() if v == " "}))
    invisible = {k for k, v in r.space_table.items() if v is None}

    pending: list[tuple[list[str], list[int], bool, int, bool]] = []
    pos = 0
    for raw_line in text.split("\n"):
        base = pos
        pos += len(raw_line) + 1
        if invisible:
            kept = [(c, base + i) for i, c in enumerate(raw_line) if ord(c) not in invisible]
            line = "".join(c for c, _ in kept)
            remap = [i for _, i in kept]
        else:
            line, remap = raw_line, None
        chars, idx, marked, indent, trailing = _clean_line(line, 0)
        if not chars:
            continue
        content = "".join(chars)
        if any(p.match(content) for p in r.noise):
            continue
        idx = [remap[i] for i in idx] if remap is not None else [base + i for i in idx]
        pending.append((chars, idx, marked, indent, trailing, base + len(raw_line)))

    out_chars: list[str] = []
    origin: list[int] = []
    lines: list[Line] = []
    cur_start = 0
    prev_trailing = False
    for n, (chars, idx, marked, indent, trailing, eol) in enumerate(pending):
        join, sep = False, True
        if lines or out_chars:
            first = chars[0]
            content_head = "".join(chars[:3])
            prev_last = out_chars[-1]
            prev_before = out_chars[-2] if len(out_chars) > 1 else " "
            if (first.islower() and not _ITEM_START.match(content_head)) or first in ",;)%":
                join = True
            elif prev_last in "-/" and prev_before != " " and not prev_trailing and (first.isalnum()):
                join, sep = True, False
            elif prev_trailing and prev_last not in _TERMINAL and not _BLOCK_START.match("".join(chars[:12])):
                # A wrapped line (PDF style: the break left a trailing space) that goes on with a capital.
                prev_line = "".join(out_chars[cur_start:])
                join = not prev_line.isupper()
        if join:
            if sep:
                out_chars.append(" ")
                origin.append(prev_eol)
            out_chars.extend(chars)
            origin.extend(idx)
        else:
            if out_chars:
                lines.append(Line.model_construct(start=cur_start, end=len(out_chars), marked=cur_marked, indent=cur_indent))
                out_chars.append("\n")
                origin.append(prev_eol)
            cur_start = len(out_chars)
            cur_marked, cur_indent = marked, indent
            out_chars.extend(chars)
            origin.extend(idx)
        prev_trailing = trailing
        prev_eol = eol
    if out_chars:
        lines.append(Line.model_construct(start=cur_start, end=len(out_chars), marked=cur_marked, indent=cur_indent))
    return NormalisedText.model_construct(text="".join(out_chars), lines=tuple(lines), origin=tuple(origin))
