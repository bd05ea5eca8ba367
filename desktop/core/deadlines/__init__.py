"""Legal time limits: the working-day calendar, the versioned rule sets and their explanations.

Boundary: dates in, due dates out. ``calendar`` is the working-day calendar (weekends, holidays,
swapped days) with layers on top: the national additions, then the office's own days; ``office_days``
stores the office's own days off and gives ``office_calendar(session)``, the calendar every use
case counts on; ``rules`` reads the rule sets in resources/rules/deadlines/ and counts a time limit;
``explain`` words the count in Vietnamese. Nothing here knows petitions or cases: callers pass the
calendar in.
"""
