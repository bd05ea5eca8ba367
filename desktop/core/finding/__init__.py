"""Finding records: one search over citizens, visits, petitions, cases and letters (docs/search.md).

Boundary: reads what reception and cases wrote, through the index migration 0014 keeps (FTS5 on
SQLite, full text on PostgreSQL); writes nothing but the audit of protected identities it shows.
"""
