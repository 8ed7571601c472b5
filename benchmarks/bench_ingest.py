"""Ingest benchmark: N synthetic plans made from the corpus, timed end to end and per stage.

Usage (from the repository root, after ``pip install -e .``)::

    python benchmarks/bench_ingest.py --n 1000              # 1 process
    python benchmarks/bench_ingest.py --n 1000 --jobs 2     # also `ingest --jobs 2` and its speed-up
    python benchmarks/bench_ingest.py --n 200 --pdf         # also PDF pages/s vs pdfplumber and pypdfium2
    python benchmarks/bench_ingest.py --n 200 --pdf --ocr --jobs 2   # also OCR pages/s of a scanned plan
    python benchmarks/bench_ingest.py --n 10000 --jobs 2 --no-stages   # the 10,000-plan run
    python benchmarks/bench_ingest.py --n 1000 --jobs 2 --repeat 3     # fastest of 3 (shared machines)
    python benchmarks/bench_ingest.py --n 1000 --jobs 2 --dask         # also on a Dask LocalCluster

This is a script that prints a report, not a test: nothing is asserted, and the
test suite never runs it. ``--json FILE`` also writes the figures as JSON.

What it measures, in order:

1. **Synthetic plans.** Each of the N plans is one corpus plan (``corpus/*.txt``)
   with the numbered sections of every part shuffled (and renumbered) inside
   that part, the province renamed to another one of the same kind from
   ``rules/provinces.yaml``, every percentage moved by -10..+10 points, and a
   new document number, so that every file is distinct (no "unchanged"
   short-cut) and extraction still finds its targets: the report prints
   targets per plan for the synthetic plans next to the corpus's.
2. **End to end.** ``extractor.store.ingest.ingest(folder, db, jobs)`` (what ``plans
   ingest`` runs: read -> normalise -> segment -> extract -> store) in a fresh
   child process, into a new database: plans/s, ms/plan and the peak resident
   memory (VmHWM of the child; with ``--jobs``, ``ru_maxrss`` of its largest
   worker, pages shared with the parent included). It is run at N and at N/10
   to show whether memory grows with N.
3. **Per stage.** The same stages called one by one in this process on a
   sample of the plans (``--stage-n``), each timed with ``perf_counter``:
   read, normalise, segment, metadata, targets, assignments+funding, store (the
   batched writer ``ingest`` uses).
4. **Anchors.** The floor: a bare regex pass over the same texts already in
   memory (``re.findall(r"\\d+%", text)`` plus ``text.splitlines()``); a naive
   rule pass, every pattern the rules compile (about 200: what the same vocabulary costs
   when each pattern simply scans whole texts, without the pipeline's cutting into
   statements and dispatch by first character) over 100 of the texts; and
   ``underthesea.word_tokenize`` over a subsample of the texts (``--ut-n``,
   extrapolated per plan: it says so). Our end-to-end time is printed as a
   ratio of each.
5. ``--pdf``: a multi-page text-layer PDF built from corpus text (the
   ``tests/fixtures/make_fixtures.py`` generator, fpdf2 + DejaVu Sans), read by
   our reader (``read_document``), by pdfplumber ``extract_text`` per page and
   by raw pypdfium2 ``get_textpage().get_text_range()`` per page: pages/s.
   ``--ocr``: plan 003 drawn as an 8-page worn scan (``tests/scan_fixture.py``: DejaVu Serif,
   skew, blur, specks, stamp, signature) read by OCR: ``read_document`` in one process and
   ``ingest`` with 1 and ``--jobs`` processes (pages in parallel), in pages/s.
6. ``--dask``: the same plans through ``extractor.store.distributed`` on a Dask
   ``LocalCluster`` of ``--jobs`` worker processes: parse to Parquet, then load.
7. Compare: when ``extractor.query.compare`` exposes ``long_query``/``pivot_query``,
   the database is grown to 10,000 plans by copying documents and targets rows
   under new ids (SQL, seconds), and the ``plans compare`` queries are timed on it.
"""
from __future__ import annotations

import argparse
import gc
import hashlib
import importlib.util
import json
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"

# ----------------------------------------------------------------------------- synthetic plans

