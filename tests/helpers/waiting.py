"""How long a test waits for an event it expects before failing.

Generous on purpose: a test waits for the event itself (a line printed, a signal, a state reached),
so only a broken test ever waits this long; a slow, loaded machine must never make one fail.
"""

WAIT_S = 120
WAIT_MS = WAIT_S * 1000
