"""Notifications: telling people that a referral needs them or has moved on.

A change that should be announced writes :class:`~core.notifications.models.
OutboxMessage` rows in its own transaction (a transactional outbox): who
hears of what is :mod:`~core.notifications.announce`'s (the recipients are
:mod:`~core.notifications.audience`'s), so a rolled-back change announces
nothing and a committed one is never forgotten. What is due by the calendar
(SLA reminders and escalations, plugin reminders, daily digests) is written by
the scheduler (:mod:`~core.notifications.scheduler`). The worker
(``referral-hub worker``, :mod:`core.notifications.worker`) runs the
scheduler, claims due rows, delivers them through their channel (e-mail over
SMTP, :mod:`core.notifications.email`; webhooks, :mod:`core.webhooks.channel`)
and retries with backoff. Delivery is *at least once*: every attempt carries
the row's stable ``message_id`` so that a receiver can recognise a repeat.

Rows hold codes and ids (template, language, referral reference, service
code, status, link path), never a beneficiary's personal data; the texts are
rendered in the recipient's language when the message is sent.
"""