_MARKS = re.compile(r"^[\s#*]*")
_PART = re.compile(r"^[IVX]{1,5}\.\s")
_SECTION = re.compile(r"^(\d{1,2})\.\s")
_RANGE = re.compile(r"(?<![\d.,])(\d{1,3})(\s*[-–]\s*)(\d{1,3})(\s*%)")
_PERCENT = re.compile(r"(?<![\d.,\-–]\s)(?<![\d.,])(\d{1,3})(\s*%)")
_DOC_NUMBER = re.compile(r"(Số:\s*)(\d{1,4})")


def _stripped(line: str) -> str:
    return _MARKS.sub("", line)


def _closing_patterns() -> list[re.Pattern]:
    from extractor.core.rules import load_yaml

    return [re.compile(p) for p in load_yaml("sections.yaml")["closing_starts"]]


def _split_parts(lines: list[str]) -> tuple[list[str], list[list[list[str]]], list[str]]:
    """(head lines, parts as lists of chunks, tail lines); chunk 0 of a part is its heading and preface."""
    closing = _closing_patterns()
    first = next((i for i, ln in enumerate(lines) if _PART.match(_stripped(ln))), len(lines))
    end = next((i for i in range(first, len(lines)) if any(p.match(_stripped(lines[i]).strip()) for p in closing)),
               len(lines))
    parts: list[list[list[str]]] = []
    for line in lines[first:end]:
        s = _stripped(line)
        if _PART.match(s):
            parts.append([[line]])
        elif _SECTION.match(s):
            parts[-1].append([line])
        else:
            parts[-1][-1].append(line)
    return lines[:first], parts, lines[end:]


def _renumber(chunk: list[str], new: int) -> list[str]:
    """Give a moved section its new number (and its 2.1-style children the new prefix)."""
    head = chunk[0]
    lead = len(head) - len(_stripped(head))
    old = _SECTION.match(head[lead:]).group(1)
    out = [head[:lead] + str(new) + head[lead + len(old):]]
    child = re.compile(rf"^{old}\.(?=\d)")
    for line in chunk[1:]:
        lead = len(line) - len(_stripped(line))
        out.append(line[:lead] + child.sub(f"{new}.", line[lead:], count=1))
    return out


def _vary_percent(value: int, rng: random.Random) -> int:
    if value >= 100:
        return 100 if rng.random() < 0.7 else 100 - rng.choice((5, 10))
    return max(5, min(100, value + rng.choice((-10, -5, 0, 5, 10))))


def vary_plan(text: str, province: str | None, provinces: list[str], rng: random.Random) -> str:
    """One synthetic plan from a corpus plan (see the module docstring)."""
    head, parts, tail = _split_parts(text.split("\n"))
    body: list[str] = []
    for pi, part in enumerate(parts):
        preface, sections = part[0], part[1:]
        fixed = sections[-1:] if pi == len(parts) - 1 else []  # the signature block stays last
        movable = sections[:len(sections) - len(fixed)]
        rng.shuffle(movable)
        numbered = [_renumber(c, k) for k, c in enumerate(movable, 1)]
        body += preface + [ln for c in numbered + fixed for ln in c]
    out = "\n".join(head + body + tail)
    if province:
        new = rng.choice([p for p in provinces if p != province])
        out = re.sub(rf"(?<!\w){re.escape(province)}(?!\w)", new, out)
        out = re.sub(rf"(?<!\w){re.escape(province.upper())}(?!\w)", new.upper(), out)

    def vary_range(m: re.Match) -> str:
        lo, hi = int(m.group(1)), int(m.group(3))
        d = rng.choice((-5, 0, 5))
        return f"{max(1, lo + d)}{m.group(2)}{max(2, hi + d)}{m.group(4)}"

    out = _RANGE.sub(vary_range, out)
    out = _PERCENT.sub(lambda m: f"{_vary_percent(int(m.group(1)), rng)}{m.group(2)}", out)
    out = _DOC_NUMBER.sub(lambda m: f"{m.group(1)}{rng.randint(1, 999)}", out, count=1)
    return out


