"""Find the bodies a plan names (agencies) and code them with the taxonomy.

All vocabulary lives in rules/agencies.yaml (surface forms keyed by taxonomy
agency code, fillers, separators, generic non-bodies). This module only
compiles it and applies three small policies:

* ``find_agencies``: every mention in a text, longest match wins, no overlaps;
* ``body_list``: the bodies listed from a position ("Công an tỉnh, Bộ Chỉ huy
  Quân sự tỉnh và các cơ quan, đơn vị có liên quan ..."), stopping at the first
  word that is neither a body, a separator nor a filler;
* ``heading_bodies``: the bodies an organisation heading assigns duties to,
  keeping unknown names as ``other:<name as written>``.
"""
from __future__ import annotations

import functools
from typing import Optional

import regex
from pydantic import BaseModel, ConfigDict, field_validator

from ..core import patterns
from ..read.normalise import fix_tone_marks
from ..core.rules import RuleFileError, load_rules, rules_dir
from ..core.taxonomy import require_known

OTHER = "other:"
MERGED = "+"  # joins the codes of a merged body inside the compiled patterns (never stored)


class AgencyMention(BaseModel):
    """One body named in a text: its code, the name as written and its span."""

    model_config = ConfigDict(frozen=True)

    code: str  # taxonomy code, or other:<name as written>
    name: str
    start: int
    end: int
    method: str = "rule"
    confidence: float = 1.0


class _Example(BaseModel):
    text: str
    code: Optional[str] = None
    codes: list[str] = []  # a merged body: one mention per code, all on the same span
    covers: Optional[str] = None  # the part of `text` the mention must cover, when not all of it

    @property
    def expected(self) -> list[str]:
        """The codes the example's one name must be given, in order."""
        return self.codes or [self.code]


class _Merged(BaseModel):
    codes: list[str]  # taxonomy codes the one name stands for, in order
    patterns: list[str]


class _HeadingExample(BaseModel):
    heading: str
    codes: list[str]


class _AgencyRules(BaseModel):
    slots: dict[str, str]
    agencies: dict[str, list[str]]
    uncoded: list[str]
    generic_name: str
    heading_generic_name: str = ""
    heading_only: dict[str, list[str]]
    generic: list[str]
    fillers: list[str]
    separators: str
    body_heads: str
    collective: list[str] = []
    merged: list[_Merged] = []
    examples: list[_Example] = []
    heading_examples: list[_HeadingExample] = []
    counterexamples: list[str] = []

    @field_validator("agencies", "heading_only", "collective")
    @classmethod
    def _known_codes(cls, v):
        require_known(v, "agencies", "agency")
        return v

    @field_validator("merged")
    @classmethod
    def _known_merged_codes(cls, v):
        require_known([c for m in v for c in m.codes], "agencies", "agency")
        return v


def expand(pattern: str, slots: dict[str, str]) -> str:
    """Insert {slot}s (recursively); a literal space matches any whitespace, " ?" optional whitespace.

    >>> expand("Sở {x} tỉnh", {"x": "Tài chính"})
    'Sở\\\\s+Tài\\\\s+chính\\\\s+tỉnh'
    """
    for _ in range(10):
        new = regex.sub(r"\{(\w+)\}", lambda m: slots[m.group(1)] if m.group(1) in slots else m.group(0), pattern)
        if new == pattern:
            break
        pattern = new
    return pattern.replace(" ?", r"\s*").replace(" ", r"\s+")


_FLAGS = regex.IGNORECASE | regex.V0


def _word(pattern: str) -> str:
    return rf"(?<![\p{{L}}\p{{N}}])(?:{pattern})(?![\p{{L}}\p{{N}}])"


