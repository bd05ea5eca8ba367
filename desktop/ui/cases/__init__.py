"""Petitions, their handling decisions, cases with their legal steps, and the deadline board."""
