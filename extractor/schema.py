"""The DuckDB schema, defined once, as ordered migrations recorded in the database.

Tables and columns of docs/schema.md are the public contract: never rename one
without a new migration. Add a migration at the end of MIGRATIONS; never edit
one that has shipped.
"""
from __future__ import annotations

import duckdb

MIGRATIONS: list[tuple[int, str, str]] = [
    (
        1,
        "contract tables: documents, sections, targets, assignments, agencies, funding, warnings",
        """
        CREATE TABLE documents (
            doc_id VARCHAR PRIMARY KEY,
            source_name VARCHAR NOT NULL,
            source_path VARCHAR,
            fmt VARCHAR,
            content_hash VARCHAR NOT NULL,
            province VARCHAR,
            province_current VARCHAR,
            doc_number VARCHAR,
            issued_on VARCHAR,
            program_ref VARCHAR,
            program_ref_as_written VARCHAR[],
            horizon_year INTEGER,
            plan_year INTEGER,
            signer VARCHAR,
            report_day INTEGER,
            report_month INTEGER,
            report_year INTEGER,
            report_recurring BOOLEAN,
            text VARCHAR NOT NULL,
            pipeline_version VARCHAR,
            ingested_at TIMESTAMP DEFAULT current_timestamp
        );
        CREATE TABLE sections (
            doc_id VARCHAR NOT NULL,
            section_id VARCHAR NOT NULL,
            parent_id VARCHAR,
            level INTEGER NOT NULL,
            label VARCHAR,
            heading VARCHAR,
            kind VARCHAR NOT NULL,
            start_char INTEGER NOT NULL,
            end_char INTEGER NOT NULL,
            PRIMARY KEY (doc_id, section_id)
        );
        CREATE TABLE targets (
            doc_id VARCHAR NOT NULL,
            section_id VARCHAR,
            sector VARCHAR NOT NULL,
            indicator VARCHAR NOT NULL,
            subject VARCHAR,
            year INTEGER,
            value DOUBLE NOT NULL,
            value_max DOUBLE,
            unit VARCHAR NOT NULL,
            comparator VARCHAR NOT NULL,
            implicit BOOLEAN NOT NULL,
            quote VARCHAR NOT NULL,
            start_char INTEGER NOT NULL,
            end_char INTEGER NOT NULL,
            method VARCHAR NOT NULL,
            confidence DOUBLE NOT NULL,
            rule VARCHAR
        );
        CREATE TABLE assignments (
            doc_id VARCHAR NOT NULL,
            section_id VARCHAR,
            agency VARCHAR NOT NULL,
            agency_name VARCHAR NOT NULL,
            role VARCHAR NOT NULL,
            requested BOOLEAN NOT NULL,
            partners VARCHAR[],
            duty VARCHAR NOT NULL,
            deadline VARCHAR,
            start_char INTEGER NOT NULL,
            end_char INTEGER NOT NULL,
            method VARCHAR NOT NULL,
            confidence DOUBLE NOT NULL
        );
        CREATE TABLE agencies (
            agency VARCHAR PRIMARY KEY,
            name_vi VARCHAR NOT NULL
        );
        CREATE TABLE funding (
            doc_id VARCHAR NOT NULL,
            source VARCHAR NOT NULL,
            quote VARCHAR NOT NULL,
            start_char INTEGER,
            end_char INTEGER
        );
        CREATE TABLE warnings (
            doc_id VARCHAR NOT NULL,
            code VARCHAR NOT NULL,
            message VARCHAR NOT NULL,
            start_char INTEGER,
            end_char INTEGER
        );
        """,
    ),
    (
        2,
        "reference tables national_targets, provinces, reference_sources; views v_compare, v_duties",
        """
        -- Reference data, rewritten from rules/*.yaml by extractor/reference.py on every writable open.
        CREATE TABLE national_targets (
            indicator VARCHAR NOT NULL,
            subject VARCHAR,                -- tier code; NULL for growth indicators
            year INTEGER NOT NULL,
            value DOUBLE NOT NULL,
            value_max DOUBLE,               -- upper bound of a range (10 - 15 %/year)
            unit VARCHAR NOT NULL,
            ord INTEGER NOT NULL            -- order in the decision (indicator, year, tier): a sort key
        );
        CREATE TABLE provinces (
            province VARCHAR PRIMARY KEY,   -- canonical pre-2025 name, as in documents.province
            kind VARCHAR NOT NULL,          -- tinh | thanh_pho
            province_current VARCHAR NOT NULL,  -- unit after the 2025 merger (Resolution 202/2025/QH15)
            ord INTEGER NOT NULL            -- order in rules/provinces.yaml (north to south): a sort key
        );
        CREATE TABLE reference_sources (
            dataset VARCHAR PRIMARY KEY,    -- table the facts were loaded into
            source VARCHAR NOT NULL,        -- the legal text they come from
            rule_file VARCHAR NOT NULL
        );

        -- One row per plan x (indicator, subject, year) of the national baseline, for the years the
        -- plan covers (a single-year plan: that year; else years <= horizon_year, or <= its latest
        -- target year when the horizon is unknown), plus any baseline key the plan sets a value for.
        -- The plan's value is its row with that exact year and unit, else a recurring (year NULL) row;
        -- among several, the most confident, then the first in the text. A range is compared by its
        -- lower bound (value). status: meets | above | below | not_adopted (no value set).
        CREATE VIEW v_compare AS
        WITH docs AS (
            SELECT d.doc_id, d.source_name, d.province,
                   coalesce(p.province_current, d.province_current) AS province_current,
                   p.ord AS province_ord, d.plan_year,
                   coalesce(d.horizon_year, ty.max_year) AS horizon
            FROM documents d
            LEFT JOIN provinces p ON p.province = d.province
            LEFT JOIN (SELECT doc_id, max(year) AS max_year FROM targets GROUP BY doc_id) ty
                   ON ty.doc_id = d.doc_id
        ),
        grid AS (
            SELECT docs.*, n.indicator, n.subject, coalesce(n.subject, '') AS subject_key, n.year,
                   n.value AS national_value, n.value_max AS national_value_max, n.unit, n.ord,
                   coalesce(CASE WHEN docs.plan_year IS NOT NULL THEN n.year = docs.plan_year
                                 ELSE n.year <= docs.horizon END, false) AS covered
            FROM docs CROSS JOIN national_targets n
        ),
        pick AS (
            SELECT g.doc_id, g.indicator, g.subject_key, g.year,
                   t.value, t.value_max, t.comparator, t.implicit, t.quote, t.start_char, t.end_char,
                   t.year AS target_year
            FROM grid g
            JOIN targets t
              ON t.doc_id = g.doc_id AND t.indicator = g.indicator
             AND coalesce(t.subject, '') = g.subject_key AND t.unit = g.unit
             AND (t.year = g.year OR (t.year IS NULL AND g.covered))
            QUALIFY row_number() OVER (
                PARTITION BY g.doc_id, g.indicator, g.subject_key, g.year
                ORDER BY t.year IS NULL, t.confidence DESC, t.start_char, t.value) = 1
        )
        SELECT g.province, g.province_current, g.doc_id, g.indicator, g.subject, g.year,
               k.value, k.value_max, g.national_value, g.national_value_max,
               CASE WHEN k.value IS NULL THEN 'not_adopted'
                    WHEN abs(k.value - g.national_value) < 1e-9 THEN 'meets'
                    WHEN k.value > g.national_value THEN 'above'
                    ELSE 'below' END AS status,
               g.source_name, g.unit, k.comparator, k.implicit, k.quote, k.start_char, k.end_char,
               k.target_year, g.ord AS national_ord, g.province_ord
        FROM grid g
        LEFT JOIN pick k
               ON k.doc_id = g.doc_id AND k.indicator = g.indicator
              AND k.subject_key = g.subject_key AND k.year = g.year
        WHERE g.covered OR k.value IS NOT NULL;

        -- Duty counts per plan, agency and role (the agency x province matrix of the report).
        CREATE VIEW v_duties AS
        SELECT d.province, coalesce(p.province_current, d.province_current) AS province_current,
               d.doc_id, d.source_name, a.agency, coalesce(ag.name_vi, regexp_replace(a.agency, '^other:', '')) AS name_vi,
               a.role, count(*) AS duties, count(*) FILTER (WHERE a.requested) AS requested
        FROM assignments a
        JOIN documents d ON d.doc_id = a.doc_id
        LEFT JOIN provinces p ON p.province = d.province
        LEFT JOIN agencies ag ON ag.agency = a.agency
        GROUP BY ALL;
        """,
    ),
]

# Tables that hold one plan's rows (deleted and rewritten together when a plan is re-ingested).
PLAN_TABLES = ("sections", "targets", "assignments", "funding", "warnings")

SCHEMA_VERSION = MIGRATIONS[-1][0]


def migrate(con: duckdb.DuckDBPyConnection) -> int:
    """Apply pending migrations in order; returns the schema version now in the database."""
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version INTEGER PRIMARY KEY, description VARCHAR, applied_at TIMESTAMP DEFAULT current_timestamp)"
    )
    done = {v for (v,) in con.execute("SELECT version FROM schema_migrations").fetchall()}
    for version, description, sql in MIGRATIONS:
        if version in done:
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(sql)
            con.execute("INSERT INTO schema_migrations (version, description) VALUES (?, ?)", [version, description])
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
    return max(done | {v for v, _, _ in MIGRATIONS})
