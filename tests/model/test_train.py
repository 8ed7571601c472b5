"""`plans train` writes where it is told (never into the package by default) and is reproducible: the
shipped weights are exactly what `plans train --ship` writes from the repository's data, byte for
byte, so a fresh clone that runs it changes nothing (and the next ingest does not re-extract)."""
from __future__ import annotations

import hashlib
from pathlib import Path

from click.testing import CliRunner

from conftest import REPO

from extractor.cli import main
from extractor.model.shipped import MODEL_DIR, model_fingerprint


def digests(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_train_defaults_to_a_folder_outside_the_package(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    before = digests(MODEL_DIR)
    result = CliRunner().invoke(main, ["train", "-q"])
    assert result.exit_code == 0, result.output
    assert result.output.strip().endswith(f"-> {Path('outputs') / 'model'}")
    assert (tmp_path / "outputs" / "model" / "indicator" / "meta.json").exists()
    assert digests(MODEL_DIR) == before


def test_training_twice_gives_the_same_bytes_as_the_shipped_model(tmp_path):
    for name in ("a", "b"):
        result = CliRunner().invoke(main, ["train", "-q", "--out", str(tmp_path / name)])
        assert result.exit_code == 0, result.output
    assert digests(tmp_path / "a") == digests(tmp_path / "b")
    shipped = digests(MODEL_DIR)
    assert digests(tmp_path / "a") == shipped, (
        "the shipped model is not what `plans train --ship` writes from this repository's data; "
        "run `plans train --ship` and commit extractor/model/weights")


def test_ship_rewrites_the_package_weights_unchanged(tmp_path, monkeypatch):
    """`--ship` on a copy of the package's weights (a test never writes into the package)."""
    import shutil

    from extractor.model import shipped

    copy = tmp_path / "weights"
    shutil.copytree(MODEL_DIR, copy)
    monkeypatch.setattr(shipped, "MODEL_DIR", copy)
    fingerprint = model_fingerprint()
    result = CliRunner().invoke(main, ["train", "-q", "--ship"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == f"shipped model unchanged ({fingerprint})"
    assert digests(copy) == digests(MODEL_DIR)


def test_out_and_ship_together_is_an_error(tmp_path):
    result = CliRunner().invoke(main, ["train", "--ship", "--out", str(tmp_path)])
    assert result.exit_code == 1 and result.output == "error: use either --out or --ship, not both\n"


def test_training_record_names_its_library_versions():
    import json
    from importlib.metadata import version

    record = json.loads((MODEL_DIR / "training.json").read_text(encoding="utf-8"))
    assert record["libraries"] == {n: version(n) for n in ("spacy", "thinc", "numpy")}, (
        "this machine's spaCy/thinc/numpy differ from those of the shipped model: pip install -e '.[train]'")
    extras = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    pins = ", ".join(f'"{n}=={v}"' for n, v in record["libraries"].items())
    assert f"train = [{pins}]" in extras
    assert str(MODEL_DIR).startswith(str(REPO / "extractor"))
