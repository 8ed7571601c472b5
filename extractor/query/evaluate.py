"""Score the database against hand-written answer keys (docs/gold-format.md).

Targets match on (indicator, subject, year, value, value_max, unit), values at one decimal; sections
on (label, heading, kind) of the numbered headings; metadata field by field;
assignments on (agency, role), one row per agency of a duty; agency sets and
funding sources as sets. Every missed and spurious row is listed.
"""
from __future__ import annotations

import json
import os
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

import duckdb

from ..read.normalise import fix_tone_marks

META_FIELDS = ("province", "doc_number", "issued_on", "program_ref", "program_ref_as_written", "horizon_year",
               "signer", "report_day", "report_month", "report_year", "report_recurring")


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    missed: list = field(default_factory=list)
    spurious: list = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: "Score") -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    def as_dict(self) -> dict[str, Any]:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4),
                "tp": self.tp, "fp": self.fp, "fn": self.fn,
                "missed": [list(x) for x in self.missed], "spurious": [list(x) for x in self.spurious]}


def score(mine: list[tuple], gold: list[tuple]) -> Score:
    """Multiset precision/recall of two row lists."""
    cm, cg = Counter(mine), Counter(gold)
    both = cm & cg
    return Score(tp=sum(both.values()), fp=sum((cm - cg).values()), fn=sum((cg - cm).values()),
                 missed=sorted((cg - cm).elements(), key=str), spurious=sorted((cm - cg).elements(), key=str))


def _num(v: Any) -> Optional[float]:
    # A share written as a fraction ("2/3 số bảo tàng") has no written decimals: keys round it to
    # one or two places, the extractor to one; values are compared at one decimal.
    return None if v is None else round(float(v), 1)


def _target_row(d: dict) -> tuple:
    return (d["indicator"], d["subject"], d["year"], _num(d["value"]), _num(d["value_max"]), d["unit"])


def _heading(heading: Optional[str]) -> Optional[str]:
    """A gold heading as the normalised text spells it: answer keys copy headings as written
    ("văn hoá"), the store keeps them in the one tone-mark convention ("văn hóa")."""
    return fix_tone_marks(unicodedata.normalize("NFC", heading)) if heading else heading


def gold_rows(gold: dict) -> dict[str, list[tuple]]:
    """The comparable rows of one answer key, by aspect."""
    meta = gold["metadata"]
    rd = meta.get("report_deadline") or {}
    flat = dict(meta, report_day=rd.get("day"), report_month=rd.get("month"), report_year=rd.get("year"),
                report_recurring=rd.get("recurring"))
    return {
        "targets": [_target_row(t) for t in gold.get("targets", [])],
        "sections": [(s["label"], _heading(s["heading"]), s["kind"]) for s in gold.get("sections", []) if s.get("label")],
        "metadata": [(k, json.dumps(flat.get(k), ensure_ascii=False)) for k in META_FIELDS if k in flat or k.startswith("report_")],
        "assignments": [(a, x["role"]) for x in gold.get("assignments", []) for a in x["agencies"]],
        "agencies": sorted({a for x in gold.get("assignments", []) for a in x["agencies"]}),
        "funding": sorted(set(gold.get("funding_sources", []))),
    }


def db_rows(con: duckdb.DuckDBPyConnection, doc_id: str) -> dict[str, list[tuple]]:
    """The same rows from the database for one plan."""
    targets = [(i, s, y, _num(v), _num(vm), u) for i, s, y, v, vm, u in con.execute(
        "SELECT indicator, subject, year, value, value_max, unit FROM targets WHERE doc_id = ?", [doc_id]).fetchall()]
    sections = con.execute(
        "SELECT label, heading, kind FROM sections WHERE doc_id = ? AND label IS NOT NULL"
        # Answer keys list parts and numbered headings down to "2.1" (docs/gold-format.md), not "2.1.1".
        " AND (level <= 2 OR regexp_matches(label, '^[0-9]+([.][0-9]+)?$')) ORDER BY start_char", [doc_id]).fetchall()
    meta_row = con.execute(f"SELECT {', '.join(META_FIELDS)} FROM documents WHERE doc_id = ?", [doc_id]).fetchone()
    meta = [(k, json.dumps(v, ensure_ascii=False)) for k, v in zip(META_FIELDS, meta_row)]
    assignments = con.execute("SELECT agency, role FROM assignments WHERE doc_id = ?", [doc_id]).fetchall()
    return {
        "targets": targets,
        "sections": [tuple(r) for r in sections],
        "metadata": meta,
        "assignments": [tuple(r) for r in assignments],
        "agencies": sorted({a for a, _ in assignments}),
        "funding": sorted({r[0] for r in con.execute("SELECT source FROM funding WHERE doc_id = ?", [doc_id]).fetchall()}),
    }


