"""Backups of the desk's database: `tiepdan backup` and `restore`, and the GUI's automatic ones.

``operations`` is the entry point (a desk's SQLite file or an office server); ``sealed`` is the
encrypted file format, ``local`` and ``server`` the two kinds of database, ``automatic`` the
backups the GUI makes on its own.
"""
