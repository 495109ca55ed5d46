"""Cooperation statistics for the working group's coordinators: aggregates only."""
