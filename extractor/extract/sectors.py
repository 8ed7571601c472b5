"""Each tier's row takes an indicator of the tier's own sector.

A list may name libraries, museums and cultural centres under one value ("100% đối với thư viện
cấp tỉnh, bảo tàng tỉnh, Trung tâm Văn hóa tỉnh"), and the statement's indicator is then one
sector's. A library indicator for a museum is never a right reading, so for a tier of another
sector the candidates are, in order: a cue of the tier's own sector in the statement, the
indicator a lead-in line names for that sector, and the counterpart of the statement's indicator
in that sector (rules/indicators.yaml `counterparts`, chosen by the national targets that name
the tier). A counterpart is inferred, not read: its rows are stored below 0.9.
"""
from __future__ import annotations

from typing import Optional

from ..core.taxonomy import indicator as indicator_info
from .cues import classify, target_rules
from .readings import national_value
from .tiers import TierMention

COUNTERPART_CONFIDENCE = 0.85  # an inferred indicator: in the band an auditor checks
JOINT_MEMBER = "+joint_member"  # "Bảo tàng - Thư viện tỉnh": the row is the other member's, nothing to report


def _sector(indicator: str) -> str:
    return indicator_info(indicator).sector


def counterpart(indicator: str, tier: TierMention, year: Optional[int]) -> Optional[str]:
    """The member of `indicator`'s family for the tier's sector, preferring one whose national
    targets name the tier (culture_center.creative for district centres, .clubs for communes).

    >>> from extractor.extract.tiers import TierMention
    >>> counterpart("library.lll_services", TierMention("commune_center", "culture_center", 0, 1), 2025)
    'culture_center.clubs'
    """
    for family in target_rules().counterparts:
        if indicator not in family:
            continue
        members = [m for m in family if _sector(m) == tier.sector]
        named = [m for m in members if national_value(m, tier.code, year) is not None]
        return (named or members or [None])[0]
    return None


def joint_member(tiers, tier: TierMention, indicator: str) -> TierMention:
    """The member of `tier`'s merged institution ("Bảo tàng - Thư viện tỉnh") in `indicator`'s sector,
    else `tier` itself."""
    if not tier.joint or _sector(indicator) in (tier.sector, "other"):
        return tier
    i = next((k for k, t in enumerate(tiers) if t is tier), None)
    if i is None:
        return tier
    near = [t for t in tiers[max(0, i - len(tier.joint) + 1):i + len(tier.joint)] if t.joint == tier.joint]
    return next((t for t in near if t.sector == _sector(indicator)), tier)


def indicator_for_tier(text: str, names, tier: TierMention, indicator: str, year: Optional[int],
                       lead: Optional[dict[str, str]]) -> tuple[Optional[str], float, str]:
    """(indicator, confidence factor, rule suffix) of one tier's row under the statement's `indicator`;
    None with the suffix JOINT_MEMBER for a member of a merged institution whose other member takes the row."""
    if _sector(indicator) in (tier.sector, "other"):
        return indicator, 1.0, ""
    if _sector(indicator) in tier.joint:
        return None, 0.0, JOINT_MEMBER
    own = classify(text, tier.sector, "percent", names=names)
    if own:
        return own[0], 1.0, "+own_sector_cue"
    if lead and lead.get(tier.sector):
        return lead[tier.sector], 1.0, "+lead_in"
    found = counterpart(indicator, tier, year)
    if found:
        return found, COUNTERPART_CONFIDENCE, "+sector_counterpart"
    return None, 0.0, ""
