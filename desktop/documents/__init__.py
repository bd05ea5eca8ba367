"""Qt-free, database-free ReportLab renderers: a prepared dataclass in, PDF bytes out.

Legal forms print in Vietnamese whatever the UI language, so their fixed wording lives here and
not in the gettext catalogue.
"""
