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

from .labels import LANGS, Labels
from .report_assets import CSS, JS_BODY, JS_HEAD

__all__ = ["fmt_num", "highlight", "collect", "render", "write_report", "ReportData", "LANGS"]

DEFAULT_OUT = Path("outputs") / "report.html"
ROLES = ("lead", "coordinate", "implement", "report")


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
    warnings: list[dict] = field(default_factory=list)

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
    written: dict[tuple[str, str], list[str]]  # (agency, doc_id) -> the plan's own names of that body
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
    attach(_dicts(con.execute(
        "SELECT doc_id, code, message, start_char, end_char FROM warnings ORDER BY doc_id, start_char, code")),
        "w", "warnings")
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
    written: dict[tuple[str, str], list[str]] = defaultdict(list)
    for agency, doc_id, name in con.execute(
            "SELECT agency, doc_id, agency_name FROM assignments GROUP BY ALL ORDER BY min(start_char)").fetchall():
        written[(agency, doc_id)].append(" ".join((name or "").split()))
    sources = con.execute("SELECT dataset, source, rule_file FROM reference_sources ORDER BY dataset").fetchall()
    return ReportData(db, plans, keys, cells, dict(duties), agencies, dict(written), sources,
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


def _key_title(k: dict, lab: Labels) -> str:
    """Full words of a baseline key: indicator · tier · year (codes in brackets)."""
    return (f"{lab.indicator(k['indicator'])} · {lab.subject(k['subject'])} · {k['year']}"
            f" [{k['indicator']} · {k['subject'] or '-'}]")


def _groups(keys: list[dict]) -> list[tuple[str, list[dict]]]:
    """Consecutive baseline keys of one indicator."""
    groups: list[tuple[str, list[dict]]] = []
    for k in keys:
        if not groups or groups[-1][0] != k["indicator"]:
            groups.append((k["indicator"], []))
        groups[-1][1].append(k)
    return groups


def _heatmap(d: ReportData, lab: Labels) -> str:
    h1 = [f'<th rowspan="3" class="rowh">{esc(lab.t("plan_col"))}</th>']
    h2, h3 = [], []
    for ind, keys in _groups(d.keys):
        h1.append(f'<th colspan="{len(keys)}" class="grp" title="{esc(lab.indicator(ind))} [{esc(ind)}]">'
                  f'{esc(lab.indicator(ind, short=True))}</th>')
        years: list[tuple[int, int]] = []
        for k in keys:
            if years and years[-1][0] == k["year"]:
                years[-1] = (k["year"], years[-1][1] + 1)
            else:
                years.append((k["year"], 1))
        h2.extend(f'<th colspan="{n}" class="yr">{y}</th>' for y, n in years)
        h3.extend(f'<th class="tier" title="{esc(_key_title(k, lab))}"><span>{esc(lab.subject(k["subject"], short=True))}'
                  '</span></th>' for k in keys)
    nat = [f'<tr class="national"><th class="rowh">{esc(lab.t("national_row"))}</th>']
    nat.extend(f'<td data-k="national|{k["ord"]}">{esc(fmt_range(k["value"], k["value_max"]))}</td>' for k in d.keys)
    nat.append("</tr>")
    body = []
    for p in d.plans:
        row = [f'<tr><th class="rowh" title="{esc(p.label)} · {esc(p.source_name)}"><a href="#{p.anchor}">{esc(p.label)}'
               f'</a><small>{esc(p.source_name)}</small></th>']
        for k in d.keys:
            c = d.cells.get((p.doc_id, k["ord"]))
            if c is None:
                row.append('<td class="nc"></td>')
                continue
            c = {**c, "national_value": k["value"]}
            if c["status"] == "not_adopted":
                txt = "–"
            else:
                anchor = _target_anchor(p, c)
                val = esc(fmt_range(c["value"], c["value_max"]))
                txt = f'<a href="#{anchor}">{val}</a>' if anchor else val
            # the tooltip (plan, key, national value, status) is built on hover by JS_BODY
            row.append(f'<td class="{_status_class(c)}" data-k="{esc(p.doc_id)}|{k["ord"]}" '
                       f'data-status="{c["status"]}">{txt}</td>')
        row.append("</tr>")
        body.append("".join(row))
    words = " ".join(f'data-st-{s}="{esc(lab.status(s))}"' for s in ("meets", "above", "below", "not_adopted"))
    return (
        f'<div class="scroll heatbox"><table class="heat" data-vs="{esc(lab.t("vs_national"))}" '
        f'data-nc="{esc(lab.t("not_covered"))}" {words}>'
        f'<thead><tr class="h1">{"".join(h1)}</tr><tr class="h2">{"".join(h2)}</tr><tr class="h3">{"".join(h3)}</tr></thead>'
        f'<tbody>{"".join(nat)}{"".join(body)}</tbody></table></div>'
    )


def _indicator_legend(d: ReportData, lab: Labels) -> str:
    """The heatmap's short column headings in full, with their codes."""
    items = "".join(f'<li><b>{esc(lab.indicator(ind, short=True))}</b>: {esc(lab.indicator(ind))} '
                    f'<span class="code">{esc(ind)}</span></li>' for ind, _ in _groups(d.keys))
    return f'<ul class="small">{items}</ul>'


def _nice_max(v: float) -> float:
    if v <= 0:
        return 1.0
    mag = 10 ** math.floor(math.log10(v))
    for m in (1, 2, 2.5, 5, 10):
        if v <= m * mag:
            return m * mag
    return 10 * mag


# Text widths in the charts, in px at their font sizes (Latin and Vietnamese letters, digits):
# a label is drawn only where this estimate fits, so labels never overlap (the page script checks).
_VAL_PX, _AX_PX = 6.2, 6.6


def _chart(d: ReportData, indicator: str, keys: list[dict], lab: Labels) -> str:
    """Inline SVG: per baseline key, one bar per plan, the national value as a line across the group."""
    plans = [p for p in d.plans if any((p.doc_id, k["ord"]) in d.cells for k in keys)]
    if not plans:
        return f'<p class="muted">{esc(lab.t("no_plan_covers"))}</p>'
    vals = [k["value"] for k in keys] + [k["value_max"] or 0 for k in keys]
    for p in plans:
        for k in keys:
            c = d.cells.get((p.doc_id, k["ord"]))
            if c and c["value"] is not None:
                vals += [c["value"], c["value_max"] or 0]
    top = _nice_max(max(vals + [100 if keys[0]["unit"] == "percent" else 0]))
    W, H, ml, mr, mt, mb = 1200, 330, 44, 10, 18, 122
    pw, ph = W - ml - mr, H - mt - mb
    gw = pw / len(keys)
    bw = gw * 0.84 / len(plans)

    def y(v: float) -> float:
        return mt + ph * (1 - v / top)

    out = [f'<svg class="chart" width="{W}" height="{H}" viewBox="0 0 {W} {H}" role="img" aria-label="{esc(indicator)}">']
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
                           f'<title>{esc(p.label)}: {esc(lab.status("not_adopted"))}</title></rect>')
                continue
            cls = _status_class({**c, "national_value": k["value"]})
            v = c["value"]
            label = fmt_range(v, c["value_max"])
            out.append(f'<rect class="bar {cls}" x="{x:.1f}" y="{y(v):.1f}" '
                       f'width="{max(bw - 1, 0.6):.1f}" height="{max(y(0) - y(v), 0):.1f}">'
                       f'<title>{esc(p.label)}: {esc(label)}</title></rect>')
            if c["value_max"] is not None:
                cx = x + bw / 2
                out.append(f'<line class="whisker" x1="{cx:.1f}" x2="{cx:.1f}" y1="{y(v):.1f}" y2="{y(c["value_max"]):.1f}"/>')
            if len(label) * _VAL_PX + 2 <= bw:  # only where it fits above its own bar
                out.append(f'<text class="val" x="{x + bw / 2:.1f}" y="{y(c["value_max"] or v) - 3:.1f}" '
                           f'text-anchor="middle">{esc(label)}</text>')
        gx0, gx1 = ml + gi * gw + 2, ml + (gi + 1) * gw - 2
        if k["value_max"] is not None:
            out.append(f'<rect class="band" x="{gx0:.1f}" y="{y(k["value_max"]):.1f}" width="{gx1 - gx0:.1f}" '
                       f'height="{y(k["value"]) - y(k["value_max"]):.1f}"/>'
                       f'<line class="natmax" x1="{gx0:.1f}" x2="{gx1:.1f}" y1="{y(k["value_max"]):.1f}" y2="{y(k["value_max"]):.1f}"/>')
        out.append(f'<g class="key"><title>{esc(lab.subject(k["subject"]))} {k["year"]}: {esc(lab.t("national"))} '
                   f'{esc(fmt_range(k["value"], k["value_max"]))}</title>'
                   f'<line class="nat" x1="{gx0:.1f}" x2="{gx1:.1f}" y1="{y(k["value"]):.1f}" y2="{y(k["value"]):.1f}"/></g>')
        if gw >= 14:  # a rotated tier name needs ~12 px across; it runs down from the axis
            lx, ly = ml + (gi + 0.5) * gw + 4, y(0) + 6
            name = _fit(lab.subject(k["subject"], short=True), (mb - 30) / _AX_PX)
            out.append(f'<text class="ax" x="{lx:.1f}" y="{ly:.1f}" text-anchor="end" '
                       f'transform="rotate(-90 {lx:.1f} {ly:.1f})">{esc(name)}</text>')
    start = 0
    for gi in range(1, len(keys) + 1):  # one year label under each run of keys of that year
        if gi == len(keys) or keys[gi]["year"] != keys[start]["year"]:
            x0, x1 = ml + start * gw, ml + gi * gw
            out.append(f'<text class="yr" x="{(x0 + x1) / 2:.1f}" y="{H - 4}" text-anchor="middle">{keys[start]["year"]}</text>'
                       f'<line class="grid" x1="{x0 + 2:.1f}" x2="{x1 - 2:.1f}" y1="{H - 18}" y2="{H - 18}"/>')
            start = gi
    out.append(f'<line class="axis" x1="{ml}" x2="{W - mr}" y1="{y(0):.1f}" y2="{y(0):.1f}"/></svg>')
    order = " · ".join(f"{i + 1}. {esc(p.label)}" for i, p in enumerate(plans))
    note = esc(lab.t("bars_order", order="{order}", unit=lab.unit(keys[0]["unit"]))).replace("{order}", order)
    return f'<div class="chartbox">{"".join(out)}</div><p class="muted small">{note}</p>'


