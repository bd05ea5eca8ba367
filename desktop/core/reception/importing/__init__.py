"""Importing old reception books: the file read (``sources``), its columns recognised (``layout``),
its rows read as entries (``rows``), and the entries stored as visits of the book (``books``).

``sources``, ``layout`` and ``rows`` know no database: they turn bytes into entries and the reasons
rows are refused. docs/importing.md tells which files and shapes are understood.
"""
