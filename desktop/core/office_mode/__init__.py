"""Office mode: several desks share one PostgreSQL server and keep working without it.

Boundary: everything that crosses between a desk and the server. ``joining`` makes a single
desk an office desk; ``server`` connects and checks the server; ``sync`` pushes the outbox and
pulls the server's change log; ``conflicts`` shows and settles concurrent edits; ``counts`` sets
this desk's counts beside the server's. The design (capture, change log, push, pull, conflicts,
numbers) is written up in docs/sync.md.
"""
