"""One self-contained HTML report of the plans database (opens offline: inline CSS, JS and SVG).

Sections: (1) a heatmap of every plan against the national baseline of
Decision 1520/QĐ-TTg, (2) a bar chart per indicator with the national value
as a line, (3) the agency x plan duty matrix (counts by role), and (4) one
section per plan with its text, where every target and duty links to its
quote highlighted in place. Every number shown is read from the database and
printed as stored (80.0 -> "80", 12.5 -> "12.5"); nothing is recomputed.

Data is gathered by :func:`collect` and turned into HTML by :func:`render`;
:func:`write_report` does both.
"""
from __future__ import annotations

import datetime as dt
import html
import math
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Optional

import duckdb




DEFAULT_OUT = Path("outputs") / "report.html"
ROLES = ("lead", "coordinate", "implement", "report")
STATUS_TEXT = {"meets": "meets", "above": "above", "below": "below", "not_adopted": "not adopted"}


def fmt_num(v: Optional[float]) -> str:
    """A stored number as text, exactly: no trailing ".0", no rounding.

    >>> fmt_num(80.0), fmt_num(12.5), fmt_num(None), fmt_num(0.1)
    ('80', '12.5', '', '0.1')
    """
    if v is None:
        return ""
    if float(v).is_integer() and abs(v) < 1e15:
        return str(int(v))
    return repr(float(v))


def fmt_range(v: Optional[float], vmax: Optional[float]) -> str:
    """ "10-15" for a range, "80" for a value.

    >>> fmt_range(10.0, 15.0), fmt_range(80.0, None)
    ('10-15', '80')
    """
    return fmt_num(v) + (f"-{fmt_num(vmax)}" if vmax is not None else "")


def esc(s: Any) -> str:
    """HTML-escape text or an attribute value (quotes included)."""
    return html.escape("" if s is None else str(s), quote=True)


# --------------------------------------------------------------------------- #
# Data
# --------------------------------------------------------------------------- #


@dataclass
class Plan:
    idx: int
    doc_id: str
    source_name: str
    province: Optional[str]
    province_current: Optional[str]
    doc_number: Optional[str]
    issued_on: Optional[str]
    program_ref: Optional[str]
    horizon_year: Optional[int]
    plan_year: Optional[int]
    signer: Optional[str]
    text: str
    targets: list[dict] = field(default_factory=list)
    duties: list[dict] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"p{self.idx}"

    @property
    def label(self) -> str:
        return self.province or "?"


@dataclass
class ReportData:
    db: str
    plans: list[Plan]
    keys: list[dict]  # national_targets rows, in decision order
    cells: dict[tuple[str, int], dict]  # (doc_id, national ord) -> v_compare row
    duties: dict[tuple[str, str], dict[str, int]]  # (agency, doc_id) -> role -> count
    agencies: list[tuple[str, str]]  # (code, Vietnamese name), rows of the duty matrix
    sources: list[tuple[str, str, str]]
    indicator_meaning: dict[str, str]
    subject_meaning: dict[str, str]


def _dicts(cur) -> list[dict]:
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r)) for r in cur.fetchall()]


