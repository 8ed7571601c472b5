"""Tests for extractor.query.report: the HTML is self-contained, shows the database's numbers exactly,
links every target and duty to its highlighted quote, and runs without script errors in
headless Chromium (which also writes outputs/report-1400.png and outputs/report-390.png).

Chromium is required (CI installs it: `apt-get install -y chromium`); these tests fail, not skip,
when it is missing.
"""
from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from extractor.cli.report import command
from extractor.query.report import fmt_num, fmt_range, highlight

REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = {1400: REPO / "outputs" / "report-1400.png", 390: REPO / "outputs" / "report-390.png"}


def _load_test_compare():
    """tests/test_compare.py builds the synthetic database; load it by path (tests are not a package)."""
    spec = importlib.util.spec_from_file_location("_test_compare_data", Path(__file__).with_name("test_compare.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


build_db = _load_test_compare().build_db


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    return build_db(tmp_path_factory.mktemp("report") / "plans.duckdb")


@pytest.fixture(scope="module")
def report(db, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("report_out") / "report.html"
    result = CliRunner().invoke(command, ["--db", str(db), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def html_text(report) -> str:
    return report.read_text(encoding="utf-8")


@pytest.fixture()
def con(db):
    c = duckdb.connect(str(db), read_only=True)
    yield c
    c.close()


# --------------------------------------------------------------------------- #
# A small HTML reader for the checks
# --------------------------------------------------------------------------- #


class Page(HTMLParser):
    """Collects heatmap cells and duty cells (by data-k) and the text highlighted for each span id."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.cells: dict[str, str] = {}
        self.duty_cells: dict[str, str] = {}
        self.marked: dict[str, str] = defaultdict(str)
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.scripts = 0
        self._cell: str | None = None
        self._marks: list[list[str]] = []
        self._buf: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and (a.get("href") or "").startswith("#"):
            self.links.append(a["href"][1:])
        if tag == "script":
            self.scripts += 1
        if tag == "td" and "data-k" in a:
            if "data-n" in a:
                self.duty_cells[a["data-k"]] = a["data-n"]
            else:
                self._cell, self._buf = a["data-k"], []
        if tag == "mark":
            self._marks.append((a.get("data-r") or "").split())

    def handle_endtag(self, tag):
        if tag == "td" and self._cell is not None:
            self.cells[self._cell] = "".join(self._buf).strip()
            self._cell = None
        if tag == "mark" and self._marks:
            self._marks.pop()

    def handle_data(self, data):
        if self._cell is not None:
            self._buf.append(data)
        for ids in self._marks:
            for i in ids:
                self.marked[i] += data


def expected_cells(con) -> dict[str, str]:
    """What each heatmap cell must show: the database's value as stored, or '–' when not adopted."""
    out = {}
    for doc_id, ord_, value, vmax, st in con.execute(
            "SELECT doc_id, national_ord, value, value_max, status FROM v_compare").fetchall():
        out[f"{doc_id}|{ord_}"] = "–" if st == "not_adopted" else fmt_range(value, vmax)
    for ord_, value, vmax in con.execute("SELECT ord, value, value_max FROM national_targets").fetchall():
        out[f"national|{ord_}"] = fmt_range(value, vmax)
    return out


def check_numbers(page: Page, con) -> None:
    assert page.cells == expected_cells(con)
    duties = defaultdict(dict)
    for agency, doc_id, role, n in con.execute("SELECT agency, doc_id, role, count(*) FROM assignments GROUP BY ALL").fetchall():
        duties[f"{agency}|{doc_id}"][role] = n
    for agency, role, n in con.execute("SELECT agency, role, count(*) FROM assignments GROUP BY ALL").fetchall():
        duties[f"{agency}|*"][role] = n
    assert page.duty_cells == {k: ",".join(f"{r}:{n}" for r, n in sorted(v.items())) for k, v in duties.items()}


# --------------------------------------------------------------------------- #
# Static checks
# --------------------------------------------------------------------------- #


def test_report_is_self_contained(html_text):
    assert not re.search(r"""\b(?:src|href|xlink:href|action|srcset)\s*=\s*(?!["']?#)""", html_text)
    for forbidden in ("http://", "https://", "url(", "@import", "<link", "@font-face", "<iframe", "<img"):
        assert forbidden not in html_text, forbidden
    assert html_text.count("<script>") == 2  # the error recorder and the page script, nothing from the data


def test_plan_text_is_escaped(html_text):
    assert "<script>window.__x" not in html_text
    assert "&lt;script&gt;window.__x = 1&lt;/script&gt; &amp; \"trích dẫn\" — a &lt; b &gt; c" in html_text
    assert "&lt;có câu lạc bộ&gt; &amp; \"nhóm sở thích\"" in html_text


def test_numbers_are_those_of_the_database(html_text, con):
    page = Page(html_text)
    check_numbers(page, con)
    # spot checks in words: Vĩnh Long's 80 against 100, a tier it leaves out, a range
    ord_af = con.execute("SELECT ord FROM national_targets WHERE indicator = 'library.digital'"
                         " AND subject = 'armed_forces' AND year = 2030").fetchone()[0]
    assert page.cells[f"doc-001_vinh_long|{ord_af}"] == "80" and page.cells[f"national|{ord_af}"] == "100"
    assert 'data-k="doc-001_vinh_long|%d" data-status="below"' % ord_af in html_text


def test_every_target_and_duty_links_to_its_quote(html_text, con):
    page = Page(html_text)
    assert set(page.links) <= page.ids, set(page.links) - page.ids
    plans = [r[0] for r in con.execute(
        "SELECT d.doc_id FROM documents d LEFT JOIN provinces p USING (province) ORDER BY p.ord NULLS LAST, d.province, d.source_name").fetchall()]
    for i, doc_id in enumerate(plans, 1):
        quotes = [r[0] for r in con.execute(
            "SELECT quote FROM targets WHERE doc_id = ? ORDER BY start_char, end_char, indicator, subject, year", [doc_id]).fetchall()]
        for j, quote in enumerate(quotes, 1):
            anchor = f"p{i}-t{j}"
            assert anchor in page.ids and anchor in page.links
            assert page.marked[anchor] == quote
        duties = [r[0] for r in con.execute(
            "SELECT duty FROM assignments WHERE doc_id = ? ORDER BY start_char, end_char, agency, role", [doc_id]).fetchall()]
        for j, duty in enumerate(duties, 1):
            anchor = f"p{i}-d{j}"
            assert anchor in page.ids and anchor in page.links
            assert page.marked[anchor] == duty


def test_charts_one_per_indicator_with_national_lines(html_text, con):
    indicators = [r[0] for r in con.execute(
        "SELECT indicator FROM national_targets GROUP BY 1 ORDER BY min(ord)").fetchall()]
    assert re.findall(r'<figure id="chart-([^"]+)"', html_text) == indicators
    assert html_text.count('<line class="nat"') == con.execute("SELECT count(*) FROM national_targets").fetchone()[0]
    assert "<title>Vĩnh Long: 80</title>" in html_text


def test_report_size_is_reasonable(html_text, con):
    text_bytes = sum(len(t.encode()) for (t,) in con.execute("SELECT text FROM documents").fetchall())
    assert len(html_text.encode()) < 150_000 + 3 * text_bytes


# --------------------------------------------------------------------------- #
# highlight()
# --------------------------------------------------------------------------- #


def test_highlight_overlapping_spans():
    out = highlight("abcdef", [(0, 4, "t1", "t"), (2, 6, "d1", "d"), (2, 4, "t2", "t")])
    assert out == ('<span class="anc" id="t1"></span><mark class="t" data-r="t1">ab</mark>'
                   '<span class="anc" id="d1"></span><span class="anc" id="t2"></span>'
                   '<mark class="td" data-r="t1 d1 t2">cd</mark><mark class="d" data-r="d1">ef</mark>')


def test_highlight_ignores_spans_outside_the_text_and_escapes():
    assert highlight('<a href="x">&', [(5, 99, "t1", "t"), (3, 3, "t2", "t")]) == '&lt;a href="x"&gt;&amp;'


def test_fmt_num_prints_stored_values():
    assert [fmt_num(v) for v in (100.0, 70.0, 12.5, 0.25, None)] == ["100", "70", "12.5", "0.25", ""]


def test_command_is_documented():
    assert "Example:" in command.help and command.name == "report"


def test_report_on_empty_database(tmp_path):
    from extractor.store.database import connect

    connect(tmp_path / "e.duckdb").close()
    out = tmp_path / "e.html"
    result = CliRunner().invoke(command, ["--db", str(tmp_path / "e.duckdb"), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "0 kế hoạch, 0 chỉ tiêu, 0 nhiệm vụ, 0 cảnh báo" in out.read_text(encoding="utf-8")
    result = CliRunner().invoke(command, ["--db", str(tmp_path / "e.duckdb"), "--out", str(out), "--lang", "en"])
    assert "0 plans, 0 targets, 0 duties, 0 warnings" in out.read_text(encoding="utf-8")


# --------------------------------------------------------------------------- #
# Headless Chromium
# --------------------------------------------------------------------------- #


def chromium_path() -> str:
    exe = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(exe).exists():
        pytest.fail("headless Chromium is required for the report tests and was not found; "
                    "install it with `apt-get update && apt-get install -y chromium` (see .ci/run)", pytrace=False)
    return exe


def run_chromium(url: str, profile: Path, *extra: str) -> subprocess.CompletedProcess:
    cmd = [chromium_path(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
           "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
           "--disable-dev-shm-usage", f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0", *extra, url]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=180)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc


def console_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if ":CONSOLE" in line]


def test_report_runs_in_chromium_without_errors(report, con, tmp_path):
    proc = run_chromium(report.as_uri(), tmp_path / "profile", "--dump-dom")
    dom = proc.stdout
    assert console_lines(proc.stderr) == []
    assert 'data-selfcheck="ok"' in dom, re.findall(r"Script errors:[^<]*", dom)
    assert not re.search(r"<html[^>]*data-js-errors", dom)
    assert "window.__x" in dom and "<script>window.__x" not in dom  # plan text stayed text
    check_numbers(Page(dom), con)  # the rendered DOM shows the database's numbers


def test_link_target_is_highlighted_in_chromium(report, tmp_path):
    proc = run_chromium(report.as_uri() + "#p4-t6", tmp_path / "profile", "--dump-dom")
    hits = re.findall(r'<mark class="(t|d|td) hit" data-r="([^"]*)">([^<]*)</mark>', proc.stdout)
    assert hits and all("p4-t6" in ids.split() for _, ids, _ in hits)
    assert "".join(h[2] for h in hits) == "đến năm 2030: 80% thư viện lực lượng vũ trang ứng dụng công nghệ thông tin"


def test_error_marker_catches_script_errors(report, tmp_path):
    broken = tmp_path / "broken.html"
    broken.write_text(report.read_text(encoding="utf-8").replace(
        "</main>", "</main><script>notDefinedAnywhere();</script>", 1), encoding="utf-8")
    proc = run_chromium(broken.as_uri(), tmp_path / "profile", "--dump-dom")
    assert re.search(r'<html[^>]*data-js-errors="1"', proc.stdout) and 'data-selfcheck="fail"' in proc.stdout
    assert any("notDefinedAnywhere" in line for line in console_lines(proc.stderr))


@pytest.fixture(scope="module")
def corpus_report(corpus_db, tmp_path_factory) -> Path:
    """The report of the bundled corpus (real plans, real agency names, a real warning)."""
    out = tmp_path_factory.mktemp("corpus_report") / "report.html"
    result = CliRunner().invoke(command, ["--db", str(corpus_db), "--out", str(out), "-q"])
    assert result.exit_code == 0 and result.output == "", result.output
    return out


@pytest.mark.parametrize("width", [1400, 390])
def test_corpus_report_in_chromium_at_two_widths_with_screenshots(corpus_report, corpus_db, tmp_path, width):
    """No console error, numbers equal to the database, no chart label overlapping another (the page
    checks every pair of text boxes), the heatmap fits at 1400 px and scrolls in its box on a phone."""
    proc = run_chromium(corpus_report.as_uri(), tmp_path / "profile", "--dump-dom", f"--window-size={width},2000")
    dom = proc.stdout
    assert console_lines(proc.stderr) == []
    assert 'data-selfcheck="ok"' in dom, re.findall(r"Script errors:[^<]*", dom)
    # headless Chromium lays a page out at least 500 px wide when dumping the DOM
    assert int(re.search(r'data-width="(\d+)"', dom).group(1)) == max(width, 500)
    assert f'data-heat-fits="{"yes" if width >= 1400 else "no"}"' in dom
    con = duckdb.connect(str(corpus_db), read_only=True)
    check_numbers(Page(dom), con)
    con.close()
    shot = SCREENSHOTS[width]
    shot.parent.mkdir(parents=True, exist_ok=True)
    if shot.exists():
        shot.unlink()
    run_chromium(corpus_report.as_uri(), tmp_path / "profile2", f"--screenshot={shot}", f"--window-size={width},2400",
                 "--hide-scrollbars")
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000
    assert int.from_bytes(data[16:20], "big") == width  # PNG header: the page was laid out at that width


def test_report_speaks_vietnamese_with_codes_as_secondary_text(corpus_report):
    page = corpus_report.read_text(encoding="utf-8")
    assert '<html lang="vi">' in page and "Chỉ tiêu so với mức quốc gia" in page
    assert ("<b>Thư viện ứng dụng công nghệ thông tin, chuyển đổi số</b> "
            '<span class="code">library.digital</span>') in page
    assert '<span>lực lượng vũ trang</span>' in page  # tier headers of the heatmap
    for english in (">plan<", "Targets against", "not adopted", "provincial_public</td>", "Duties ("):
        assert english not in page, english


def test_report_in_english_with_lang_en(corpus_db, tmp_path):
    out = tmp_path / "en.html"
    assert CliRunner().invoke(command, ["--db", str(corpus_db), "--out", str(out), "--lang", "en", "-q"]).exit_code == 0
    page = out.read_text(encoding="utf-8")
    assert '<html lang="en">' in page and "Targets against the national baseline" in page
    assert "<b>Libraries applying IT and digital transformation</b>" in page
    assert "Department of Culture, Sports and Tourism" in page


def test_agencies_have_real_vietnamese_names(corpus_report):
    page = corpus_report.read_text(encoding="utf-8")
    assert "&lt;province&gt;" not in page and "<province>" not in page and " and other " not in page
    assert ">Báo tỉnh / thành phố<br>" in page  # the row of the matrix
    assert 'title="Báo Cần Thơ"' in page and 'title="Báo Vĩnh Long"' in page  # each plan's own wording
    assert "Thư viện trong lực lượng công an, biên phòng, trại giam và các thư viện đặc thù khác" in page


def test_warnings_are_shown_next_to_the_targets_they_concern(db, tmp_path):
    import shutil as _shutil

    copy = tmp_path / "w.duckdb"
    _shutil.copy(db, copy)
    con = duckdb.connect(str(copy))
    doc, s, e = con.execute("SELECT doc_id, start_char, end_char FROM targets WHERE quote LIKE '80% thư viện lực%'"
                            " AND doc_id = 'doc-001_vinh_long'").fetchone()
    con.execute("INSERT INTO warnings VALUES (?, 'value_doubtful', 'giá trị cần kiểm tra', ?, ?)", [doc, s, e])
    con.execute("INSERT INTO warnings VALUES (?, 'program_ref_variant', 'số quyết định viết khác', 0, 8)", [doc])
    con.close()
    out = tmp_path / "w.html"
    assert CliRunner().invoke(command, ["--db", str(copy), "--out", str(out), "-q"]).exit_code == 0
    page = out.read_text(encoding="utf-8")
    plan = [p for p in page.split('<section class="plan"')[1:] if "001_vinh_long" in p.split("</h3>")[0]][0]
    rows = re.findall(r"<tr>(?:(?!</tr>).)*</tr>", plan.split("</table>")[0])
    flagged = [r for r in rows if "value_doubtful" in r]
    assert len(flagged) == 1 and '<td class="num">80</td>' in flagged[0] and "giá trị cần kiểm tra" in flagged[0]
    assert '<td class="check"></td>' in plan  # the other targets carry none
    other = plan.split('<ul class="warnings">')[1].split("</ul>")[0]
    assert "số quyết định viết khác" in other and "program_ref_variant" in other and "value_doubtful" not in other