def make_plans(n: int, folder: Path, seed: int = 0) -> list[Path]:
    """Write N distinct synthetic plans into `folder`; returns their paths."""
    from extractor.pipeline import parse_file
    from extractor.structure.provinces import all_provinces

    sources = sorted(CORPUS.glob("*.txt"))
    kinds = {p.name: p.kind for p in all_provinces()}
    by_kind = {k: [p for p, kk in kinds.items() if kk == k] for k in set(kinds.values())}
    corpus = []
    for src in sources:
        province = parse_file(src).metadata.province
        corpus.append((src.stem, src.read_text(encoding="utf-8"), province,
                       by_kind[kinds.get(province, "tinh")]))
    folder.mkdir(parents=True, exist_ok=True)
    seen: set[str] = set()
    paths = []
    for i in range(n):
        stem, text, province, pool = corpus[i % len(corpus)]
        attempt = 0
        while True:
            rng = random.Random(f"{seed}-{i}-{attempt}")
            out = vary_plan(text, province, pool, rng)
            digest = hashlib.sha256(out.encode()).hexdigest()
            if digest not in seen:
                break
            attempt += 1
        seen.add(digest)
        path = folder / f"synth_{i:05d}_{stem[:3]}.txt"
        path.write_text(out, encoding="utf-8")
        paths.append(path)
    return paths


# ----------------------------------------------------------------------------- end to end (child process)


def _peak_rss_mib() -> float:
    """Peak resident memory of this process since it started (VmHWM).

    Not ``ru_maxrss``: Linux carries the parent's resident size over fork + exec into it,
    so a child of a big parent would report the parent's size.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _child_ingest(folder: str, db: str, jobs: int, limit: int) -> None:
    """Run in a fresh interpreter: ingest, print one JSON line with time and peak memory."""
    from extractor.store.ingest import ingest
    from extractor.read.readers import iter_plan_files

    files = [str(p) for p in iter_plan_files([folder])][:limit or None]
    gc.collect()
    t0 = time.perf_counter()
    summary = ingest(files, db, jobs=jobs)
    seconds = time.perf_counter() - t0
    print(json.dumps({
        "seconds": seconds, "plans": summary.plans, "failed": summary.failed, "targets": summary.targets,
        "inserted": summary.inserted, "maxrss_mib": _peak_rss_mib(),
        "children_maxrss_mib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
        "spacy_loaded": "spacy" in sys.modules, "underthesea_loaded": "underthesea" in sys.modules,
    }))


def run_ingest(folder: Path, db: Path, jobs: int, limit: int = 0) -> dict:
    if db.exists():
        db.unlink()
    cmd = [sys.executable, __file__, "--child-ingest", str(folder), str(db), str(jobs), str(limit)]
    out = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    if out.returncode:
        raise RuntimeError(f"ingest run failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def best_ingest(folder: Path, db: Path, jobs: int, repeat: int) -> dict:
    """The fastest of `repeat` runs (each into a new database); its peak memory is the largest seen."""
    runs = [run_ingest(folder, db, jobs) for _ in range(max(1, repeat))]
    best = min(runs, key=lambda r: r["seconds"])
    return {**best, "maxrss_mib": max(r["maxrss_mib"] for r in runs),
            "children_maxrss_mib": max(r["children_maxrss_mib"] for r in runs),
            "all_seconds": [r["seconds"] for r in runs]}


# ----------------------------------------------------------------------------- per stage


def stage_times(paths: list[Path], db: Path) -> dict[str, float]:
    """Seconds per stage, summed over `paths`, calling the pipeline's stages one by one."""
    from extractor.extract.assignments import extract_assignments
    from extractor.extract.funding import extract_funding
    from extractor.store.ingest import province_now
    from extractor.structure.metadata import extract_metadata
    from extractor.core.models import ParsedPlan, SegmentedPlan
    from extractor.read.normalise import normalise
    from extractor.pipeline import parse_file, pipeline_version
    from extractor.read.readers import read_document
    from extractor.structure.segment import segment
    from extractor.store.database import PlanWriter, connect
    from extractor.extract.targets import extract_targets

    parse_file(paths[0])  # rules compiled, caches warm: what every later plan sees
    version = pipeline_version()
    if db.exists():
        db.unlink()
    con = connect(db)
    writer = PlanWriter(con, version)
    t = dict.fromkeys(("read", "normalise", "segment", "metadata", "targets", "assignments+funding", "store"), 0.0)
    clock = time.perf_counter
    for path in paths:
        c0 = clock()
        raw = read_document(path)
        c1 = clock()
        norm = normalise(raw.text)
        c2 = clock()
        sections, blocks = segment(norm)
        c3 = clock()
        meta, warnings = extract_metadata(norm, sections)
        c4 = clock()
        plan = SegmentedPlan.model_construct(text=norm.text, sections=sections, blocks=blocks, metadata=meta)
        targets, target_warnings = extract_targets(plan)
        c5 = clock()
        assignments, funding = extract_assignments(plan), extract_funding(plan)
        c6 = clock()
        parsed = ParsedPlan.model_construct(
            doc_id=raw.content_hash[:16], source_name=raw.source_name, source_path=raw.path, fmt=raw.fmt,
            content_hash=raw.content_hash, text=norm.text, metadata=meta, sections=sections, blocks=blocks,
            targets=targets, assignments=assignments, funding=funding, warnings=warnings + target_warnings)
        c7 = clock()
        writer.add(parsed, province_now(parsed))
        c8 = clock()
        for k, a, b in (("read", c0, c1), ("normalise", c1, c2), ("segment", c2, c3), ("metadata", c3, c4),
                        ("targets", c4, c5), ("assignments+funding", c5, c6), ("store", c7, c8)):
            t[k] += b - a
    c0 = clock()
    writer.close()
    t["store"] += clock() - c0
    con.close()
    return t


