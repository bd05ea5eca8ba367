"""Realistic synthetic data for demonstrations and benchmarks, inserted in bulk.

Boundary: writes what the other packages would write, faster. ``generator`` makes the visits
and people; ``cases`` the petitions and cases at every stage; ``words`` the word lists.
"""