class _Compiled:
    # priority: lower wins on equal length (coded > explicit uncoded > generic name shape)
    def __init__(self, r: _AgencyRules):
        self.rules = r
        from ..structure.provinces import name_pattern

        slots = {**r.slots, "province": name_pattern(aliases=True)}

        def comp(key: str, pattern: str, anchored: bool = False) -> regex.Pattern:
            try:
                body = expand(pattern, slots)
                return patterns.compile(body if anchored else _word(body), _FLAGS)
            except (regex.error, KeyError) as exc:
                raise RuleFileError(f"{rules_dir() / 'agencies.yaml'}: key '{key}': bad pattern: {exc}") from None

        self.patterns: list[tuple[str, int, regex.Pattern]] = []
        for code, pats in r.agencies.items():
            for i, p in enumerate(pats):
                self.patterns.append((code, 0, comp(f"agencies.{code}.{i}", p)))
        # A merged body's pattern carries its codes joined by MERGED; _mentions() splits them again.
        self.merged = {MERGED.join(m.codes): m.codes for m in r.merged}
        for j, m in enumerate(r.merged):
            for i, p in enumerate(m.patterns):
                self.patterns.append((MERGED.join(m.codes), 0, comp(f"merged.{j}.{i}", p)))
        for i, p in enumerate(r.uncoded):
            self.patterns.append((OTHER, 1, comp(f"uncoded.{i}", p)))
        self.patterns.append((OTHER, 2, comp("generic_name", r.generic_name)))
        self.heading_patterns = [
            (code, 0, comp(f"heading_only.{code}.{i}", p)) for code, pats in r.heading_only.items() for i, p in enumerate(pats)
        ]
        if r.heading_generic_name:
            self.heading_patterns.append((OTHER, 2, comp("heading_generic_name", r.heading_generic_name)))
        alt = "|".join(f"(?:{expand(p, slots)})" for p in r.generic)
        self.generic = comp("generic", alt, anchored=True)
        fill = "|".join(f"(?:{expand(p, slots)})" for p in r.fillers)
        self.filler = patterns.compile(rf"(?:{fill})(?![\p{{L}}\p{{N}}])", _FLAGS)
        self.separator = patterns.compile(r.separators, _FLAGS)
        self.body_head = patterns.compile(expand(r.body_heads, slots), _FLAGS)
        self.space = patterns.compile(r"\s+")
        self.dispatch = _Dispatch(self.patterns)
        self.heading_dispatch = _Dispatch(self.patterns + self.heading_patterns)
        self._gates: dict[tuple[bool, str], regex.Pattern] = {}
        self._asked: dict[tuple[bool, str], int] = {}

    def gate(self, heading: bool, ch: str) -> Optional[regex.Pattern]:
        """One pattern that matches where any of the patterns dispatched on `ch` does.

        Most positions a list reaches start no body name: a single match rules them all out.
        Compiled on first use, as only a few initials ever need one.
        """
        key = (heading, ch)
        gate = self._gates.get(key)
        if gate is None:
            # Compiling a gate costs ~5-15 ms, which one plan does not win back (start-up cost):
            # until an initial has been asked GATE_AFTER times, None: every pattern is tried, same result.
            self._asked[key] = asked = self._asked.get(key, 0) + 1
            if asked < GATE_AFTER:
                return None
            pats = (self.heading_dispatch if heading else self.dispatch)[ch]
            gate = self._gates[key] = patterns.compile("|".join(f"(?:{rx.pattern})" for _, _, rx in pats), _FLAGS)
        return gate


GATE_AFTER = 64  # calls for one initial before its gate is compiled (see _Compiled.gate)
_WORD_START = patterns.compile(r"(?<![\p{L}\p{N}])[\p{L}\p{N}]")