# ----------------------------------------------------------------------------- anchors


def floor_seconds(texts: list[str], repeat: int = 3) -> float:
    """Best of `repeat` bare regex passes over all texts (percentages + line splitting)."""
    pct = re.compile(r"\d+%")
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        for text in texts:
            pct.findall(text)
            text.splitlines()
        best = min(best, time.perf_counter() - t0)
    return best


def rule_patterns() -> list:
    """Every compiled pattern the extraction rules use (after one parse has built them), without duplicates.

    Walks each stage module's globals and the values of its cached zero-argument loaders
    (``_rules()`` and the like): the patterns compiled from rules/*.yaml.
    """
    import importlib

    import regex

    from extractor.pipeline import parse_file

    for src in sorted(CORPUS.glob("*.txt")):
        parse_file(src)
    kinds = (re.Pattern, regex.Pattern)
    found: dict[int, object] = {}

    def walk(obj, depth: int = 0) -> None:
        if depth > 6 or isinstance(obj, (str, bytes, int, float, type(None))):
            return
        if isinstance(obj, kinds):
            found[id(obj)] = obj
        elif isinstance(obj, dict):
            for k, v in obj.items():
                walk(k, depth + 1)
                walk(v, depth + 1)
        elif isinstance(obj, (list, tuple, set, frozenset)):
            for v in obj:
                walk(v, depth + 1)
        elif type(obj).__module__.startswith("extractor"):
            # Public attributes only: private ones hold patterns derived from these (prefilters).
            names = list(vars(obj)) if hasattr(obj, "__dict__") else list(getattr(obj, "__slots__", ()))
            for a in names:
                if not a.startswith("_"):
                    walk(getattr(obj, a, None), depth + 1)

    for name in ("read.normalise", "structure.segment", "structure.metadata", "extract.quantities", "extract.tiers",
                 "extract.cues", "extract.targets", "extract.agencies", "extract.assignments", "extract.funding",
                 "structure.provinces"):
        for value in list(vars(importlib.import_module(f"extractor.{name}")).values()):
            if isinstance(value, kinds):
                found[id(value)] = value
            elif hasattr(value, "cache_info") and value.cache_info().currsize:
                try:
                    walk(value())
                except TypeError:  # a cache keyed by arguments: its patterns are reached elsewhere
                    pass
    return list(found.values())


def rules_pass_seconds(texts: list[str], patterns: list) -> float:
    """Every rule pattern run once over every whole text (``finditer``, matches dropped)."""
    t0 = time.perf_counter()
    for text in texts:
        for rx in patterns:
            for _ in rx.finditer(text):
                pass
    return time.perf_counter() - t0


