"""Qt-free, database-free ReportLab renderers: a prepared dataclass in, PDF bytes out.

Legal forms print in Vietnamese whatever the UI language, so none of their text is in the gettext
catalogue. The wording of each letter and notice is prepared in desktop.core (e.g.
cases/letter_texts.py, reception/conclusion_text.py) and only laid out here; what lives here is the
fixed wording of the forms themselves: the slips' titles and labels, the book's column headings,
and the layout words ("Số:", "Kính gửi:", "Nơi nhận:").
"""
