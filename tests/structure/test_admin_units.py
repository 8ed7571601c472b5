"""The stored snapshot of vietnamadminunits' province lists is what the package itself says."""
import json

from extractor.structure import admin_units


def test_snapshot_matches_the_installed_package():
    snap = json.loads(admin_units.SNAPSHOT.read_text(encoding="utf-8"))
    assert snap["version"] == admin_units._installed_version()
    assert [tuple(u) for u in snap["legacy"]] == list(admin_units._live_legacy())
    assert [tuple(c) for c in snap["current"]] == list(admin_units._live_current())


def test_another_package_version_is_read_live(monkeypatch):
    admin_units._snapshot.cache_clear()
    monkeypatch.setattr(admin_units, "_installed_version", lambda: "0.0.0-other")
    try:
        assert admin_units._snapshot() is None
    finally:
        admin_units._snapshot.cache_clear()


def test_reading_the_snapshot_does_not_import_the_package():
    import subprocess
    import sys

    code = ("import sys; from extractor.structure import admin_units as a; "
            "n = len(a.legacy_units()), len(a.current_units()); "
            "print(n, 'vietnamadminunits' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "(63, 34) False"
