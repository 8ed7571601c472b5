#!/usr/bin/env bash
# Install the package and ingest the bundled corpus into outputs/plans.duckdb, printing the summary.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v tesseract >/dev/null 2>&1 || ! tesseract --list-langs 2>/dev/null | grep -qx vie; then
  # Tesseract with its Vietnamese model reads scanned PDFs (pages without a text layer).
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq tesseract-ocr tesseract-ocr-vie >/dev/null
fi
python -m pip install -q -e .
plans ingest corpus/ --db outputs/plans.duckdb
