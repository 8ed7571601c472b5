"""Stand-ins for heavy optional imports (PDF and DOCX libraries), imported on first use.

A one-plan text ingest need not pay ~100 ms to import pdfplumber, pypdfium2 and python-docx.
"""
from __future__ import annotations

import importlib
from typing import Any, Optional


class LazyImport:
    """`module` (or its attribute `attr`), imported when first touched: attribute access or call."""

    def __init__(self, module: str, attr: Optional[str] = None):
        self._module, self._attr, self._target = module, attr, None

    def _load(self) -> Any:
        if self._target is None:
            target = importlib.import_module(self._module)
            self._target = getattr(target, self._attr) if self._attr else target
        return self._target

    def __getattr__(self, name: str) -> Any:
        return getattr(self._load(), name)

    def __call__(self, *args, **kwargs):
        return self._load()(*args, **kwargs)
