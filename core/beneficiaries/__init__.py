"""Beneficiaries: registered once by a centre, with consents and household links."""
