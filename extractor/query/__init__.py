"""query: reading the database. `compare` (provinces against the national programme), `audit` (who
must do what), `report` (the HTML report), `evaluate` (scores against answer keys) and `output`
(tables, CSV, JSON, Parquet).

May import: everything below it (core .. store, pipeline); never cli.
"""
