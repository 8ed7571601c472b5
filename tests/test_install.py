"""A wheel carries the rules, taxonomy, reference data and model, and works from any folder (issue 14).

Built offline (no build isolation) into a fresh virtual environment that sees the system's
packages (the dependencies) but not this checkout: the corpus ingested with it gives the same rows.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile

import duckdb
import pytest

from conftest import CORPUS, REPO, dump_tables


@pytest.fixture(scope="module")
def venv(tmp_path_factory):
    """(python, plans) of a fresh venv with the wheel installed, and the wheel's path."""
    root = tmp_path_factory.mktemp("install")
    src = root / "src"  # a copy, so that building leaves nothing in the checkout
    src.mkdir()
    for name in ("pyproject.toml", "setup.py", "README.md"):
        shutil.copy(REPO / name, src / name)
    for folder in ("extractor", "rules"):
        shutil.copytree(REPO / folder, src / folder, ignore=shutil.ignore_patterns("__pycache__"))
    run = lambda *args, **kw: subprocess.run(args, check=True, capture_output=True, text=True, **kw)  # noqa: E731
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
        "-w", str(root / "dist"), str(src))
    [wheel] = (root / "dist").glob("plan_extractor-*.whl")
    env_dir = root / "venv"
    run(sys.executable, "-m", "venv", "--system-site-packages", "--without-pip", str(env_dir))
    python = env_dir / "bin" / "python"
    run(str(python), "-m", "pip", "install", "--no-deps", "--no-index", str(wheel))
    return python, env_dir / "bin" / "plans", wheel


def _clean_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PLANS_RULES_DIR")}


def test_the_wheel_holds_rules_taxonomy_reference_data_and_model(venv):
    names = set(zipfile.ZipFile(venv[2]).namelist())
    for rule in sorted(p.relative_to(REPO / "rules").as_posix() for p in (REPO / "rules").rglob("*.yaml")):
        assert f"extractor/_rules/{rule}" in names
    assert {"extractor/_rules/taxonomy.yaml", "extractor/_rules/national-1520.yaml",
            "extractor/_rules/provinces.yaml"} <= names
    assert {"extractor/model/weights/indicator/meta.json", "extractor/model/weights/tier/meta.json"} <= names


def test_the_installed_package_ingests_the_corpus_from_another_folder(venv, tmp_path, corpus_db):
    python, plans, _ = venv
    where = subprocess.run([str(python), "-c", "import extractor.core.rules as r, extractor.model.shipped as m;"
                            " print(r.__file__); print(r.rules_dir()); print(m.model_available())"],
                           cwd=tmp_path, env=_clean_env(), capture_output=True, text=True, check=True).stdout.split()
    site = python.parent.parent / "lib"
    assert where[0].startswith(str(site)) and where[1].startswith(str(site)) and where[1].endswith("extractor/_rules")
    assert where[2] == "True"
    db = tmp_path / "w.duckdb"
    proc = subprocess.run([str(plans), "ingest", str(CORPUS), "--db", str(db), "-q"],
                          cwd=tmp_path, env=_clean_env(), capture_output=True, text=True)
    assert (proc.returncode, proc.stderr) == (0, "")
    got = dump_tables(duckdb.connect(str(db), read_only=True))
    want = dump_tables(duckdb.connect(str(corpus_db), read_only=True))
    assert got == want


def test_train_in_an_installed_package_says_what_it_needs_in_one_line(venv, tmp_path):
    python, plans, _ = venv
    proc = subprocess.run([str(plans), "train"], cwd=tmp_path, env=_clean_env(), capture_output=True, text=True)
    gold = python.parent.parent / "lib" / f"python{sys.version_info.major}.{sys.version_info.minor}" / "site-packages" / "corpus" / "gold"
    assert proc.returncode == 1
    assert proc.stderr.splitlines() == [
        f"error: {gold}: answer keys not found; `plans train` needs a source checkout's corpus/ and corpus/gold"
        " (or --gold and --corpus)"]
