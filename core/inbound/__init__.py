"""Inbound status updates: an institution's own system tells the hub what
became of a referral, in its own status codes.

``mapping.py`` is the core's fallback for what a code means (the service's
table), ``models.py`` the record that makes updates idempotent, ``service.py``
the rules and ``api.py`` the endpoint.
"""
