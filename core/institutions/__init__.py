"""Institutions, their offices and contact points, and the working groups they form."""