ASPECTS = ("targets", "sections", "metadata", "assignments", "agencies", "funding")

# Confidence bands of stored targets: (label, lowest confidence, highest confidence exclusive).
BANDS = (("≥0.9", 0.9, 1.01), ("0.7–0.9", 0.7, 0.9), ("<0.7", 0.0, 0.7))


@dataclass
class Band:
    """Stored target rows in one confidence band, and how many of them the answer key has."""

    rows: int = 0
    right: int = 0

    @property
    def precision(self) -> float:
        return self.right / self.rows if self.rows else 1.0


def band_scores(con: duckdb.DuckDBPyConnection, doc_id: Optional[str], gold: list[tuple]) -> dict[str, Band]:
    """Precision of one plan's targets per confidence band: the most confident rows claim gold rows first."""
    rows = con.execute("SELECT indicator, subject, year, value, value_max, unit, confidence FROM targets"
                       " WHERE doc_id = ? ORDER BY confidence DESC, start_char", [doc_id]).fetchall() if doc_id else []
    left = Counter(gold)
    out = {label: Band() for label, _, _ in BANDS}
    for i, sub, y, v, vm, u, conf in rows:
        key = (i, sub, y, _num(v), _num(vm), u)
        band = next(label for label, lo, hi in BANDS if lo <= (conf or 0.0) < hi)
        out[band].rows += 1
        if left[key] > 0:
            left[key] -= 1
            out[band].right += 1
    return out


def evaluate(con: duckdb.DuckDBPyConnection, gold_dir: str | Path) -> dict[str, Any]:
    """Per-plan and overall scores of the database against every gold/*.json in `gold_dir`."""
    files = sorted(Path(gold_dir).glob("*.json"))
    if not files:
        raise FileNotFoundError(f"{gold_dir}: no gold *.json files")
    overall = {a: Score() for a in ASPECTS}
    total_bands = {label: Band() for label, _, _ in BANDS}
    gold_targets = 0
    plans = {}
    for path in files:
        gold = json.loads(path.read_text(encoding="utf-8"))
        name = gold.get("doc", path.stem)
        found = con.execute("SELECT doc_id FROM documents WHERE source_name = ?", [name]).fetchone()
        g = gold_rows(gold)
        m = db_rows(con, found[0]) if found else {a: [] for a in ASPECTS}
        per = {}
        for a in ASPECTS:
            if a in ("assignments", "agencies") and not gold.get("assignments"):
                continue
            s = score(m[a], g[a])
            overall[a].add(s)
            per[a] = s
        bands = band_scores(con, found[0] if found else None, g["targets"])
        for label, b in bands.items():
            total_bands[label].rows += b.rows
            total_bands[label].right += b.right
        gold_targets += len(g["targets"])
        plans[name] = {"ingested": bool(found), "scores": per, "bands": bands}
    return {"plans": plans, "overall": overall, "bands": total_bands, "gold_targets": gold_targets}


SCORE_COLUMNS = ["plan", "aspect", "P", "R", "F1", "tp", "fp", "fn"]


def score_rows(result: dict[str, Any], label: str = "") -> list[tuple]:
    """One row per plan and aspect, then the overall rows: SCORE_COLUMNS.

    ``label`` (e.g. "rules-only") is added to the plan names of a re-parsed run.
    """
    suffix = f" ({label})" if label else ""

    def row(name: str, aspect: str, s: Score) -> tuple:
        return (name + suffix, aspect, round(s.precision, 4), round(s.recall, 4), round(s.f1, 4), s.tp, s.fp, s.fn)

    rows = []
    for name, plan in result["plans"].items():
        shown = name if plan["ingested"] else f"{name} (not ingested)"
        rows += [row(shown, a, s) for a, s in plan["scores"].items()]
    rows += [row("overall", a, s) for a, s in result["overall"].items()]
    return rows


