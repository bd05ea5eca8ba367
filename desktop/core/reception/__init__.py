"""Receiving citizens: visits, the people in them, their identity papers and addresses.

Boundary: everything recorded at the desk while a citizen is there, and what they take home.
``visits`` validates and saves a visit into the reception book; ``validation`` checks identity
papers and phones; ``addresses`` the two-level administrative units; ``book`` reads the book back
and ``book_print`` prints it; ``slips`` the receipt and appointment slips; ``conclusions`` and
``conclusion_text`` the leader's reception sessions and their conclusion notices.
"""