def _vietnamese_alphabet() -> list[str]:
    """Every character a Vietnamese (or Latin) word can start with, in NFC, both cases, and digits."""
    import unicodedata

    vowels = "aăâeêioôơuưy"
    tones = ["", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323"]
    lower = {unicodedata.normalize("NFC", v + t) for v in vowels for t in tones} | set("bcdđfghjklmnpqrstvwxz")
    return sorted(lower | {c.upper() for c in lower} | set("0123456789"))


_ALPHABET = _vietnamese_alphabet()
_INITIALS = frozenset(_ALPHABET)


class _Dispatch:
    """First character -> the patterns a match may start with it (found by partial matching).

    Lets the finders try a handful of patterns at each word start instead of
    scanning the text once per pattern. Worked out for a character when it is first
    asked for (probing every pattern on all ~150 initials at start-up cost ~0.1 s; one
    plan meets ~20 of them); a pattern that cannot be probed on one character (it looks
    behind first) is tried at every initial.
    """

    def __init__(self, patterns: list[tuple[str, int, regex.Pattern]]):
        self._patterns = patterns
        self._table: dict[str, list[tuple[str, int, regex.Pattern]]] = {}
        self._probed: dict[int, bool] = {}  # pattern index -> matches some initial

    def _probeable(self, i: int) -> bool:
        if i not in self._probed:
            rx = self._patterns[i][2]
            self._probed[i] = any(rx.match(ch, partial=True) for ch in _ALPHABET)
        return self._probed[i]

    def get(self, ch: str, default=None):
        """The patterns dispatched on `ch` (a list, maybe empty), or `default` for a character no word starts with."""
        if ch not in self._table:
            if ch not in _INITIALS:
                return default
            self._table[ch] = [pat for i, pat in enumerate(self._patterns)
                               if pat[2].match(ch, partial=True) or not self._probeable(i)]
        return self._table[ch]

    def __getitem__(self, ch: str) -> list[tuple[str, int, regex.Pattern]]:
        return self.get(ch, [])


@functools.lru_cache(maxsize=1)
def _rules() -> _Compiled:
    return _Compiled(load_rules("agencies.yaml", _AgencyRules))


def rules() -> _AgencyRules:
    """The validated rule file (for tests and reports)."""
    return _rules().rules


_DETERMINER_AT = patterns.compile(r"(?:các|những)\s+", regex.IGNORECASE)
_DETERMINER_BEFORE = patterns.compile(r"(?<![\p{L}])(?:các|những)\s+$", regex.IGNORECASE)


def other_code(name: str) -> str:
    """`other:<name as written>`, spaces collapsed.

    >>> other_code("các cơ quan  thông tấn, báo chí")
    'other:các cơ quan thông tấn, báo chí'
    """
    name = " ".join(name.split()).strip(" ,;:.-–")
    return OTHER + name


def find_agencies(text: str, heading: bool = False) -> list[AgencyMention]:
    """Every body named in `text`, in order; overlapping matches resolve to the longest.

    With heading=True, single institutions that only count as bodies when a
    heading assigns them duties ("Thư viện tỉnh") are recognised too.

    >>> [(m.code, m.name) for m in find_agencies("phối hợp với Sở VHTTDL và UBND các huyện, thị xã, thành phố")]
    [('dept_culture', 'Sở VHTTDL'), ('district_committees', 'UBND các huyện, thị xã, thành phố')]
    """
    c = _rules()
    probe = fix_tone_marks(text)  # same length: spans stay valid for `text`
    table = c.heading_dispatch if heading else c.dispatch
    cands = []
    for w in _WORD_START.finditer(probe):
        pos = w.start()
        for code, prio, rx in table.get(probe[pos], ()):
            m = rx.match(probe, pos)
            if m and m.end() > pos:
                cands.append((pos, m.end(), prio, code))
    cands.sort(key=lambda t: (-(t[1] - t[0]), t[2], t[0]))
    taken: list[tuple[int, int, int, str]] = []
    for cand in cands:
        if all(cand[1] <= s or cand[0] >= e for s, e, _, _ in taken):
            taken.append(cand)
    out = []
    for s, e, prio, code in sorted(taken):
        out += _mentions(text, s, e, prio, code)
    return out


def _mentions(text: str, start: int, end: int, prio: int, code: str) -> list[AgencyMention]:
    """The mention(s) of one matched name: one, or one per code of a merged body (same span)."""
    name = text[start:end]
    conf = 1.0 if prio == 0 else 0.9 if prio == 1 else 0.7
    codes = [other_code(name)] if code == OTHER else _rules().merged.get(code, [code])
    return [AgencyMention(code=c, name=name, start=start, end=end, confidence=conf) for c in codes]


def _skip(text: str, pos: int, limit: int) -> tuple[int, bool]:
    """Skip one separator, run of whitespace, filler or generic phrase at pos (not past limit).

    Returns the new position and whether it was a hard separator (comma, "và", ...).
    One step at a time, so that the caller can look for a body name in between.
    """
    c = _rules()
    m = c.separator.match(text, pos, limit)
    if m and m.end() > pos and m.group(0).strip():
        return m.end(), True
    m = c.space.match(text, pos, limit)
    if m:
        return m.end(), False
    m = c.filler.match(text, pos, limit) or c.generic.match(text, pos, limit)
    if m and m.end() > pos and (m.end() == len(text) or not text[m.end()].isalnum()):
        return m.end(), False
    return pos, False


def _skip_all(text: str, pos: int, limit: int) -> int:
    """Skip every separator, filler and generic phrase from pos."""
    while True:
        new, _ = _skip(text, pos, limit)
        if new == pos:
            return pos
        pos = new


@functools.lru_cache(maxsize=64)
def _probe(text: str) -> str:
    """The text with tone marks in the stored convention (same length), cached for repeated lists."""
    return fix_tone_marks(text)


def _mentions_at(text: str, probe: str, pos: int, heading: bool) -> list[AgencyMention]:
    """The mention(s) of the longest body name starting exactly at pos ([] if none does)."""
    if pos >= len(probe):
        return []
    c = _rules()
    ch = probe[pos]
    pats = (c.heading_dispatch if heading else c.dispatch).get(ch)
    if not pats:
        return []
    gate = c.gate(heading, ch)
    if gate is not None and not gate.match(probe, pos):
        return []
    best = None
    for code, prio, rx in pats:
        m = rx.match(probe, pos)
        if m and m.end() > pos and (best is None or (m.end(), -prio) > (best[0], -best[1])):
            best = (m.end(), prio, code)
    if best is None:
        return []
    end, prio, code = best
    return _mentions(text, pos, end, prio, code)


def body_list(text: str, start: int = 0, mentions: Optional[list[AgencyMention]] = None,
              unknown: bool = False, heading: bool = False) -> tuple[list[AgencyMention], int]:
    """Bodies listed from `start` and the end of the list.

    Bodies may be joined by separators (",", "và", "/") and surrounded by
    fillers ("các", "có liên quan", "trên địa bàn tỉnh") and generic phrases
    ("các cơ quan, đơn vị có liên quan"); the list ends at the first other word.
    With unknown=True, a name the vocabulary lacks is kept as other:<name> when
    it starts with a body head noun, or follows a known body in a list.
    `mentions` (from find_agencies) may be given; otherwise names are matched
    where the list reaches them, which is much cheaper than scanning the text.

    >>> ms, end = body_list("Chủ trì, phối hợp với Sở Tài chính, các cơ quan, đơn vị liên quan thực hiện", 22)
    >>> [m.code for m in ms]
    ['dept_finance']
    """
    c = _rules()
    probe = _probe(text)
    if mentions is not None:
        at: dict[int, list[AgencyMention]] = {}
        for m in mentions:
            at.setdefault(m.start, []).append(m)  # a merged body: several codes on one span
        starts = sorted(m.start for m in mentions if m.start >= start)

        def mentions_at(pos: int) -> list[AgencyMention]:
            return at.get(pos, [])

        def limit(pos: int) -> int:
            return next((s for s in starts if s > pos), len(text))
    else:
        def mentions_at(pos: int) -> list[AgencyMention]:
            return _mentions_at(text, probe, pos, heading)

        def limit(pos: int) -> int:
            return len(text)
    out: list[AgencyMention] = []
    pos, end, hard, after_known = start, start, True, False
    while pos < len(text):
        ms = mentions_at(pos)
        if ms:
            out += ms
            pos = end = ms[0].end
            hard, after_known = False, True
            continue
        nxt = limit(pos)
        new, crossed = _skip(probe, pos, nxt)
        if new != pos:
            hard = hard or crossed
            pos = new
            continue
        headed = bool(c.body_head.match(probe, pos))
        if unknown and (hard or not out) and (headed or hard and after_known):
            chunk_end = _chunk_end(probe, pos, nxt)
            chunk = text[pos:chunk_end]
            trimmed = _trim_fillers(chunk)
            if trimmed and len(trimmed.split()) <= 8:
                # The name as written keeps its determiner ("các tổ chức xã hội").
                det = _DETERMINER_BEFORE.search(text, max(0, pos - 8), pos)
                first = det.start() if det else pos
                name = text[first:pos] + trimmed.strip()
                out.append(AgencyMention(code=other_code(name), name=name, start=first,
                                         end=pos + len(chunk.rstrip()), confidence=0.6))
                pos = end = pos + len(chunk.rstrip())
                hard = after_known = False
                continue
        if unknown and heading and out and out[-1].code.startswith(OTHER) and (
                hard and not after_known or not hard and _goes_on_lowercase(probe, out[-1].end, pos)):
            # A heading is bodies from end to end: words after an unknown name that start no body
            # go on with that name ("các tổ chức xã hội, nghề nghiệp tỉnh"; "Trung tâm Dịch vụ tổng
            # hợp phường", whose capitalised words alone are a name's shape).
            chunk_end = _chunk_end(probe, pos, nxt)
            trimmed = _trim_fillers(text[pos:chunk_end])
            prev = out[-1]
            name = text[prev.start:pos] + trimmed
            if trimmed and len(name.split()) <= 12:
                out[-1] = AgencyMention(code=other_code(name), name=name, start=prev.start,
                                        end=pos + len(trimmed), confidence=prev.confidence)
                pos = end = pos + len(text[pos:chunk_end].rstrip())
                hard = False
                continue
        break
    return out, end


def _goes_on_lowercase(text: str, name_end: int, pos: int) -> bool:
    """Do lowercase words follow a name right after it, with only spaces between?"""
    return pos > name_end and not text[name_end:pos].strip() and pos < len(text) and text[pos].islower()


def _chunk_end(text: str, pos: int, limit: int) -> int:
    """End of an unknown name: the next separator, or the next known body."""
    m = _rules().separator.search(text, pos, limit)
    return m.start() if m else limit


def _trim_fillers(chunk: str) -> str:
    """Drop trailing fillers ("có liên quan", "trên địa bàn tỉnh") from an unknown name."""
    c = _rules()
    words = chunk.strip()
    for _ in range(5):
        cut = None
        for m in c.filler.finditer(words):
            if m.end() == len(words) and m.start() > 0:
                cut = m.start()
                break
        if cut is None:
            break
        words = words[:cut].rstrip(" ,;")
    return words.strip(" ,;:.")


def heading_bodies(heading: str) -> list[AgencyMention]:
    """The bodies a (stripped) organisation heading names, unknown ones as other:<name>.

    Only the part before a colon is read. A heading naming no body at all
    ("Chế độ báo cáo", "Cấp tỉnh") gives [].

    >>> [m.code for m in heading_bodies("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh, các tổ chức thành viên")]
    ['fatherland_front', 'other:các tổ chức thành viên']
    >>> [m.code for m in heading_bodies("Công an tỉnh, Bộ Chỉ huy Quân sự tỉnh")]
    ['police', 'military']
    """
    region = heading.split(":", 1)[0]
    found, _ = body_list(region, 0, unknown=True, heading=True)
    return found


def group_by_code(mentions: list[AgencyMention], text: str) -> list[tuple[str, str, float]]:
    """One entry per code, in order of first mention, with the name as written.

    Names of one code listed next to each other keep their span as written
    ("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh và các đoàn thể"); otherwise they are joined.
    """
    groups: dict[str, list[AgencyMention]] = {}
    for m in mentions:
        groups.setdefault(m.code, []).append(m)
    out = []
    for code, ms in groups.items():
        first, last = ms[0], ms[-1]
        between = [m for m in mentions if first.start < m.start < last.start and m.code != code]
        name = text[first.start:last.end] if len(ms) > 1 and not between else ", ".join(dict.fromkeys(m.name for m in ms))
        out.append((code, name, min(m.confidence for m in ms)))
    return out


def opens_with_generic(text: str) -> bool:
    """True when text opens with a phrase naming no particular body ("các ..."), as its subject.

    A verb that is also a generic noun ("Tổ chức, lồng ghép ...") is not such a subject.

    >>> opens_with_generic("Các cơ quan, đơn vị, địa phương báo cáo kết quả"), opens_with_generic("Tổ chức, lồng ghép")
    (True, False)
    """
    probe = fix_tone_marks(text[:200])
    det = _DETERMINER_AT.match(probe)
    return det is not None and _rules().generic.match(probe, det.end()) is not None


def is_generic(name: str) -> bool:
    """True when the whole name is a generic phrase naming no particular body.

    >>> is_generic("Các cơ quan, đơn vị có liên quan"), is_generic("Sở Tài chính")
    (True, False)
    """
    probe = fix_tone_marks(" ".join(name.split()))
    return bool(probe) and _skip_all(probe, 0, len(probe)) >= len(probe)


def agency_code(name: str) -> str:
    """Taxonomy code of a body name, or other:<name as written>.

    >>> agency_code("Sở VH,TT&DL tỉnh Quảng Nam")
    'dept_culture'
    >>> agency_code("Hội Khuyến học")
    'other:Hội Khuyến học'
    >>> agency_code("Trung tâm Y tế huyện")
    'other:Trung tâm Y tế huyện'
    """
    import unicodedata

    text = " ".join(unicodedata.normalize("NFC", name).split()).strip(" ,;:.")
    found, end = body_list(text, 0, heading=True)
    rest = _skip_all(text, end, len(text))
    codes = list(dict.fromkeys(m.code for m in found))
    if len(codes) == 1 and rest >= len(text):
        return codes[0]
    return other_code(text)