def _fit(text: str, chars: float) -> str:
    """Text cut to a number of characters, with "…" when cut."""
    n = max(int(chars), 2)
    return text if len(text) <= n else text[: n - 1] + "…"


def _charts(d: ReportData, lab: Labels) -> str:
    return "".join(
        f'<figure id="chart-{esc(ind)}"><figcaption><b>{esc(lab.indicator(ind))}</b> '
        f'<span class="code">{esc(ind)}</span></figcaption>{_chart(d, ind, keys, lab)}</figure>'
        for ind, keys in _groups(d.keys))


def _duty_matrix(d: ReportData, lab: Labels) -> str:
    if not d.agencies:
        return f'<p class="muted">{esc(lab.t("no_duties"))}</p>'
    head = "".join(f'<th><a href="#{p.anchor}-duties">{esc(p.label)}</a><br><small>{esc(p.source_name)}</small></th>'
                   for p in d.plans)
    rows = []
    for code, name in d.agencies:
        cells, total = [], defaultdict(int)
        for p in d.plans:
            counts = d.duties.get((code, p.doc_id), {})
            for r, n in counts.items():
                total[r] += n
            cells.append(_duty_cell(counts, f"{code}|{p.doc_id}", f"#{p.anchor}-duties", lab,
                                    "; ".join(d.written.get((code, p.doc_id), []))))
        rows.append(f'<tr><th class="rowh" title="{esc(name)}">{esc(lab.agency(code, name))}<br>'
                    f'<span class="code">{esc(code)}</span></th>'
                    f'{"".join(cells)}{_duty_cell(dict(total), f"{code}|*", None, lab, "")}</tr>')
    return (f'<div class="scroll"><table class="duties"><thead><tr><th class="rowh">{esc(lab.t("agency_col"))}</th>{head}'
            f'<th>{esc(lab.t("all_plans"))}</th></tr></thead><tbody>{"".join(rows)}</tbody></table></div>')