def collect(con: duckdb.DuckDBPyConnection, db: str = "") -> ReportData:
    """Read everything the report shows (a handful of queries)."""
    from ..core.taxonomy import taxonomy

    plans = [Plan(i + 1, *r) for i, r in enumerate(con.execute(
        "SELECT d.doc_id, d.source_name, d.province, coalesce(p.province_current, d.province_current),"
        " d.doc_number, d.issued_on, d.program_ref, d.horizon_year, d.plan_year, d.signer, d.text"
        " FROM documents d LEFT JOIN provinces p ON p.province = d.province"
        " ORDER BY p.ord NULLS LAST, d.province, d.source_name").fetchall())]
    by_doc = {p.doc_id: p for p in plans}

    def attach(rows, letter: str, attr: str) -> None:
        """Give each row to its plan, anchored "p<plan>-<letter><n>" in text order."""
        for row in rows:
            p = by_doc.get(row["doc_id"])
            if p is not None:
                found = getattr(p, attr)
                row["anchor"] = f"{p.anchor}-{letter}{len(found) + 1}"
                found.append(row)

    attach(_dicts(con.execute(
        "SELECT doc_id, indicator, subject, year, value, value_max, unit, comparator, implicit, quote,"
        " start_char, end_char, method, confidence FROM targets"
        " ORDER BY doc_id, start_char, end_char, indicator, subject, year")), "t", "targets")
    attach(_dicts(con.execute(
        "SELECT doc_id, agency, agency_name, role, requested, deadline, duty, start_char, end_char"
        " FROM assignments ORDER BY doc_id, start_char, end_char, agency, role")), "d", "duties")
    keys = _dicts(con.execute(
        "SELECT indicator, subject, year, value, value_max, unit, ord FROM national_targets ORDER BY ord"))
    cells = {(r["doc_id"], r["national_ord"]): r for r in _dicts(con.execute(
        "SELECT doc_id, national_ord, indicator, subject, year, value, value_max, status, target_year,"
        " start_char, end_char FROM v_compare"))}
    duties: dict[tuple[str, str], dict[str, int]] = defaultdict(dict)
    for agency, doc_id, role, n in con.execute(
            "SELECT agency, doc_id, role, sum(duties) FROM v_duties GROUP BY ALL").fetchall():
        duties[(agency, doc_id)][role] = int(n)
    names = dict(con.execute("SELECT agency, name_vi FROM agencies").fetchall())
    used = sorted({a for a, _ in duties})
    tx = taxonomy()
    order = {code: i for i, code in enumerate(tx.agencies)}
    agencies = [(a, names.get(a) or a.removeprefix("other:"))
                for a in sorted(used, key=lambda a: (order.get(a, len(order)), a))]
    sources = con.execute("SELECT dataset, source, rule_file FROM reference_sources ORDER BY dataset").fetchall()
    return ReportData(db, plans, keys, cells, dict(duties), agencies, sources,
                      {k: v.meaning for k, v in tx.indicators.items()}, dict(tx.subjects))


# --------------------------------------------------------------------------- #
# Text with highlighted spans
# --------------------------------------------------------------------------- #


def highlight(text: str, spans: Iterable[tuple[int, int, str, str]]) -> str:
    """HTML of ``text`` with each (start, end, id, kind) span wrapped in ``<mark>``, escaped.

    Overlapping and identical spans are fine: the text is cut at every span
    boundary and each piece is marked with the ids of all spans covering it
    (``data-r``); an empty anchor with the span's id precedes its first piece.
    Spans outside the text are ignored (the caller reports them).

    >>> highlight("a <b> c", [(2, 5, "t1", "t")])
    'a <span class="anc" id="t1"></span><mark class="t" data-r="t1">&lt;b&gt;</mark> c'
    """
    spans = [s for s in spans if 0 <= s[0] < s[1] <= len(text)]
    cuts = sorted({0, len(text), *(s[0] for s in spans), *(s[1] for s in spans)})
    starts: dict[int, list[str]] = defaultdict(list)
    for s in spans:
        starts[s[0]].append(s[2])
    out = []
    for a, b in zip(cuts, cuts[1:]):
        out.extend(f'<span class="anc" id="{esc(i)}"></span>' for i in starts.get(a, ()))
        piece = html.escape(text[a:b], quote=False)
        cover = [s for s in spans if s[0] <= a and s[1] >= b]
        if cover:
            kinds = "".join(sorted({s[3] for s in cover}, reverse=True))
            out.append(f'<mark class="{kinds}" data-r="{esc(" ".join(s[2] for s in cover))}">{piece}</mark>')
        else:
            out.append(piece)
    return "".join(out)


# --------------------------------------------------------------------------- #
# HTML pieces
# --------------------------------------------------------------------------- #


def _status_class(row: Optional[dict]) -> str:
    """CSS class of a compare cell: status, and for below/above how far from the national value."""
    if row is None:
        return "nc"
    st = row["status"]
    if st == "not_adopted":
        return "na"
    if st == "meets":
        return "m"
    nat = row.get("national_value") or 0
    ratio = row["value"] / nat if nat else math.inf
    if st == "below":
        return "b1" if ratio >= 0.9 else "b2" if ratio >= 0.75 else "b3" if ratio >= 0.5 else "b4"
    return "a1" if ratio <= 1.25 else "a2"


