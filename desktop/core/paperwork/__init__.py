"""The papers an office issues: their shared page frame, official numbers and kept copies.

Boundary: what every printed paper has in common, whatever it is about. ``frame`` turns the
office profile into the Decree 30/2020 page parts (agency block, signer, the letter page);
``official_numbers`` hands out the office-wide "Số: 15/TB-BTCD" numbers, offline too;
``issuing`` hashes a rendered PDF, keeps it in the data folder and records it as issued, and
re-reads and checks a kept copy for a reprint. The wording of each paper lives with the
capability that issues it (reception slips, case letters).
"""
