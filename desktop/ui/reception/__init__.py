"""Receiving citizens at the desk: the reception form, the day's book, printing the slips."""
