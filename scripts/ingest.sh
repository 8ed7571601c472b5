#!/usr/bin/env bash
# Install the package and ingest the bundled corpus into outputs/plans.duckdb, printing the summary.
set -euo pipefail
cd "$(dirname "$0")/.."
python -m pip install -q -e .
plans ingest corpus/ --db outputs/plans.duckdb