def _target_anchor(plan: Plan, row: dict) -> Optional[str]:
    """Anchor of the target row v_compare picked for a cell (same indicator, tier, year and span)."""
    for t in plan.targets:
        if (t["indicator"], t["subject"], t["year"], t["start_char"], t["end_char"], t["value"]) == (
                row["indicator"], row["subject"], row["target_year"], row["start_char"], row["end_char"], row["value"]):
            return t["anchor"]
    return None


def _key_title(k: dict, subject_meaning: dict[str, str]) -> str:
    tier = k["subject"] or "growth"
    desc = subject_meaning.get(k["subject"] or "", "")
    return f"{k['indicator']} · {tier} · {k['year']}" + (f" ({desc})" if desc else "")


def _heatmap(d: ReportData) -> str:
    groups: list[tuple[str, list[dict]]] = []
    for k in d.keys:
        if not groups or groups[-1][0] != k["indicator"]:
            groups.append((k["indicator"], []))
        groups[-1][1].append(k)
    h1 = ['<th rowspan="3" class="rowh">plan</th>']
    h2, h3 = [], []
    for ind, keys in groups:
        h1.append(f'<th colspan="{len(keys)}" class="grp" title="{esc(d.indicator_meaning.get(ind, ""))}">{esc(ind)}</th>')
        years: list[tuple[int, int]] = []
        for k in keys:
            if years and years[-1][0] == k["year"]:
                years[-1] = (k["year"], years[-1][1] + 1)
            else:
                years.append((k["year"], 1))
        h2.extend(f'<th colspan="{n}" class="yr">{y}</th>' for y, n in years)
        h3.extend(f'<th class="tier" title="{esc(_key_title(k, d.subject_meaning))}"><span>{esc(k["subject"] or "growth")}</span></th>'
                  for k in keys)
    nat = ['<tr class="national"><th class="rowh">national (1520/QĐ-TTg)</th>']
    nat.extend(f'<td data-k="national|{k["ord"]}">{esc(fmt_range(k["value"], k["value_max"]))}</td>' for k in d.keys)
    nat.append("</tr>")
    body = []
    for p in d.plans:
        row = [f'<tr><th class="rowh"><a href="#{p.anchor}">{esc(p.label)}</a> <small>{esc(p.source_name)}</small></th>']
        for k in d.keys:
            c = d.cells.get((p.doc_id, k["ord"]))
            cls = _status_class(c)
            if c is None:
                row.append(f'<td class="{cls}"></td>')
                continue
            c = {**c, "national_value": k["value"]}
            cls = _status_class(c)
            if c["status"] == "not_adopted":
                txt = "–"
            else:
                anchor = _target_anchor(p, c)
                val = esc(fmt_range(c["value"], c["value_max"]))
                txt = f'<a href="#{anchor}">{val}</a>' if anchor else val
            # the tooltip (plan, key, national value, status) is built on hover by JS_BODY
            row.append(f'<td class="{cls}" data-k="{esc(p.doc_id)}|{k["ord"]}" data-status="{c["status"]}">{txt}</td>')
        row.append("</tr>")
        body.append("".join(row))
    return (
        '<div class="scroll"><table class="heat">'
        f'<thead><tr>{"".join(h1)}</tr><tr>{"".join(h2)}</tr><tr>{"".join(h3)}</tr></thead>'
        f'<tbody>{"".join(nat)}{"".join(body)}</tbody></table></div>'
    )


def _nice_max(v: float) -> float:
    if v <= 0:
        return 1.0
    mag = 10 ** math.floor(math.log10(v))
    for m in (1, 2, 2.5, 5, 10):
        if v <= m * mag:
            return m * mag
    return 10 * mag


