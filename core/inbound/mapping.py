"""What an institution's status code means: the core's fallback.

Plugins answer through the ``referral_hub_inbound_status`` hook; this module
is registered ``trylast`` and looks the code up in the table the service
declares (``Service.inbound_statuses``), so that a plugin with a fixed table
implements nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.hookspecs import hookimpl

if TYPE_CHECKING:
    from core.catalogue.types import InboundStatus, Service


@hookimpl(trylast=True)
def referral_hub_inbound_status(service: Service, code: str) -> InboundStatus | None:
    return service.inbound_status(code)
