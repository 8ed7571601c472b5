"""Fuzz the span contract: mutate the corpus and blind-plan texts, parse, count crashes and broken spans.

    python benchmarks/fuzz_spans.py --n 4000 --seed 14

Each input is one of corpus/*.txt or tests/fixtures/independent/*.txt with 1-6 mutations
(a slice deleted, repeated, noise inserted, lines swapped, digits changed). A broken span is
a target or funding row without start < end, a non-empty quote and text[start:end] == quote,
or a duty or section outside the text (store/spans.py). tests/store/test_spans.py runs the
same property with hypothesis on every test run; this script gives the bigger counts.
"""
from __future__ import annotations

import argparse
import collections
import hashlib
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extractor.core.models import RawDocument  # noqa: E402
from extractor.pipeline import parse  # noqa: E402
from extractor.store.spans import problems  # noqa: E402

NOISE = "aăâeêioôơuưyđáàảãạ0123456789 %|\n-.;,:()+"


def mutate(text: str, rng: random.Random) -> str:
    for _ in range(rng.randint(1, 6)):
        op, i = rng.randrange(5), rng.randrange(len(text) + 1)
        j = min(len(text), i + rng.randint(0, 200))
        if op == 0:
            text = text[:i] + text[j:]
        elif op == 1:
            text = text[:i] + text[i:j] + text[i:]
        elif op == 2:
            text = text[:i] + "".join(rng.choice(NOISE) for _ in range(rng.randint(1, 20))) + text[i:]
        elif op == 3:
            lines = text.split("\n")
            a, b = rng.randrange(len(lines)), rng.randrange(len(lines))
            lines[a], lines[b] = lines[b], lines[a]
            text = "\n".join(lines)
        else:
            text = text[:i] + "".join(rng.choice("0123456789") if c.isdigit() else c for c in text[i:j]) + text[j:]
    return text


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=4000)
    ap.add_argument("--seed", type=int, default=14)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    paths = sorted((ROOT / "corpus").glob("*.txt")) + sorted((ROOT / "tests/fixtures/independent").glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in paths]
    crashes, broken, inputs_broken = collections.Counter(), collections.Counter(), 0
    start = time.time()
    for k in range(args.n):
        text = mutate(rng.choice(texts), rng)
        doc = RawDocument(source_name=f"m{k}", path=f"m{k}.txt", fmt="txt", text=text,
                          content_hash=hashlib.sha256(text.encode()).hexdigest())
        try:
            found = [(table, getattr(row, "rule", "")) for table, row, _ in problems(parse(doc))]
        except Exception as exc:  # a crash is counted, not fatal: the count is the point
            crashes[type(exc).__name__] += 1
            continue
        inputs_broken += bool(found)
        broken.update(found)
    print(f"inputs {args.n}, crashes {sum(crashes.values())} {dict(crashes)}, inputs with a broken span "
          f"{inputs_broken}, broken rows {sum(broken.values())} {dict(broken)}, {time.time() - start:.0f} s")


if __name__ == "__main__":
    main()