def differences(result: dict[str, Any]) -> list[str]:
    """Every missed and spurious row, one plain line each (for grep and diff)."""
    out = []
    for name, plan in result["plans"].items():
        for a, s in plan["scores"].items():
            out += [f"missed   {name} {a}: {row}" for row in s.missed]
            out += [f"spurious {name} {a}: {row}" for row in s.spurious]
    return out


def band_lines(result: dict[str, Any]) -> str:
    """Precision and count of stored targets per confidence band, and how much of the key the top band covers."""
    bands, total = result["bands"], result["gold_targets"]
    top = bands[BANDS[0][0]]
    parts = [f"{label}: {b.rows} rows, precision {b.precision:.2f}" for label, b in bands.items()]
    cover = f"; rows ≥0.9 cover {top.right / total:.2f} of the {total} key rows" if total else ""
    return "targets by confidence: " + "; ".join(parts) + cover


def _bands_json(bands: dict[str, Band]) -> dict[str, Any]:
    return {label: {"rows": b.rows, "right": b.right, "precision": round(b.precision, 4)} for label, b in bands.items()}


def _as_json(result: dict[str, Any]) -> dict[str, Any]:
    return {"plans": {n: {"ingested": p["ingested"], **{a: s.as_dict() for a, s in p["scores"].items()},
                          "confidence_bands": _bands_json(p["bands"])}
                      for n, p in result["plans"].items()},
            "overall": {a: s.as_dict() for a, s in result["overall"].items()},
            "confidence_bands": _bands_json(result["bands"]), "gold_targets": result["gold_targets"]}


def ablation(gold_dir: str | Path, sources: list[str], on_progress=None) -> dict[str, dict[str, Any]]:
    """Target scores with rules only and with rules plus model, re-parsing the plan files in memory.

    ``on_progress(done, total, path)`` is called after each file of each run.
    """
    from ..store.database import connect, save

    out = {}
    for mode, flag in (("rules-only", "1"), ("rules+model", "0")):
        old = os.environ.get("PLANS_NO_MODEL")
        os.environ["PLANS_NO_MODEL"] = flag
        try:
            from ..pipeline import parse_file

            con = connect(":memory:")
            for src in sources:
                save(con, parse_file(src), mode)
                if on_progress:
                    done = sources.index(src) + 1 + (len(sources) if mode == "rules+model" else 0)
                    on_progress(done, 2 * len(sources), src)
            out[mode] = evaluate(con, gold_dir)
            con.close()
        finally:
            if old is None:
                os.environ.pop("PLANS_NO_MODEL", None)
            else:
                os.environ["PLANS_NO_MODEL"] = old
    return out


def score_statements(path: str | Path, use_model: bool) -> Score:
    """Target rows of a file of held-out statements, scored with or without the model."""
    import yaml

    from ..model.shipped import default_classifier
    from ..extract.targets import extract_from_text

    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    old = os.environ.get("PLANS_NO_MODEL")
    os.environ["PLANS_NO_MODEL"] = "0" if use_model else "1"
    try:
        clf = default_classifier() or False
    finally:
        if old is None:
            os.environ.pop("PLANS_NO_MODEL", None)
        else:
            os.environ["PLANS_NO_MODEL"] = old
    total = Score()
    for st in data["statements"]:
        ctx = st.get("context", {})
        got = extract_from_text(st["in"], horizon_year=ctx.get("horizon_year", 2030), plan_year=ctx.get("plan_year"),
                                city=ctx.get("city", False), classifier=clf)
        mine = [(t.indicator, t.subject, t.year, _num(t.value), _num(t.value_max), t.unit) for t in got]
        gold = [(r[0], r[1], r[2], _num(r[3]), _num(r[4]), r[5]) for r in st["rows"]]
        s = score(mine, gold)
        total.add(s)
        total.missed += [(st["in"][:50],) + m for m in s.missed]
        total.spurious += [(st["in"][:50],) + m for m in s.spurious]
    return total
