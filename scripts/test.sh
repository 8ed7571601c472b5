#!/usr/bin/env bash
# Install everything the test suite needs on a fresh machine, then run the whole suite.
# Used verbatim by the README and by .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
if ! command -v chromium >/dev/null 2>&1; then
  # Debian's Chromium renders the HTML report in the report tests (no browser download at run time).
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
if ! command -v tesseract >/dev/null 2>&1 || ! tesseract --list-langs 2>/dev/null | grep -qx vie \
    || [ ! -f /usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf ]; then
  # Tesseract with its Vietnamese model reads scanned PDFs; the OCR tests draw their scans with DejaVu.
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq tesseract-ocr tesseract-ocr-vie fonts-dejavu-core >/dev/null
fi
python -m pip install -q -e ".[test]"
python -m pytest "$@"
