"""Audit who must do what: duties per agency and province, from the ``assignments`` table.

Three read-only views, each a plain function returning ``(columns, rows)`` so
it can be tested and reused; the click command only picks one and prints it:

* :func:`duty_matrix` - agencies x provinces, each cell the duty count by role
  ("2L 1C 3I 1R": lead, coordinate, implement, report); :func:`duty_counts` is
  the same data in long form (one row per agency and province, one column per role);
* :func:`agency_duties` - every duty of one agency across provinces;
* :func:`missing_agency` - plans (provinces) that give no duty to an agency.

A plan is labelled by its province, or by its source name when the province
is unknown. Several plans of one province are counted together.
"""
from __future__ import annotations

from typing import Any

import duckdb


ROLES = ("lead", "coordinate", "implement", "report")
ROLE_MARK = {"lead": "L", "coordinate": "C", "implement": "I", "report": "R"}

_PROVINCE = "coalesce(d.province, d.source_name)"

Table = tuple[list[str], list[tuple[Any, ...]]]


def resolve_agency(value: str) -> str:
    """An agency code from a code or a name as written ("Sở VHTTDL" -> dept_culture).

    Raises ValueError for a name that is neither a taxonomy code, an ``other:`` code
    nor a recognisable body.

    >>> resolve_agency("dept_culture"), resolve_agency("Sở GD&ĐT")
    ('dept_culture', 'dept_education')
    """
    from ..extract.agencies import agency_code
    from ..core.taxonomy import taxonomy

    value = value.strip()
    known = taxonomy().agencies
    if value in known or value.startswith("other:"):
        return value
    code = agency_code(value)
    if code in known:
        return code
    raise ValueError(f"{value}: unknown agency (use a code such as {', '.join(list(known)[:3])}, ... "
                     f"or other:<name>)")


def _agency_order(codes: list[str]) -> list[str]:
    """Taxonomy order first, then other:<name> codes alphabetically."""
    from ..core.taxonomy import taxonomy

    order = {c: i for i, c in enumerate(taxonomy().agencies)}
    return sorted(codes, key=lambda c: (c not in order, order.get(c, 0), c))


def cell(counts: dict[str, int]) -> str:
    """Compact cell of role counts, zero roles left out.

    >>> cell({"lead": 2, "coordinate": 0, "implement": 3, "report": 1})
    '2L 3I 1R'
    >>> cell({})
    ''
    """
    return " ".join(f"{counts[r]}{ROLE_MARK[r]}" for r in ROLES if counts.get(r))


def _counts(con: duckdb.DuckDBPyConnection) -> dict[tuple[str, str], dict[str, int]]:
    out: dict[tuple[str, str], dict[str, int]] = {}
    for agency, province, role, n in con.execute(
        f"SELECT a.agency, {_PROVINCE} AS province, a.role, count(*) FROM assignments a"
        " JOIN documents d USING (doc_id) GROUP BY ALL"
    ).fetchall():
        out.setdefault((agency, province), {})[role] = n
    return out


def provinces(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Labels of the ingested plans (province, else source name), sorted."""
    return [r[0] for r in con.execute(f"SELECT DISTINCT {_PROVINCE} FROM documents d ORDER BY 1").fetchall()]


def duty_matrix(con: duckdb.DuckDBPyConnection) -> Table:
    """Agencies (rows) x provinces (columns); cells like "2L 1C 3I 1R"; a total column at the end."""
    counts = _counts(con)
    cols = provinces(con)
    agencies = _agency_order(sorted({a for a, _ in counts}))
    rows = []
    for a in agencies:
        per = [cell(counts.get((a, p), {})) for p in cols]
        total = sum(sum(counts.get((a, p), {}).values()) for p in cols)
        rows.append((a, *per, total))
    return ["agency", *cols, "total"], rows


def duty_counts(con: duckdb.DuckDBPyConnection) -> Table:
    """The matrix in long form: one row per (agency, province) with a count per role."""
    counts = _counts(con)
    keys = sorted(counts, key=lambda k: (_agency_order(sorted({a for a, _ in counts})).index(k[0]), k[1]))
    rows = [(a, p, *(counts[(a, p)].get(r, 0) for r in ROLES), sum(counts[(a, p)].values())) for a, p in keys]
    return ["agency", "province", *ROLES, "total"], rows


def agency_duties(con: duckdb.DuckDBPyConnection, agency: str) -> Table:
    """Every duty of one agency across provinces, in document order: its own rows, and the duties
    that name it only as a partner ("Chủ trì, phối hợp với <agency> ...", a duty table's partner
    column), as role `partner` with the bodies that carry the duty in `partners`."""
    rows = con.execute(
        f"SELECT province, role, requested, partners, deadline, duty FROM ("
        f" SELECT {_PROVINCE} AS province, d.source_name, a.start_char, a.role, a.requested, a.partners,"
        "  a.deadline, a.duty FROM assignments a JOIN documents d USING (doc_id) WHERE a.agency = $1"
        " UNION ALL"
        f" SELECT {_PROVINCE}, d.source_name, a.start_char, 'partner', bool_or(a.requested),"
        "  list(DISTINCT a.agency ORDER BY a.agency), any_value(a.deadline), any_value(a.duty)"
        " FROM assignments a JOIN documents d USING (doc_id)"
        " WHERE list_contains(a.partners, $1) AND NOT EXISTS (SELECT 1 FROM assignments o WHERE o.doc_id ="
        "  a.doc_id AND o.start_char = a.start_char AND o.agency = $1)"
        " GROUP BY 1, 2, 3)"
        " ORDER BY province, source_name, start_char, role",
        [agency],
    ).fetchall()
    return ["province", "role", "requested", "partners", "deadline", "duty"], [
        (p, role, req, list(partners or []), deadline, " ".join(duty.split())) for p, role, req, partners, deadline, duty in rows
    ]


def missing_agency(con: duckdb.DuckDBPyConnection, agency: str) -> Table:
    """Plans that give no duty to an agency, with how many duties they assign in all.

    A plan with 0 duties in all probably has no organisation part the
    extractor could read: check it before concluding that the body is left out.
    """
    rows = con.execute(
        f"SELECT {_PROVINCE} AS province, d.source_name, count(a.agency) AS plan_duties"
        " FROM documents d LEFT JOIN assignments a USING (doc_id)"
        " GROUP BY ALL HAVING count(a.agency) FILTER (WHERE a.agency = ?) = 0"
        " ORDER BY province, d.source_name",
        [agency],
    ).fetchall()
    return ["province", "source_name", "plan_duties"], rows
