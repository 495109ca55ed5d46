"""Every table of the core, imported in one place for Alembic and for tests."""

from core.audit import AuditLog
from core.auth.models import ApiToken, SignInFailure, User
from core.beneficiaries.models import Beneficiary, Consent
from core.documents.models import Document
from core.idempotency import IdempotencyRecord
from core.inbound.models import InboundEvent
from core.institutions.models import ContactPoint, Institution, Office, WorkingGroup
from core.notifications.models import AdminAlert, Notification, OutboxMessage
from core.referrals.models import Comment, Referral, ReferralEvent
from core.stats.models import CooperationCount, CooperationDue, CooperationDuration
from core.webhooks.models import WebhookEndpoint

__all__ = [
    "AdminAlert",
    "ApiToken",
    "AuditLog",
    "Beneficiary",
    "Comment",
    "Consent",
    "ContactPoint",
    "CooperationCount",
    "CooperationDue",
    "CooperationDuration",
    "Document",
    "IdempotencyRecord",
    "InboundEvent",
    "Institution",
    "Notification",
    "Office",
    "OutboxMessage",
    "Referral",
    "ReferralEvent",
    "SignInFailure",
    "User",
    "WebhookEndpoint",
    "WorkingGroup",
]
