"""store: the DuckDB side. `schema` (ordered migrations, the one place the schema is defined),
`database` (connect, write plans all or nothing, batched), `ingest` (many files, in parallel),
`distributed` (Dask to Parquet to DuckDB), `reference` (national baseline and province tables).

May import: core, read, structure, extract, model, pipeline.
"""
