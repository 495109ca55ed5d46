"""The person's slip: a printable page, in the person's language, with the
office, the appointment and the documents to bring.

The slip speaks to the person, not to staff, so it has its own languages
(Arabic among them, which the UI does not offer) and its own gettext domain,
``slip`` (``core/slip/translations``), apart from the UI's catalogues.
"""
