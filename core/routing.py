"""Contact routing: which office receives a referral.

Plugins decide through the ``referral_hub_route_referral`` hook; this module
is the core's fallback (registered ``trylast``) and the helper that plugins
use to match an office's coverage.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from anyascii import anyascii

from core.catalogue.types import Route
from core.hookspecs import hookimpl

if TYPE_CHECKING:
    from core.beneficiaries.models import Beneficiary
    from core.catalogue.types import Service
    from core.institutions.models import Office


def same_place(a: str, b: str) -> bool:
    """Compare locality names ignoring case, accents and script ("Timișoara" == "timisoara")."""
    return anyascii(a).casefold().strip() == anyascii(b).casefold().strip()


def offices_covering(offices: Iterable[Office], county: str, locality: str | None) -> list[Office]:
    """The offices that cover a place: an office listing the locality beats
    one that covers its whole county."""
    in_county = [o for o in offices if o.county == county and o.active]
    by_locality = [
        o for o in in_county if locality and any(same_place(locality, x) for x in o.localities)
    ]
    return by_locality or [o for o in in_county if not o.localities]


@hookimpl(trylast=True)
def referral_hub_route_referral(
    service: Service, beneficiary: Beneficiary, offices: list[Office]
) -> Route | None:
    covering = offices_covering(offices, beneficiary.county, beneficiary.locality)
    return Route(office=covering[0]) if covering else None
