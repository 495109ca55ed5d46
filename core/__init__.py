"""Referral Hub core.

Plugins need one import::

    from core import (
        SLA, Document, InboundStatus, InstitutionKind, ReasonCode, Route, Service, Text,
        described, hookimpl, one_of,
    )
"""

from core.catalogue.describe import described, one_of
from core.catalogue.types import (
    SLA,
    Document,
    InboundStatus,
    InstitutionKind,
    ReasonCode,
    Route,
    Service,
    Text,
)
from core.hookspecs import hookimpl

__all__ = [
    "SLA",
    "Document",
    "InboundStatus",
    "InstitutionKind",
    "ReasonCode",
    "Route",
    "Service",
    "Text",
    "described",
    "hookimpl",
    "one_of",
]
