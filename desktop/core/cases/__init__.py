"""Petitions and cases, from the register to the reply, on legal time.

Boundary: what the office does with what it received. ``petitions`` is the petition register;
``handling`` the decision on each petition (guide, transfer, propose, accept, refuse);
``case_files`` and ``rules`` the case and its legal steps as a state machine; ``due_dates``
keeps stored due dates true to the office calendar; ``board`` lists what is due; ``letters`` and
``letter_texts`` the official letter of each step; ``fields`` the office's fields of law;
``dossier`` ties a visit, its petition, its case and their letters together.
"""

# The stored due dates follow the office calendar wherever it changes (a sync, a settled conflict).
from desktop.core.cases import due_dates as due_dates