def _duty_cell(counts: dict[str, int], key: str, href: Optional[str], lab: Labels, written: str) -> str:
    """Role chips of one agency in one plan; the title names the body as that plan writes it."""
    if not counts:
        return "<td></td>"
    chips = "".join(f'<span class="role {r}" title="{esc(lab.role(r))}: {counts[r]}">{esc(lab.role_mark(r))}{counts[r]}</span>'
                    for r in ROLES if counts.get(r)) + "".join(
        f'<span class="role" title="{esc(r)}: {n}">{esc(r)} {n}</span>' for r, n in sorted(counts.items()) if r not in ROLES)
    data = ",".join(f"{r}:{n}" for r, n in sorted(counts.items()))
    inner = f'<a href="{href}">{chips}</a>' if href else chips
    title = f' title="{esc(written)}"' if written else ""
    return f'<td data-k="{esc(key)}" data-n="{esc(data)}"{title}>{inner}</td>'


def _overlaps(w: dict, start: int, end: int) -> bool:
    return w["start_char"] is not None and w["end_char"] is not None and w["start_char"] < end and start < w["end_char"]


def _warning_html(w: dict) -> str:
    return f'<span class="wmsg">{esc(w["message"])}</span> <span class="code">{esc(w["code"])}</span>'


def _plan_section(d: ReportData, p: Plan, lab: Labels) -> str:
    n = len(p.text)
    spans, bad = [], 0
    for kind, rows in (("t", p.targets), ("d", p.duties), ("w", p.warnings)):
        for r in rows:
            if r["start_char"] is not None and 0 <= r["start_char"] < r["end_char"] <= n:
                spans.append((r["start_char"], r["end_char"], r["anchor"], kind))
            elif kind != "w":
                bad += 1
    linked = {s[2] for s in spans}
    picked = {}
    for k in d.keys:
        c = d.cells.get((p.doc_id, k["ord"]))
        if c and c["value"] is not None:
            a = _target_anchor(p, c)
            if a:
                picked.setdefault(a, []).append(f'{lab.status(c["status"])} ({k["year"]}: {lab.t("national")} '
                                                f'{fmt_range(k["value"], k["value_max"])})')

    def link(anchor: str, label: str) -> str:
        if anchor in linked:
            return f'<a href="#{anchor}">{label}</a>'
        return f'<span class="warn" title="{esc(lab.t("span_missing"))}">{label}</span>'

    # A warning whose span touches a target's span is shown in that target's row; the others above.
    near = {t["anchor"]: [w for w in p.warnings if _overlaps(w, t["start_char"], t["end_char"])] for t in p.targets}
    placed = {w["anchor"] for ws in near.values() for w in ws}
    trows = "".join(
        f'<tr><td title="{esc(t["indicator"])}">{esc(lab.indicator(t["indicator"], short=True))}</td>'
        f'<td title="{esc(t["subject"] or "")}">{esc(lab.subject(t["subject"], short=True))}</td>'
        f'<td>{esc(t["year"] if t["year"] is not None else lab.t("yearly"))}</td>'
        f'<td class="num">{esc(t["comparator"] if t["comparator"] != "=" else "")}{esc(fmt_range(t["value"], t["value_max"]))}'
        f'{"*" if t["implicit"] else ""}</td><td>{esc(lab.unit(t["unit"]))}</td>'
        f'<td>{esc("; ".join(picked.get(t["anchor"], [])))}</td>'
        f'<td class="check">{"<br>".join(_warning_html(w) for w in near[t["anchor"]])}'
        + ("" if t["quote"] == p.text[t["start_char"]:t["end_char"]] else f'<span class="warn">{esc(lab.t("quote_differs"))}</span>')
        + f'</td><td>{link(t["anchor"], esc(lab.t("quote")))}</td></tr>'
        for t in p.targets)
    drows = "".join(
        f'<tr><td title="{esc(a["agency"])}">{esc(a["agency_name"])}</td>'
        f'<td>{esc(lab.role(a["role"]))}{" " + esc(lab.t("requested")) if a["requested"] else ""}</td>'
        f'<td>{esc(a["deadline"] or "")}</td><td>{link(a["anchor"], esc(_clip(a["duty"], 140)))}</td></tr>'
        for a in p.duties)
    covers = (lab.t("covers_one_year", year=p.plan_year) if p.plan_year else
              lab.t("covers_to", year=p.horizon_year) if p.horizon_year else None)
    meta = [("meta_province", p.province), ("meta_after_2025", p.province_current), ("meta_number", p.doc_number),
            ("meta_issued", p.issued_on), ("meta_implements", p.program_ref), ("meta_covers", covers),
            ("meta_signer", p.signer), ("meta_file", p.source_name)]
    meta_html = " ".join(f'<span><b>{esc(lab.t(k))}</b> {esc(v)}</span>' for k, v in meta if v)
    meta_html += f' <span class="code">doc_id {esc(p.doc_id)}</span>'
    other = [w for w in p.warnings if w["anchor"] not in placed]
    warn = f'<p class="warn">{esc(lab.t("spans_outside", n=bad))}</p>' if bad else ""
    if other:
        warn += (f'<p class="small"><b>{esc(lab.t("plan_warnings") if placed else lab.t("warnings"))}</b></p><ul class="warnings">'
                 + "".join(f'<li>{link(w["anchor"], _warning_html(w)) if w["anchor"] in linked else _warning_html(w)}</li>'
                           for w in other) + "</ul>")
    return (
        f'<section class="plan" id="{p.anchor}"><h3>{esc(p.label)} <small>{esc(p.source_name)}</small></h3>'
        f'<p class="meta">{meta_html}</p>{warn}'
        f'<details open><summary>{esc(lab.t("targets"))} ({len(p.targets)})</summary><div class="scroll">'
        f'<table class="list"><thead><tr><th>{esc(lab.t("col_indicator"))}</th><th>{esc(lab.t("col_tier"))}</th>'
        f'<th>{esc(lab.t("col_year"))}</th><th>{esc(lab.t("col_value"))}</th><th>{esc(lab.t("col_unit"))}</th>'
        f'<th>{esc(lab.t("col_vs"))}</th><th>{esc(lab.t("col_check"))}</th><th></th></tr></thead><tbody>{trows}</tbody>'
        f'</table></div><p class="muted small">{esc(lab.t("implicit"))}</p></details>'
        f'<details open id="{p.anchor}-duties"><summary>{esc(lab.t("duties"))} ({len(p.duties)})</summary><div class="scroll">'
        f'<table class="list"><thead><tr><th>{esc(lab.t("agency_col"))}</th><th>{esc(lab.t("col_role"))}</th>'
        f'<th>{esc(lab.t("col_deadline"))}</th><th>{esc(lab.t("col_duty"))}</th></tr></thead>'
        f'<tbody>{drows}</tbody></table></div></details>'
        f'<div class="text" lang="vi" id="{p.anchor}-text">{highlight(p.text, spans)}</div>'
        f'<p class="small"><a href="#top">{esc(lab.t("back_to_top"))}</a></p></section>'
    )


