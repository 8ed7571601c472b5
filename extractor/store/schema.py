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
        -- plan covers (a single-year plan: its plan_year; else years <= horizon_year, or <= its latest
        -- target year when the horizon is unknown), plus any baseline key the plan sets a value for.
        -- The plan's value is its row with that exact year and unit, else a recurring (year NULL)
        -- row for a covered year; among several, the most confident, then the first in the text.
        -- A range is compared by its lower bound (value).
        -- status: meets | above | below (vs national value) | not_adopted (no value set).
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
        ranked AS (  -- candidate plan rows per baseline key; rank: lower wins (one key per row, no ties)
            SELECT t.*, n.year AS key_year, coalesce(n.subject, '') AS subject_key,
                   ((t.year IS NULL)::HUGEINT << 110)
                   + (CAST(round((1 - t.confidence) * 1000000) AS HUGEINT) << 72)
                   + (t.start_char::HUGEINT << 40) + t.rowid AS rank
            FROM targets t
            JOIN national_targets n
              ON t.indicator = n.indicator AND coalesce(t.subject, '') = coalesce(n.subject, '')
             AND t.unit = n.unit AND (t.year = n.year OR t.year IS NULL)
        ),
        pick AS (  -- the winning row per (plan, key): per-column arg_min (much faster than a window)
            SELECT doc_id, indicator, subject_key, key_year,
                   arg_min(value, rank) AS value, arg_min(value_max, rank) AS value_max,
                   arg_min(comparator, rank) AS comparator, arg_min(implicit, rank) AS implicit,
                   arg_min(quote, rank) AS quote, arg_min(start_char, rank) AS start_char,
                   arg_min(end_char, rank) AS end_char, arg_min(year, rank) AS target_year,
                   bool_or(year IS NOT NULL) AS has_year
            FROM ranked
            GROUP BY doc_id, indicator, subject_key, key_year
        ),
        grid AS (
            SELECT docs.*, n.indicator, n.subject, coalesce(n.subject, '') AS subject_key, n.year,
                   n.value AS national_value, n.value_max AS national_value_max, n.unit, n.ord,
                   coalesce(CASE WHEN docs.plan_year IS NOT NULL THEN n.year = docs.plan_year
                                 ELSE n.year <= docs.horizon END, false) AS covered
            FROM docs CROSS JOIN national_targets n
        ),
        joined AS (
            SELECT g.*, k.* EXCLUDE (doc_id, indicator, subject_key, key_year)
            FROM grid g
            LEFT JOIN pick k
                   ON k.doc_id = g.doc_id AND k.indicator = g.indicator
                  AND k.subject_key = g.subject_key AND k.key_year = g.year
            WHERE g.covered OR k.has_year
        )
        SELECT province, province_current, doc_id, indicator, subject, year,
               value, value_max, national_value, national_value_max,
               CASE WHEN value IS NULL THEN 'not_adopted'
                    WHEN abs(value - national_value) < 1e-9 THEN 'meets'
                    WHEN value > national_value THEN 'above'
                    ELSE 'below' END AS status,
               source_name, unit, comparator, implicit, quote, start_char, end_char,
               target_year, ord AS national_ord, province_ord
        FROM joined;

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
    (
        3,
        "sections without a primary key (the writer guarantees (doc_id, section_id) is unique)",
        # DuckDB keeps a primary key's ART index in memory and checks it on every insert: with
        # ~60 sections a plan it made ingest memory grow with the database. The segmenter numbers
        # sections uniquely per plan and a plan is written whole or not at all, so the key added
        # nothing but cost. DuckDB cannot drop a constraint: the table is rebuilt.
        """
        CREATE TABLE sections_v3 (
            doc_id VARCHAR NOT NULL,
            section_id VARCHAR NOT NULL,
            parent_id VARCHAR,
            level INTEGER NOT NULL,
            label VARCHAR,
            heading VARCHAR,
            kind VARCHAR NOT NULL,
            start_char INTEGER NOT NULL,
            end_char INTEGER NOT NULL
        );
        INSERT INTO sections_v3 SELECT * FROM sections;
        DROP TABLE sections;
        ALTER TABLE sections_v3 RENAME TO sections;
        """,
    ),
    (
        4,
        "v_compare joins on integer keys (same rows as version 2, about twice as fast)",
        """
        -- One row per plan x (indicator, subject, year) of the national baseline, for the years the
        -- plan covers (a single-year plan: its plan_year; else years <= horizon_year, or <= its latest
        -- target year when the horizon is unknown), plus any baseline key the plan sets a value for.
        -- The plan's value is its row with that exact year and unit, else a recurring (year NULL)
        -- row for a covered year; among several, the most confident, then the first in the text.
        -- A range is compared by its lower bound (value).
        -- status: meets | above | below (vs national value) | not_adopted (no value set).
        --
        -- Same rows and columns as migration 2's body; only the join keys differ: a plan is its
        -- documents.rowid, a baseline key (indicator, subject, year) is (year, kid) with kid its
        -- dense number within the year, and (plan, kid) is packed into one BIGINT gk. Grouping and
        -- joining on integers instead of (doc_id, indicator, subject_key, year) strings roughly
        -- halves the view's cost. year stays a separate join key so that `WHERE year = ?` still
        -- reaches the targets scan. nat is NOT MATERIALIZED: it is used twice, and materializing
        -- it stops DuckDB from dropping the arg_min columns a query does not read.
        CREATE OR REPLACE VIEW v_compare AS
        WITH nat AS NOT MATERIALIZED (
            SELECT n.*, coalesce(n.subject, '') AS subject_key,
                   dense_rank() OVER (PARTITION BY n.year ORDER BY n.indicator, coalesce(n.subject, '')) AS kid,
                   count(*) OVER () AS nk          -- kid <= nk, so drid * nk + kid is unique per (plan, kid)
            FROM national_targets n
        ),
        docs AS (
            SELECT d.rowid AS drid, d.doc_id, d.source_name, d.province,
                   coalesce(p.province_current, d.province_current) AS province_current,
                   p.ord AS province_ord, d.plan_year,
                   coalesce(d.horizon_year, ty.max_year) AS horizon
            FROM documents d
            LEFT JOIN provinces p ON p.province = d.province
            LEFT JOIN (SELECT doc_id, max(year) AS max_year FROM targets GROUP BY doc_id) ty
                   ON ty.doc_id = d.doc_id
        ),
        ranked AS (  -- candidate plan rows per baseline key; rank: lower wins (one key per row, no ties)
            SELECT d.rowid * n.nk + n.kid AS gk, n.year AS key_year, t.value, t.value_max, t.comparator, t.implicit,
                   t.quote, t.start_char, t.end_char, t.year,
                   ((t.year IS NULL)::HUGEINT << 110)
                   + (CAST(round((1 - t.confidence) * 1000000) AS HUGEINT) << 72)
                   + (t.start_char::HUGEINT << 40) + t.rowid AS rank
            FROM targets t
            JOIN documents d ON d.doc_id = t.doc_id   -- rows of unknown plans never reached the grid anyway
            JOIN nat n
              ON t.indicator = n.indicator AND coalesce(t.subject, '') = n.subject_key
             AND t.unit = n.unit AND (t.year = n.year OR t.year IS NULL)
        ),
        pick AS (  -- the winning row per (plan, key): per-column arg_min (much faster than a window)
            SELECT gk, key_year,
                   arg_min(value, rank) AS value, arg_min(value_max, rank) AS value_max,
                   arg_min(comparator, rank) AS comparator, arg_min(implicit, rank) AS implicit,
                   arg_min(quote, rank) AS quote, arg_min(start_char, rank) AS start_char,
                   arg_min(end_char, rank) AS end_char, arg_min(year, rank) AS target_year,
                   bool_or(year IS NOT NULL) AS has_year
            FROM ranked
            GROUP BY gk, key_year
        ),
        grid AS (
            SELECT docs.*, docs.drid * n.nk + n.kid AS gk, n.indicator, n.subject, n.year,
                   n.value AS national_value, n.value_max AS national_value_max, n.unit, n.ord,
                   coalesce(CASE WHEN docs.plan_year IS NOT NULL THEN n.year = docs.plan_year
                                 ELSE n.year <= docs.horizon END, false) AS covered
            FROM docs CROSS JOIN nat n
        ),
        joined AS (
            SELECT g.*, k.* EXCLUDE (gk, key_year)
            FROM grid g
            LEFT JOIN pick k
                   ON k.gk = g.gk AND k.key_year = g.year
            WHERE g.covered OR k.has_year
        )
        SELECT province, province_current, doc_id, indicator, subject, year,
               value, value_max, national_value, national_value_max,
               CASE WHEN value IS NULL THEN 'not_adopted'
                    WHEN abs(value - national_value) < 1e-9 THEN 'meets'
                    WHEN value > national_value THEN 'above'
                    ELSE 'below' END AS status,
               source_name, unit, comparator, implicit, quote, start_char, end_char,
               target_year, ord AS national_ord, province_ord
        FROM joined;
        """,
    ),
    (
        5,
        "assignments.rule (how a row was found: table_row.lead, ...) and assignments.topic (group row of a duty table)",
        """
        ALTER TABLE assignments ADD COLUMN rule VARCHAR;
        ALTER TABLE assignments ADD COLUMN topic VARCHAR;
        """,
    ),
    (
        6,
        "documents.text_source, ocr_engine, ocr_pages: which pages of a plan were read by OCR, and with what",
        """
        ALTER TABLE documents ADD COLUMN text_source VARCHAR DEFAULT 'text';
        ALTER TABLE documents ADD COLUMN ocr_engine VARCHAR;
        ALTER TABLE documents ADD COLUMN ocr_pages INTEGER[];
        """,
    ),
    (
        7,
        "section kinds keep their evidence and confidence; funding rows their confidence",
        """
        ALTER TABLE sections ADD COLUMN kind_evidence VARCHAR;
        ALTER TABLE sections ADD COLUMN kind_confidence DOUBLE;
        ALTER TABLE funding ADD COLUMN confidence DOUBLE;
        """,
    ),
    (
        8,
        "reference_state: the fingerprint of the rules the reference tables were loaded from",
        """
        -- One row. An open whose code version and rule files give the same fingerprint leaves the
        -- reference tables as they are: building them again cost ~0.1 s of every command.
        CREATE TABLE reference_state (
            fingerprint VARCHAR NOT NULL
        );
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
    pending = [m for m in MIGRATIONS if m[0] not in done]
    if pending:
        # All pending migrations in one transaction: a database is upgraded all the way or not at all,
        # and a new one pays for one commit, not one per migration.
        con.execute("BEGIN TRANSACTION")
        try:
            for version, description, sql in pending:
                con.execute(sql)
                con.execute("INSERT INTO schema_migrations (version, description) VALUES (?, ?)",
                            [version, description])
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
    return max(done | {v for v, _, _ in MIGRATIONS})