def underthesea_seconds_per_plan(texts: list[str]) -> float:
    from underthesea import word_tokenize

    word_tokenize(texts[0][:500])  # load the model outside the timing
    t0 = time.perf_counter()
    for text in texts:
        word_tokenize(text)
    return (time.perf_counter() - t0) / len(texts)


# ----------------------------------------------------------------------------- pdf


def pdf_bench(folder: Path, repeat: int = 3) -> dict:
    spec = importlib.util.spec_from_file_location("make_fixtures", ROOT / "tests" / "fixtures" / "make_fixtures.py")
    mf = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mf)
    left, right, body = mf.load_corpus()
    path = folder / "bench_plan.pdf"
    path.write_bytes(mf.build_plan_pdf(left, right, body, repeat=3))

    import pdfplumber
    import pypdfium2 as pdfium

    from extractor.read.readers import read_document

    doc = pdfium.PdfDocument(str(path))
    pages = len(doc)
    doc.close()

    def ours():
        read_document(path)

    def plumber():
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                page.extract_text()

    def pdfium_raw():
        d = pdfium.PdfDocument(str(path))
        for i in range(len(d)):
            page = d[i]
            tp = page.get_textpage()
            tp.get_text_range()
            tp.close()
            page.close()
        d.close()

    out = {"pages": pages, "file": str(path)}
    for name, fn, reps in (("ours", ours, repeat), ("pdfplumber", plumber, 1), ("pypdfium2", pdfium_raw, repeat)):
        fn()  # warm
        best = float("inf")
        for _ in range(reps):
            t0 = time.perf_counter()
            fn()
            best = min(best, time.perf_counter() - t0)
        out[name] = pages / best
    return out


# ----------------------------------------------------------------------------- ocr


def ocr_bench(folder: Path, jobs: int, plan: str = "003_8187f21f6afde94e") -> dict:
    """A corpus plan drawn as a worn scan (tests/scan_fixture.py), read by OCR: pages/s."""
    sys.path.insert(0, str(ROOT / "tests"))
    from scan_fixture import scanned_plan_pdf

    from extractor.read.readers import read_document
    from extractor.store.ingest import ingest

    path = folder / f"{plan}.pdf"
    path.write_bytes(scanned_plan_pdf((ROOT / "corpus" / f"{plan}.txt").read_text(encoding="utf-8")))
    t0 = time.perf_counter()
    doc = read_document(path)
    read = time.perf_counter() - t0
    pages = doc.ocr.total_pages
    out = {"pages": pages, "engine": doc.ocr.engine, "read_1_process": pages / read}
    for j in sorted({1, jobs}):
        db = folder / f"ocr_j{j}.duckdb"
        db.unlink(missing_ok=True)
        t0 = time.perf_counter()
        summary = ingest([path], db, jobs=j)
        out[f"ingest_jobs_{j}"] = pages / (time.perf_counter() - t0)
        assert not summary.failures, summary.failures
    return out


# ----------------------------------------------------------------------------- dask


def _child_dask(folder: str, db: str, out: str, workers: int) -> None:
    """Run in a fresh interpreter: parse on a LocalCluster to Parquet, load into DuckDB; one JSON line."""
    from dask.distributed import Client, LocalCluster

    from extractor.store.distributed import load_parquet, parse_to_parquet

    t0 = time.perf_counter()
    with LocalCluster(n_workers=workers, threads_per_worker=1, dashboard_address=None) as cluster, Client(cluster):
        t1 = time.perf_counter()
        manifests = parse_to_parquet([folder], out)
        t2 = time.perf_counter()
    t3 = time.perf_counter()
    summary = load_parquet(out, db)
    t4 = time.perf_counter()
    print(json.dumps({"cluster_start": t1 - t0, "parse_seconds": t2 - t1, "load_seconds": t4 - t3,
                      "partitions": len(manifests), "plans": summary.plans, "targets": summary.targets,
                      "failed": summary.failed}))


def run_dask(folder: Path, work: Path, workers: int) -> dict:
    db, out = work / "dask.duckdb", work / "parquet"
    cmd = [sys.executable, __file__, "--child-dask", str(folder), str(db), str(out), str(workers)]
    res = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    if res.returncode:
        raise RuntimeError(f"dask run failed:\n{res.stderr[-3000:]}")
    shutil.rmtree(out, ignore_errors=True)
    db.unlink(missing_ok=True)
    return json.loads(res.stdout.strip().splitlines()[-1])


