"""Duty assignments (placeholder until the assignments extractor lands)."""
from __future__ import annotations

from .models import Assignment, SegmentedPlan


def extract_assignments(plan: SegmentedPlan) -> list[Assignment]:
    """One row per (duty item, agency) of the organisation section."""
    return []