def _chart(d: ReportData, indicator: str, keys: list[dict]) -> str:
    """Inline SVG: per baseline key, one bar per plan, the national value as a line across the group."""
    plans = [p for p in d.plans if any((p.doc_id, k["ord"]) in d.cells for k in keys)]
    if not plans:
        return '<p class="muted">No plan covers this indicator.</p>'
    vals = [k["value"] for k in keys] + [k["value_max"] or 0 for k in keys]
    for p in plans:
        for k in keys:
            c = d.cells.get((p.doc_id, k["ord"]))
            if c and c["value"] is not None:
                vals += [c["value"], c["value_max"] or 0]
    top = _nice_max(max(vals + [100 if keys[0]["unit"] == "percent" else 0]))
    W, H, ml, mr, mt, mb = 1200, 330, 44, 10, 14, 122
    pw, ph = W - ml - mr, H - mt - mb
    gw = pw / len(keys)
    bw = gw * 0.84 / len(plans)

    def y(v: float) -> float:
        return mt + ph * (1 - v / top)

    out = [f'<svg class="chart" viewBox="0 0 {W} {H}" role="img" aria-label="{esc(indicator)}">']
    for i in range(5):
        v = top * i / 4
        out.append(f'<line class="grid" x1="{ml}" x2="{W - mr}" y1="{y(v):.1f}" y2="{y(v):.1f}"/>'
                   f'<text class="ax" x="{ml - 4}" y="{y(v) + 4:.1f}" text-anchor="end">{esc(fmt_num(v))}</text>')
    for gi, k in enumerate(keys):
        x0 = ml + gi * gw + gw * 0.08
        for pi, p in enumerate(plans):
            c = d.cells.get((p.doc_id, k["ord"]))
            if c is None:
                continue
            x = x0 + pi * bw
            if c["status"] == "not_adopted":
                out.append(f'<rect class="bar na" x="{x:.1f}" y="{y(0) - 3:.1f}" width="{max(bw - 1, 0.6):.1f}" height="3">'
                           f'<title>{esc(p.label)}: not adopted</title></rect>')
                continue
            cls = _status_class({**c, "national_value": k["value"]})
            v = c["value"]
            out.append(f'<rect class="bar {cls}" x="{x:.1f}" y="{y(v):.1f}" '
                       f'width="{max(bw - 1, 0.6):.1f}" height="{max(y(0) - y(v), 0):.1f}">'
                       f'<title>{esc(p.label)}: {esc(fmt_range(v, c["value_max"]))}</title></rect>')
            if c["value_max"] is not None:
                cx = x + bw / 2
                out.append(f'<line class="whisker" x1="{cx:.1f}" x2="{cx:.1f}" y1="{y(v):.1f}" y2="{y(c["value_max"]):.1f}"/>')
            if bw >= 16:
                out.append(f'<text class="val" x="{x + bw / 2:.1f}" y="{y(c["value_max"] or v) - 3:.1f}" '
                           f'text-anchor="middle">{esc(fmt_range(v, c["value_max"]))}</text>')
        gx0, gx1 = ml + gi * gw + 2, ml + (gi + 1) * gw - 2
        if k["value_max"] is not None:
            out.append(f'<rect class="band" x="{gx0:.1f}" y="{y(k["value_max"]):.1f}" width="{gx1 - gx0:.1f}" '
                       f'height="{y(k["value"]) - y(k["value_max"]):.1f}"/>'
                       f'<line class="natmax" x1="{gx0:.1f}" x2="{gx1:.1f}" y1="{y(k["value_max"]):.1f}" y2="{y(k["value_max"]):.1f}"/>')
        out.append(f'<g class="key"><title>{esc(k["subject"] or "growth")} {k["year"]}: national '
                   f'{esc(fmt_range(k["value"], k["value_max"]))}</title>'
                   f'<line class="nat" x1="{gx0:.1f}" x2="{gx1:.1f}" y1="{y(k["value"]):.1f}" y2="{y(k["value"]):.1f}"/></g>')
        lx, ly = ml + (gi + 0.5) * gw + 4, y(0) + 6
        out.append(f'<text class="ax" x="{lx:.1f}" y="{ly:.1f}" text-anchor="end" transform="rotate(-90 {lx:.1f} {ly:.1f})">'
                   f'{esc(k["subject"] or "growth")}</text>')
    start = 0
    for gi in range(1, len(keys) + 1):  # one year label under each run of keys of that year
        if gi == len(keys) or keys[gi]["year"] != keys[start]["year"]:
            x0, x1 = ml + start * gw, ml + gi * gw
            out.append(f'<text class="yr" x="{(x0 + x1) / 2:.1f}" y="{H - 4}" text-anchor="middle">{keys[start]["year"]}</text>'
                       f'<line class="grid" x1="{x0 + 2:.1f}" x2="{x1 - 2:.1f}" y1="{H - 18}" y2="{H - 18}"/>')
            start = gi
    out.append(f'<line class="axis" x1="{ml}" x2="{W - mr}" y1="{y(0):.1f}" y2="{y(0):.1f}"/></svg>')
    order = " · ".join(f"{i + 1}. {esc(p.label)}" for i, p in enumerate(plans))
    return "".join(out) + f'<p class="muted small">Bars in each group, left to right: {order}. Unit: {esc(keys[0]["unit"])}.</p>'