# ----------------------------------------------------------------------------- compare


def compare_bench(db: Path, folder: Path, plans: int = 10_000) -> dict | None:
    try:
        from extractor.query import compare
    except Exception as exc:  # noqa: BLE001 - someone else's module, maybe mid-edit
        return {"skipped": f"extractor.query.compare not importable: {exc}"}
    needed = ("Filters", "long_query", "pivot_query", "fetch")
    if not all(hasattr(compare, n) for n in needed):
        return {"skipped": "extractor.query.compare has no long_query/pivot_query/fetch yet"}
    import duckdb

    big = folder / "compare.duckdb"
    shutil.copy(db, big)
    con = duckdb.connect(str(big))
    have = con.execute("SELECT count(*) FROM documents").fetchone()[0]
    t0 = time.perf_counter()
    copies = -(-plans // have) - 1
    con.execute("BEGIN TRANSACTION")
    for k in range(1, copies + 1):
        con.execute(f"INSERT INTO targets SELECT * REPLACE (doc_id || '-{k}' AS doc_id) FROM targets"
                    f" WHERE doc_id NOT LIKE '%-%'")
        con.execute(f"INSERT INTO documents SELECT * REPLACE (doc_id || '-{k}' AS doc_id,"
                    f" source_name || '-{k}' AS source_name) FROM documents WHERE doc_id NOT LIKE '%-%'")
    con.execute("COMMIT")
    grow = time.perf_counter() - t0
    n_docs = con.execute("SELECT count(*) FROM documents").fetchone()[0]
    n_targets = con.execute("SELECT count(*) FROM targets").fetchone()[0]
    out = {"plans": n_docs, "targets": n_targets, "grow_seconds": grow}
    for name, build in (
        ("long", lambda: compare.long_query(compare.Filters())),
        ("long_2030", lambda: compare.long_query(compare.Filters(years=(2030,)))),
        ("pivot_2030", lambda: compare.pivot_query(con, compare.Filters(years=(2030,)))),
    ):
        t0 = time.perf_counter()
        sql, params = build()
        _, rows = compare.fetch(con, sql, params)
        out[name] = {"seconds": time.perf_counter() - t0, "rows": len(rows)}
    con.close()
    return out


# ----------------------------------------------------------------------------- report


def _mib(x: float) -> str:
    return f"{x:,.0f} MiB"


def main() -> None:
    ap = argparse.ArgumentParser(description="Ingest benchmark on synthetic plans (see the module docstring).")
    ap.add_argument("--n", type=int, default=1000, help="number of synthetic plans (default 1000)")
    ap.add_argument("--jobs", type=int, default=1, help="also time `ingest --jobs N` (default 1: one process only)")
    ap.add_argument("--repeat", type=int, default=1,
                    help="end-to-end ingests per setting, the fastest reported (default 1; the machine may be shared)")
    ap.add_argument("--pdf", action="store_true", help="also time PDF reading (pages/s)")
    ap.add_argument("--ocr", action="store_true", help="also time OCR of a scanned plan (pages/s; needs Tesseract)")
    ap.add_argument("--stage-n", type=int, default=300, help="plans timed stage by stage (default 300)")
    ap.add_argument("--no-stages", action="store_true", help="skip the per-stage pass")
    ap.add_argument("--ut-n", type=int, default=10, help="plans tokenised by underthesea (default 10)")
    ap.add_argument("--no-compare", action="store_true", help="skip the compare timing")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--keep", type=Path, help="write plans and databases here and keep them (default: a temp folder)")
    ap.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    ap.add_argument("--dask", action="store_true",
                    help="also ingest on a Dask LocalCluster (--jobs workers): parse to Parquet, then load")
    ap.add_argument("--child-ingest", nargs=4, help=argparse.SUPPRESS)
    ap.add_argument("--child-dask", nargs=4, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child_ingest:
        folder, db, jobs, limit = args.child_ingest
        _child_ingest(folder, db, int(jobs), int(limit))
        return
    if args.child_dask:
        folder, db, out, workers = args.child_dask
        _child_dask(folder, db, out, int(workers))
        return

    work = args.keep or Path(tempfile.mkdtemp(prefix="plans-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    plans_dir = work / "plans"
    if plans_dir.exists():
        shutil.rmtree(plans_dir)
    fig: dict = {"n": args.n, "cpus": os.cpu_count(), "python": sys.version.split()[0]}
    try:
        t0 = time.perf_counter()
        paths = make_plans(args.n, plans_dir, args.seed)
        mb = sum(p.stat().st_size for p in paths) / 1e6
        print(f"synthetic plans: {args.n} in {plans_dir} ({mb:.1f} MB, {mb * 1e3 / args.n:.1f} KB/plan),"
              f" generated in {time.perf_counter() - t0:.1f} s")

        # End to end, one process; memory at N and N/10.
        e2e = best_ingest(plans_dir, work / "ingest_j1.duckdb", 1, args.repeat)
        fig["ingest_j1"] = e2e
        ms = e2e["seconds"] * 1e3 / args.n
        print(f"\nend to end, ingest --jobs 1{' (best of %d)' % args.repeat if args.repeat > 1 else ''}:"
              f" {args.n} plans in {e2e['seconds']:.2f} s = "
              f"{args.n / e2e['seconds']:.1f} plans/s, {ms:.2f} ms/plan "
              f"({e2e['plans']} stored, {e2e['failed']} failed, {e2e['targets'] / max(1, e2e['plans']):.1f} targets/plan;"
              f" spaCy loaded: {e2e['spacy_loaded']}, underthesea loaded: {e2e['underthesea_loaded']})")
        small_n = max(1, args.n // 10)
        small = run_ingest(plans_dir, work / "ingest_small.duckdb", 1, small_n)
        fig["ingest_small"] = small
        print(f"peak memory (VmHWM of the ingest process): N={small_n}: {_mib(small['maxrss_mib'])};  N={args.n}: {_mib(e2e['maxrss_mib'])}")
        (work / "ingest_small.duckdb").unlink(missing_ok=True)

        if args.jobs > 1:
            ej = best_ingest(plans_dir, work / f"ingest_j{args.jobs}.duckdb", args.jobs, args.repeat)
            fig[f"ingest_j{args.jobs}"] = ej
            speedup = e2e["seconds"] / ej["seconds"]
            print(f"end to end, ingest --jobs {args.jobs}{' (best of %d)' % args.repeat if args.repeat > 1 else ''}:"
                  f" {ej['seconds']:.2f} s = {args.n / ej['seconds']:.1f} plans/s,"
                  f" {ej['seconds'] * 1e3 / args.n:.2f} ms/plan; speed-up x{speedup:.2f} on {os.cpu_count()} cores"
                  f" ({100 * speedup / args.jobs:.0f}% of linear); peak memory parent"
                  f" {_mib(ej['maxrss_mib'])}, largest worker {_mib(ej['children_maxrss_mib'])}")
            (work / f"ingest_j{args.jobs}.duckdb").unlink(missing_ok=True)

        if args.dask:
            workers = max(1, args.jobs)
            dk = run_dask(plans_dir, work, workers)
            fig["dask"] = dk
            total = dk["parse_seconds"] + dk["load_seconds"]
            print(f"dask LocalCluster, {workers} worker processes: parse to Parquet {dk['parse_seconds']:.2f} s"
                  f" ({dk['partitions']} partitions), load into DuckDB {dk['load_seconds']:.2f} s"
                  f" ({args.n / dk['load_seconds']:.0f} plans/s); {args.n / total:.1f} plans/s overall, cluster start"
                  f" {dk['cluster_start']:.1f} s not counted; {dk['targets']} targets"
                  f" ({'same as' if dk['targets'] == e2e['targets'] else 'DIFFERENT from'} plans ingest)")

        # Corpus reference for the realism check.
        from extractor.pipeline import parse_file

        corpus_targets = [len(parse_file(p).targets) for p in sorted(CORPUS.glob("*.txt"))]
        print(f"realism: corpus plans have {sum(corpus_targets) / len(corpus_targets):.1f} targets/plan;"
              f" synthetic {e2e['targets'] / max(1, e2e['plans']):.1f}")

        if not args.no_stages:
            sample = paths[:min(args.stage_n, len(paths))]
            st = stage_times(sample, work / "stages.duckdb")
            (work / "stages.duckdb").unlink(missing_ok=True)
            total = sum(st.values())
            fig["stages_ms_per_plan"] = {k: v * 1e3 / len(sample) for k, v in st.items()}
            print(f"\nper stage, in process, {len(sample)} plans (ms/plan):")
            for k, v in st.items():
                print(f"  {k:<20} {v * 1e3 / len(sample):7.2f}  {100 * v / total:5.1f}%")
            print(f"  {'total':<20} {total * 1e3 / len(sample):7.2f}")

        texts = [p.read_text(encoding="utf-8") for p in paths]
        floor = floor_seconds(texts) / args.n
        patterns = rule_patterns()
        rules_n = min(100, len(texts))
        naive = rules_pass_seconds(texts[:rules_n], patterns) / rules_n
        ut_n = min(args.ut_n, len(texts))
        ut = underthesea_seconds_per_plan(texts[:ut_n])
        ours = e2e["seconds"] / args.n
        fig.update(floor_ms_per_plan=floor * 1e3, rule_patterns=len(patterns), rules_pass_ms_per_plan=naive * 1e3, underthesea_ms_per_plan=ut * 1e3, underthesea_sample=ut_n,
                   ours_ms_per_plan=ours * 1e3)
        print(f"\nfloor (re.findall(r'\\d+%') + splitlines, texts in memory): {floor * 1e3:.3f} ms/plan;"
              f" ingest end to end = x{ours / floor:.1f} the floor")
        print(f"every rule pattern ({len(patterns)} compiled from rules/) run once over the whole text:"
              f" {naive * 1e3:.1f} ms/plan (on {rules_n} plans); ingest end to end = x{ours / naive:.2f} of it")
        print(f"underthesea.word_tokenize: {ut * 1e3:.1f} ms/plan (measured on {ut_n} plans, extrapolated:"
              f" {ut * args.n:.0f} s for {args.n}); ingest end to end = x{ours / ut:.3f} of it"
              f" ({ut / ours:.1f} times faster)")

        if args.pdf:
            pdf = pdf_bench(work)
            fig["pdf"] = pdf
            print(f"\nPDF ({pdf['pages']} pages, text layer): ours {pdf['ours']:.0f} pages/s;"
                  f" pdfplumber extract_text {pdf['pdfplumber']:.1f} pages/s;"
                  f" pypdfium2 get_text_range {pdf['pypdfium2']:.0f} pages/s;"
                  f" ours = x{pdf['ours'] / pdf['pdfplumber']:.1f} pdfplumber, x{pdf['ours'] / pdf['pypdfium2']:.2f} raw pdfium")

        if args.ocr:
            ocr = ocr_bench(work, args.jobs)
            fig["ocr"] = ocr
            print(f"\nPDF ({ocr['pages']} scanned pages, OCR at 300 dpi, {ocr['engine']}): read"
                  f" {ocr['read_1_process']:.2f} pages/s in one process; ingest "
                  + "; ".join(f"--jobs {k.rsplit('_', 1)[1]} {v:.2f} pages/s" for k, v in ocr.items() if k.startswith("ingest"))
                  + (f" (text layer: {fig['pdf']['ours']:.0f} pages/s)" if "pdf" in fig else ""))

        if not args.no_compare:
            cmp_ = compare_bench(work / "ingest_j1.duckdb", work)
            fig["compare"] = cmp_
            if cmp_ is None or "skipped" in cmp_:
                print(f"\ncompare: skipped ({(cmp_ or {}).get('skipped')})")
            else:
                print(f"\ncompare over {cmp_['plans']:,} plans ({cmp_['targets']:,} targets; rows copied in"
                      f" {cmp_['grow_seconds']:.1f} s):", "; ".join(
                          f"{k} {v['seconds'] * 1e3:.0f} ms ({v['rows']:,} rows)"
                          for k, v in cmp_.items() if isinstance(v, dict)))
            (work / "compare.duckdb").unlink(missing_ok=True)
        if args.json:
            args.json.write_text(json.dumps(fig, indent=2), encoding="utf-8")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
