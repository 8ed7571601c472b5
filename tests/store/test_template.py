"""A new database starts as a copy of an empty one kept in the machine's cache (store/template.py)."""
from extractor.store import template
from extractor.store.database import TABLES, connect


def _content(con):
    tables = ["schema_migrations", "agencies", "national_targets", "provinces", "reference_sources", "reference_state",
              *TABLES]
    return {t: sorted(map(repr, con.execute(f"SELECT * EXCLUDE (applied_at) FROM {t}" if t == "schema_migrations"
                                            else f"SELECT * FROM {t}").fetchall())) for t in tables}


def test_a_new_database_from_the_kept_copy_equals_one_set_up_from_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("PLANS_CACHE_DIR", str(tmp_path / "cache"))
    first = connect(tmp_path / "first.duckdb")  # set up from nothing, and kept
    assert template.template_path().is_file()
    second = connect(tmp_path / "second.duckdb")  # a copy of the kept one
    assert _content(second) == _content(first)
    first.close()
    second.close()


def test_no_cache_folder_means_setting_up_from_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("PLANS_CACHE_DIR", "")
    assert template.template_path() is None and not template.place(tmp_path / "x.duckdb")
    con = connect(tmp_path / "x.duckdb")
    assert con.execute("SELECT count(*) FROM national_targets").fetchone()[0] > 0
    con.close()


def test_a_damaged_copy_only_costs_time(tmp_path, monkeypatch):
    monkeypatch.setenv("PLANS_CACHE_DIR", str(tmp_path / "cache"))
    path = template.template_path()
    path.parent.mkdir(parents=True)
    path.write_bytes(b"not a database")
    con = connect(tmp_path / "x.duckdb")  # the copy is set aside; the database is set up from nothing
    assert con.execute("SELECT count(*) FROM national_targets").fetchone()[0] > 0
    con.close()