def _charts(d: ReportData) -> str:
    by_ind: dict[str, list[dict]] = {}
    for k in d.keys:
        by_ind.setdefault(k["indicator"], []).append(k)
    return "".join(
        f'<figure id="chart-{esc(ind)}"><figcaption><b>{esc(ind)}</b> — {esc(d.indicator_meaning.get(ind, ""))}'
        f'</figcaption>{_chart(d, ind, keys)}</figure>'
        for ind, keys in by_ind.items())


def _duty_matrix(d: ReportData) -> str:
    if not d.agencies:
        return '<p class="muted">No duties in the database.</p>'
    head = "".join(f'<th><a href="#{p.anchor}-duties">{esc(p.label)}</a><br><small>{esc(p.source_name)}</small></th>'
                   for p in d.plans)
    rows = []
    for code, name in d.agencies:
        cells, total = [], defaultdict(int)
        for p in d.plans:
            counts = d.duties.get((code, p.doc_id), {})
            for r, n in counts.items():
                total[r] += n
            cells.append(_duty_cell(counts, f"{code}|{p.doc_id}", f"#{p.anchor}-duties"))
        rows.append(f'<tr><th class="rowh" title="{esc(code)}">{esc(name)}<br><small>{esc(code)}</small></th>'
                    f'{"".join(cells)}{_duty_cell(dict(total), f"{code}|*", None)}</tr>')
    return (f'<div class="scroll"><table class="duties"><thead><tr><th class="rowh">agency</th>{head}'
            f'<th>all plans</th></tr></thead><tbody>{"".join(rows)}</tbody></table></div>')


def _duty_cell(counts: dict[str, int], key: str, href: Optional[str]) -> str:
    if not counts:
        return "<td></td>"
    chips = "".join(f'<span class="role {r}" title="{r}: {counts[r]}">{r[0].upper()}{counts[r]}</span>'
                    for r in ROLES if counts.get(r)) + "".join(
        f'<span class="role" title="{esc(r)}: {n}">{esc(r)} {n}</span>' for r, n in sorted(counts.items()) if r not in ROLES)
    data = ",".join(f"{r}:{n}" for r, n in sorted(counts.items()))
    inner = f'<a href="{href}">{chips}</a>' if href else chips
    return f'<td data-k="{esc(key)}" data-n="{esc(data)}">{inner}</td>'