def _clip(s: str, n: int) -> str:
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1] + "…"


def render(d: ReportData, generated: Optional[str] = None, lang: str = "vi", on_plan=None) -> str:
    """The whole report as one HTML string (no external resources), in Vietnamese or English.

    ``on_plan(i, n)`` is called after each plan's page is built (for a progress bar).
    """
    lab = Labels(lang)
    generated = generated or dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    n_targets = sum(len(p.targets) for p in d.plans)
    n_duties = sum(len(p.duties) for p in d.plans)
    n_warnings = sum(len(p.warnings) for p in d.plans)
    statuses = defaultdict(int)
    for c in d.cells.values():
        statuses[c["status"]] += 1
    sources = "".join(f"<li><b>{esc(ds)}</b>: {esc(src)} <small>(rules/{esc(f)})</small></li>" for ds, src, f in d.sources)
    legend = ('<p class="legend">'
              f'<span class="m">{esc(lab.t("legend_meets"))}</span><span class="a1">{esc(lab.t("legend_above"))}</span>'
              f'<span class="a2">{esc(lab.t("legend_above2"))}</span><span class="b1">{esc(lab.t("legend_below1"))}</span>'
              '<span class="b2">≥75%</span><span class="b3">≥50%</span><span class="b4">&lt;50%</span>'
              f'<span class="na">{esc(lab.t("legend_not_adopted"))}</span>'
              f'<span class="nc" style="border:1px solid #ddd">{esc(lab.t("legend_not_covered"))}</span></p>')
    plan_links = " ".join(f'<a href="#{p.anchor}">{esc(p.label)}</a>' for p in d.plans)
    summary = ", ".join(f"{n} {lab.status(s)}" for s, n in sorted(statuses.items()))
    roles = "".join(f'<span class="role {r}">{esc(lab.role_mark(r))} {esc(lab.role(r))}</span>' for r in ROLES)
    pages = []
    for i, p in enumerate(d.plans, 1):
        pages.append(_plan_section(d, p, lab))
        if on_plan:
            on_plan(i, len(d.plans))
    head = esc(lab.t("summary", plans=len(d.plans), targets=n_targets, duties=n_duties, warnings=n_warnings,
                     db="{db}", generated=generated)).replace("{db}", f"<code>{esc(d.db)}</code>")
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(lab.t("title"))}</title>
<script>{JS_HEAD}</script>
<style>{CSS}</style></head>
<body><div id="js-errors" hidden></div>
<header id="top"><h1>{esc(lab.t("title"))}</h1>
<p class="muted">{head}</p>
<nav><a href="#heatmap">{esc(lab.t("nav_heatmap"))}</a><a href="#charts">{esc(lab.t("nav_charts"))}</a><a href="#duties">{esc(lab.t("nav_duties"))}</a><a href="#plans">{esc(lab.t("nav_plans"))}</a></nav>
<ul class="small">{sources}</ul></header>
<main>
<h2 id="heatmap">{esc(lab.t("h_heatmap"))}</h2>
<p class="small">{esc(lab.t("heatmap_intro", summary=summary or "0"))}</p>
{legend}
{_heatmap(d, lab)}
{_indicator_legend(d, lab)}
<h2 id="charts">{esc(lab.t("h_charts"))}</h2>
<p class="small">{esc(lab.t("charts_intro"))}</p>
{_charts(d, lab)}
<h2 id="duties">{esc(lab.t("h_duties"))}</h2>
<p class="small">{esc(lab.t("duties_intro"))} {roles}</p>
{_duty_matrix(d, lab)}
<h2 id="plans">{esc(lab.t("h_plans"))}</h2>
<p>{plan_links}</p>
<p class="small">{esc(lab.t("highlighted"))} <mark class="t">{esc(lab.t("mark_targets"))}</mark> <mark class="d">{esc(lab.t("mark_duties"))}</mark> <mark class="td">{esc(lab.t("mark_both"))}</mark> <mark class="w">{esc(lab.t("warnings"))}</mark>.</p>
{"".join(pages)}
</main>
<script>{JS_BODY}</script>
</body></html>
"""


def write_report(con: duckdb.DuckDBPyConnection, out: str | Path, db: str = "", lang: str = "vi", on_plan=None) -> Path:
    """Collect, render and write the report; returns its path."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render(collect(con, db), lang=lang, on_plan=on_plan), encoding="utf-8")
    return out
