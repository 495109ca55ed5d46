"""Webhooks: signed HTTP messages to an institution's own system.

An agency officer proposes the address of their office's endpoint; an admin
approves it (or refuses it); only then does the office's system hear of its
referrals' moves. A change of address goes back to the admin. The messages
travel through the outbox like e-mail (:mod:`core.notifications`), with the
channel in :mod:`core.webhooks.channel`, and are signed per the Standard
Webhooks scheme (``webhook-id``, ``webhook-timestamp``, ``webhook-signature``).

- ``models.py``: the endpoint, one per office;
- ``service.py``: proposing, approving, refusing, removing, rotating the
  secret, and what a transition tells the office's system;
- ``channel.py``: delivery over HTTP(S) with ``requests``;
- ``api.py``: ``/api/v1/offices/{id}/webhook`` for the office's institution.
"""