def _plan_section(d: ReportData, p: Plan) -> str:
    n = len(p.text)
    spans, bad = [], 0
    for t in p.targets:
        if 0 <= t["start_char"] < t["end_char"] <= n:
            spans.append((t["start_char"], t["end_char"], t["anchor"], "t"))
        else:
            bad += 1
    for a in p.duties:
        if 0 <= a["start_char"] < a["end_char"] <= n:
            spans.append((a["start_char"], a["end_char"], a["anchor"], "d"))
        else:
            bad += 1
    linked = {s[2] for s in spans}
    picked = {}
    for k in d.keys:
        c = d.cells.get((p.doc_id, k["ord"]))
        if c and c["value"] is not None:
            a = _target_anchor(p, c)
            if a:
                picked.setdefault(a, []).append(f'{STATUS_TEXT[c["status"]]} ({k["year"]}: national {fmt_range(k["value"], k["value_max"])})')

    def link(anchor: str, label: str) -> str:
        return f'<a href="#{anchor}">{label}</a>' if anchor in linked else f'<span class="warn" title="span not in the text">{label}</span>'

    trows = "".join(
        f'<tr><td>{esc(t["indicator"])}</td><td>{esc(t["subject"] or "")}</td><td>{esc(t["year"] if t["year"] is not None else "yearly")}</td>'
        f'<td class="num">{esc(t["comparator"] if t["comparator"] != "=" else "")}{esc(fmt_range(t["value"], t["value_max"]))}'
        f'{"*" if t["implicit"] else ""}</td><td>{esc(t["unit"])}</td><td>{esc("; ".join(picked.get(t["anchor"], [])))}</td>'
        f'<td>{link(t["anchor"], "quote")}</td>'
        + ("" if t["quote"] == p.text[t["start_char"]:t["end_char"]] else '<td class="warn">quote differs from span</td>')
        + "</tr>"
        for t in p.targets)
    drows = "".join(
        f'<tr><td title="{esc(a["agency"])}">{esc(a["agency_name"])}</td><td>{esc(a["role"])}{" (requested)" if a["requested"] else ""}</td>'
        f'<td>{esc(a["deadline"] or "")}</td><td>{link(a["anchor"], esc(_clip(a["duty"], 140)))}</td></tr>'
        for a in p.duties)
    meta = [("province", p.province), ("after 2025", p.province_current), ("number", p.doc_number),
            ("issued", p.issued_on), ("implements", p.program_ref),
            ("covers", f"{p.plan_year} only" if p.plan_year else (f"to {p.horizon_year}" if p.horizon_year else None)),
            ("signer", p.signer), ("file", p.source_name), ("doc_id", p.doc_id)]
    meta_html = " ".join(f'<span><b>{esc(k)}</b> {esc(v)}</span>' for k, v in meta if v)
    warn = f'<p class="warn">{bad} span(s) outside the text are not highlighted.</p>' if bad else ""
    return (
        f'<section class="plan" id="{p.anchor}"><h3>{esc(p.label)} <small>{esc(p.source_name)}</small></h3>'
        f'<p class="meta">{meta_html}</p>{warn}'
        f'<details open><summary>Targets ({len(p.targets)})</summary>'
        f'<table class="list"><thead><tr><th>indicator</th><th>tier</th><th>year</th><th>value</th><th>unit</th>'
        f'<th>vs national</th><th></th></tr></thead><tbody>{trows}</tbody></table><p class="muted small">* implicit value</p></details>'
        f'<details open id="{p.anchor}-duties"><summary>Duties ({len(p.duties)})</summary>'
        f'<table class="list"><thead><tr><th>agency</th><th>role</th><th>deadline</th><th>duty</th></tr></thead>'
        f'<tbody>{drows}</tbody></table></details>'
        f'<div class="text" lang="vi" id="{p.anchor}-text">{highlight(p.text, spans)}</div>'
        f'<p class="small"><a href="#top">back to top</a></p></section>'
    )


def _clip(s: str, n: int) -> str:
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1] + "…"


