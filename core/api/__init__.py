"""JSON API v1: bearer tokens, problem+json errors, keyset pagination.

Each capability keeps its views beside its service functions
(``core/<capability>/api.py``); this package holds what they share.
"""

from flask import Blueprint

blueprint = Blueprint("api", __name__, url_prefix="/api/v1")

from core.api.helpers import refuse_unstorable_request  # noqa: E402

blueprint.before_request(refuse_unstorable_request)

# Imported for their routes on the blueprint.
from core.api import errors, openapi  # noqa: E402, F401
from core.auth import api as _auth  # noqa: E402, F401
from core.beneficiaries import api as _beneficiaries  # noqa: E402, F401
from core.catalogue import api as _catalogue  # noqa: E402, F401
from core.documents import api as _documents  # noqa: E402, F401
from core.inbound import api as _inbound  # noqa: E402, F401
from core.institutions import api as _institutions  # noqa: E402, F401
from core.notifications import api as _notifications  # noqa: E402, F401
from core.referrals import api as _referrals  # noqa: E402, F401
from core.stats import api as _stats  # noqa: E402, F401
from core.webhooks import api as _webhooks  # noqa: E402, F401
