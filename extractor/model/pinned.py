"""Training whose arithmetic is the same on every x86-64 machine.

numpy's OpenBLAS chooses its kernels by processor (AVX2 on one machine, AVX-512 on another) and
the float sums then differ in their last bits: the same data and library versions trained the
classifiers to other bytes on an AVX-512 machine than on the AVX2 machine that shipped them.
OpenBLAS reads OPENBLAS_CORETYPE once, when numpy loads, so training runs in a child process
with the kernel set pinned. Progress and the example counts come back as lines on its stdout.
"""
from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
from pathlib import Path

from .classifier import train

# AVX2 kernels: every x86-64 processor of the last decade has them, and the shipped weights use them.
CORE = "Haswell"


def _pinnable() -> bool:
    return platform.machine().lower() in ("x86_64", "amd64")


def train_pinned(out_dir: Path, gold_dir: Path, corpus_dir: Path, on_progress=None) -> dict[str, int]:
    """model.classifier.train with OpenBLAS's kernels pinned to CORE (in this process when they already are)."""
    if not _pinnable() or os.environ.get("OPENBLAS_CORETYPE") == CORE:
        return train(out_dir, gold_dir, corpus_dir, on_progress=on_progress)
    child = subprocess.Popen([sys.executable, "-m", __name__, str(out_dir), str(gold_dir), str(corpus_dir)],
                             stdout=subprocess.PIPE, text=True, env=dict(os.environ, OPENBLAS_CORETYPE=CORE))
    counts: dict[str, int] = {}
    for line in child.stdout:
        kind, _, payload = line.rstrip("\n").partition(" ")
        if kind == "progress" and on_progress:
            done, total, what = payload.split(" ", 2)
            on_progress(int(done), int(total), what)
        elif kind == "counts":
            counts = json.loads(payload)
    if child.wait() != 0 or not counts:
        raise RuntimeError(f"training failed in its child process (exit {child.returncode}; its error is above)")
    return counts


def _main(out_dir: str, gold_dir: str, corpus_dir: str) -> None:
    def tick(done: int, total: int, what: str) -> None:
        print(f"progress {done} {total} {what}", flush=True)

    counts = train(Path(out_dir), Path(gold_dir), Path(corpus_dir), on_progress=tick)
    print(f"counts {json.dumps(counts)}", flush=True)


if __name__ == "__main__":
    _main(*sys.argv[1:4])
