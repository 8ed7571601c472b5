"""Funding sources (placeholder until the funding extractor lands)."""
from __future__ import annotations

from .models import Funding, SegmentedPlan


def extract_funding(plan: SegmentedPlan) -> list[Funding]:
    """Funding sources named in the funding section."""
    return []