CSS = """
:root{--m:#cfe8d5;--a1:#8fd0a6;--a2:#3f9e68;--b1:#fde0c5;--b2:#f9b98a;--b3:#f08a5d;--b4:#d9534f;--na:#e2e2e2}
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",Arial,sans-serif;margin:0;color:#222;background:#fff}
header,main{padding:0 20px}
h1{font-size:22px;margin:16px 0 4px}h2{font-size:18px;margin:28px 0 8px;border-bottom:2px solid #ddd}h3{font-size:16px;margin:18px 0 4px}
small,.small{font-size:11px;color:#555}.muted{color:#666}
nav a{margin-right:10px}
.scroll{overflow:auto;max-width:100%;border:1px solid #ddd}
table{border-collapse:collapse}
.heat td,.heat th{border:1px solid #fff;padding:2px 3px;font-size:11px;text-align:center;min-width:26px}
.heat thead th{background:#f4f4f4;position:sticky;top:0}
.heat th.tier{height:118px;vertical-align:bottom;padding:4px 0}
.heat th.tier span{writing-mode:vertical-rl;transform:rotate(180deg);white-space:nowrap}
.heat th.grp{border-left:2px solid #999}
.rowh{text-align:left!important;white-space:nowrap;position:sticky;left:0;background:#f8f8f8;z-index:1}
.heat td a,.duties td a{color:inherit;text-decoration:none;display:block}
.national td{background:#333;color:#fff;font-weight:600}
.m{background:var(--m)}.a1{background:var(--a1)}.a2{background:var(--a2);color:#fff}
.b1{background:var(--b1)}.b2{background:var(--b2)}.b3{background:var(--b3)}.b4{background:var(--b4);color:#fff}
.na{background:var(--na);color:#777}.nc{background:#fff}
.legend span{display:inline-block;padding:1px 8px;margin:2px;border-radius:3px;font-size:12px}
svg.chart{width:100%;max-width:1200px;height:auto;display:block}
svg .grid{stroke:#eee}svg .axis{stroke:#555}svg .ax{font-size:11px;fill:#444}svg .yr{font-size:12px;font-weight:600;fill:#333}svg .val{font-size:10px;fill:#222}
svg .nat{stroke:#111;stroke-width:2.5}svg .natmax{stroke:#111;stroke-width:1.5;stroke-dasharray:4 3}
svg .band{fill:#000;opacity:.06}svg .whisker{stroke:#333;stroke-width:1.5}
svg .bar.m{fill:#7cc493}svg .bar.a1{fill:#3f9e68}svg .bar.a2{fill:#1f6e43}
svg .bar.b1{fill:#f6b27a}svg .bar.b2{fill:#f08a5d}svg .bar.b3{fill:#e0603a}svg .bar.b4{fill:#c0392b}svg .bar.na{fill:#aaa}
figure{margin:10px 0 24px}figcaption{margin-bottom:4px}
.duties td,.duties th{border:1px solid #e4e4e4;padding:3px 5px;font-size:12px;text-align:center}
.role{display:inline-block;border-radius:3px;padding:0 4px;margin:1px;font-size:11px;background:#eee}
.role.lead{background:#2f6db5;color:#fff}.role.coordinate{background:#9cc3ec}.role.implement{background:#cfe2c4}.role.report{background:#f3d98b}
.plan{border-top:1px solid #ccc;margin-top:24px}
.meta span{margin-right:14px;white-space:nowrap}
table.list td,table.list th{border-bottom:1px solid #eee;padding:2px 6px;font-size:12px;text-align:left;vertical-align:top}
td.num{text-align:right;white-space:nowrap}
.text{white-space:pre-wrap;font-size:13px;line-height:1.55;background:#fafafa;border:1px solid #ddd;padding:10px;max-height:60vh;overflow:auto}
mark.t{background:#fff1a8}mark.d{background:#d6e9ff}mark.td{background:#e6f5c9}
mark.hit{background:#ff9f43;outline:2px solid #e67e22}
.warn{color:#b00}
#js-errors{background:#b00;color:#fff;padding:6px 20px}
"""

# Runs first: records any script error into the DOM (an error marker the test looks for).
JS_HEAD = """
(function(){var errs=[];window.__reportErrors=errs;
function mark(m){errs.push(String(m));var d=document.documentElement;d.setAttribute('data-js-errors',String(errs.length));
var el=document.getElementById('js-errors');if(el){el.hidden=false;el.textContent='Script errors: '+errs.join(' | ');}}
window.__reportMark=mark;
window.onerror=function(msg,src,line,col){mark(msg+' (line '+line+':'+col+')');};
window.addEventListener('unhandledrejection',function(e){mark('unhandled rejection: '+e.reason);});})();
"""

# Highlights the quote a link points to, then checks the page: every in-page link and every
# highlighted piece must have its target; the result goes to <html data-selfcheck="ok|fail">.
JS_BODY = """
(function(){
function focus(id){
  document.querySelectorAll('mark.hit').forEach(function(m){m.classList.remove('hit');});
  if(!id)return;
  var ms=document.querySelectorAll('mark[data-r~="'+CSS.escape(id)+'"]');
  ms.forEach(function(m){m.classList.add('hit');});
  var d=document.getElementById(id);var box=d&&d.closest('.text');
  if(box&&ms.length){var m=ms[0];box.scrollTop=m.offsetTop-box.offsetTop-box.clientHeight/3;}
}
document.querySelectorAll('table.heat').forEach(function(t){
  var tiers=t.tHead.rows[2].cells, nat=t.tBodies[0].rows[0].cells;
  t.addEventListener('mouseover',function(e){
    var td=e.target.closest('td');if(!td||td.title||td.cellIndex<1)return;
    var th=tiers[td.cellIndex-1], row=td.parentNode.cells[0].textContent;
    td.title=row+' · '+th.title+': '+(td.getAttribute('data-status')?(td.textContent+' vs national '+nat[td.cellIndex].textContent+' ('+td.getAttribute('data-status').replace('_',' ')+')'):'year not covered by this plan');
  });
});
window.addEventListener('hashchange',function(){focus(decodeURIComponent(location.hash.slice(1)));});
focus(decodeURIComponent(location.hash.slice(1)));
var problems=[];
document.querySelectorAll('a[href^="#"]').forEach(function(a){var id=a.getAttribute('href').slice(1);
  if(id&&!document.getElementById(id))problems.push('broken link #'+id);});
document.querySelectorAll('mark[data-r]').forEach(function(m){m.getAttribute('data-r').split(' ').forEach(function(id){
  if(!document.getElementById(id))problems.push('highlight without anchor '+id);});});
problems.slice(0,20).forEach(function(p){window.__reportMark(p);});
document.documentElement.setAttribute('data-selfcheck',(problems.length||window.__reportErrors.length)?'fail':'ok');
})();
"""


