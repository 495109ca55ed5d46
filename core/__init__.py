"""Referral Hub core.

Plugins need one import line::

    from core import hookimpl, InstitutionKind, Service, SLA, ReasonCode, Document, Route
"""

from core.catalogue.types import SLA, Document, InstitutionKind, ReasonCode, Route, Service
from core.hookspecs import hookimpl

__all__ = ["SLA", "Document", "InstitutionKind", "ReasonCode", "Route", "Service", "hookimpl"]
