"""Referrals: creation, routing and the lifecycle every entry point goes through."""