def render(d: ReportData, generated: Optional[str] = None) -> str:
    """The whole report as one HTML string (no external resources)."""
    generated = generated or dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    n_targets = sum(len(p.targets) for p in d.plans)
    n_duties = sum(len(p.duties) for p in d.plans)
    statuses = defaultdict(int)
    for c in d.cells.values():
        statuses[c["status"]] += 1
    sources = "".join(f"<li><b>{esc(ds)}</b>: {esc(src)} <small>(rules/{esc(f)})</small></li>" for ds, src, f in d.sources)
    legend = ('<p class="legend"><span class="m">= meets national</span><span class="a1">above</span>'
              '<span class="a2">above &gt;25%</span><span class="b1">below, ≥90% of national</span>'
              '<span class="b2">≥75%</span><span class="b3">≥50%</span><span class="b4">&lt;50%</span>'
              '<span class="na">– not adopted</span><span class="nc" style="border:1px solid #ddd">blank: year not covered</span></p>')
    plan_links = " ".join(f'<a href="#{p.anchor}">{esc(p.label)}</a>' for p in d.plans)
    summary = ", ".join(f"{n} {STATUS_TEXT[s]}" for s, n in sorted(statuses.items()))
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Plans vs Decision 1520/QĐ-TTg</title>
<script>{JS_HEAD}</script>
<style>{CSS}</style></head>
<body><div id="js-errors" hidden></div>
<header id="top"><h1>Provincial plans vs Decision 1520/QĐ-TTg</h1>
<p class="muted">{len(d.plans)} plans, {n_targets} targets, {n_duties} duties · database <code>{esc(d.db)}</code> · generated {esc(generated)}</p>
<nav><a href="#heatmap">1 Heatmap</a><a href="#charts">2 Charts</a><a href="#duties">3 Duties</a><a href="#plans">4 Plans</a></nav>
<ul class="small">{sources}</ul></header>
<main>
<h2 id="heatmap">1. Targets against the national baseline</h2>
<p class="small">One row per plan, one column per (indicator, year, tier) of the national baseline; a cell shows the
plan's value as stored and links to its quote. Comparison: {esc(summary) or "no plans"}.</p>
{legend}
{_heatmap(d)}
<h2 id="charts">2. Per indicator</h2>
<p class="small">Bars: each plan's value per tier and year; black line: national value (dashed line and band: upper bound of a national range); grey tick: not adopted.</p>
{_charts(d)}
<h2 id="duties">3. Duties: agency × plan</h2>
<p class="small">Number of duty items per role: <span class="role lead">L lead</span><span class="role coordinate">C coordinate</span><span class="role implement">I implement</span><span class="role report">R report</span></p>
{_duty_matrix(d)}
<h2 id="plans">4. Plans</h2>
<p>{plan_links}</p>
<p class="small">Highlighted: <mark class="t">targets</mark> <mark class="d">duties</mark> <mark class="td">both</mark>.</p>
{"".join(_plan_section(d, p) for p in d.plans)}
</main>
<script>{JS_BODY}</script>
</body></html>
"""


def write_report(con: duckdb.DuckDBPyConnection, out: str | Path, db: str = "") -> Path:
    """Collect, render and write the report; returns its path."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render(collect(con, db)), encoding="utf-8")
    return out
