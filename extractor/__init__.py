"""Turn Vietnamese provincial plans implementing Decision 1520/QĐ-TTg into auditable DuckDB data."""

__version__ = "0.1.0"
