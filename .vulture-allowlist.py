"""Names vulture reports as unused that are used where it cannot see: by Qt, ReportLab, SQLAlchemy, Alembic, tests.

`make test` runs vulture over desktop/ and db/ with this file (see [tool.vulture] in pyproject.toml); any name below
counts as used everywhere. Started from `vulture --make-whitelist`, then pruned by hand: what was really dead is gone.
Add a name only with the reason it is alive; never to silence a finding you have not checked.
"""

from vulture.whitelist_utils import Whitelist

_ = Whitelist()

# Qt calls these overrides of its virtual methods (QObject, QAbstractItemModel, QStyledItemDelegate,
# QCompleter, QWidget); listed even where the name happens to be used elsewhere, so none gets reported later.
_.canFetchMore
_.closeEvent
_.columnCount
_.createEditor
_.data
_.eventFilter
_.fetchMore
_.flags
_.headerData
_.keyPressEvent
_.pathFromIndex
_.rowCount
_.setEditorData
_.setModelData
_.showEvent
_.splitPath

# ReportLab calls Flowable.wrap, split and draw while it lays a story out.
_.draw
_.split
_.wrap

# SQLAlchemy reads these class attributes of the declarative base, its mixins and its type decorators.
_.type_annotation_map  # db/base.py: Base
_.__mapper_args__  # db/base.py: Versioned
_.impl  # db/types.py: UTCDateTime
_.cache_ok
_.process_bind_param
_.process_result_value
_.isolation_level  # db/session.py: set on the sqlite3 connection, whose own transactions it turns off

# Columns written by the ORM and by bulk inserts (dict keys), read in SQL, by the office server and by the sync.
_.address_key
_.base_version
_.changed_at
_.content_key
_.name_key
_.receptionist_id
_.recorded_at
_.reserved_at
_.server_version
_.updated_at

# Alembic reads the revision variables of every migration in db/migrations/versions.
_.branch_labels
_.depends_on
_.down_revision

# Looked up by value: the rule files say "unit": "calendar_days" (desktop/core/deadlines/rules.py: Unit).
_.CALENDAR_DAYS

# A TypedDict key, given only in dict literals (desktop/documents/styles.py: _Extra).
_.leftIndent

# Read by the tests only, kept as the public surface they drive or observe:
_.conflicting_steps  # CaseView: steps two desks recorded while apart (tests/core/cases/test_petitions.py)
_.peek_number  # the counters without taking a number (tests/core/test_numbering.py)
_.render_slip  # a slip's PDF without recording it (tests/ui/test_print_preview.py)
_.show_filter  # the board's filter buttons (tests/ui/cases/test_board.py)
_.record_message  # the case page's message line (tests/ui/cases/test_case_page.py)
_.error_label  # a record editor's error line (tests/ui/cases/test_calendar_dialog.py, test_fields_dialog.py)
_.has_error  # a field box in error (tests/ui/test_office_dialog.py and others)
_.is_busy  # the server dialog while it connects (tests/ui/office_mode/test_server_dialog.py)
_.failures  # sync worker's failed rounds (tests/ui/office_mode/test_office_window.py)
_.citizen_history  # a citizen's recorded changes, oldest first (tests/core/reception/test_citizens.py)
_.known_keys  # the keys a `visit add` line may hold (tests/core/reception/test_drafts.py, tests/cli/test_visit_add.py)
_.button_for  # the identity question's answer buttons (tests/ui/reception/test_identity_question.py)
_.TEXTS  # argparse's messages, listed only so that make catalogue extracts them (desktop/cli/argparse_texts.py)
_.UNIQUE_KEYS  # why each unique key cannot clash between desks (tests/db/test_natural_keys.py)
_._open  # logging.FileHandler._open, overridden so the log file is created 0600 (desktop/ui/app.py)
_.freeze_panes  # openpyxl's worksheet property: the heading rows stay in view (desktop/core/cases/board_export.py)
_.book_document  # the book with its rows as a stream, to read them (tests/core/reception/test_book_print.py)
_.render_book  # a small book as PDF bytes (tests/documents/test_book.py, bench/book.py); a year streams with write_book

# The shared "who is asking" contract (desktop/core/access.py, verbatim from the house rules): the audit
# trail and the login, built on other branches, set and read the session's actor with these.
_.acting
_.current_actor

# openpyxl reads these sheet and cell settings when it saves the workbook (desktop/documents/book_xlsx.py).
_.fitToHeight
_.fitToPage
_.fitToWidth
_.freeze_panes
_.number_format
_.paperSize
_.print_title_rows

# Users (desktop/core/users.py): a stored column, written at every password change, read by admins in SQL.
_.password_changed_at

# The audit trail: columns read by name (desktop.core.audit.HASHED_FIELDS builds each event's hash from them);
# APPEND_ONLY is read by the every-table sync test; record_read, acting and Actor.signed_in are the shared
# contract other capabilities call (desktop/core/access.py, the masking of protected identities).
_.actor_id
_.prev_hash
_.APPEND_ONLY
_.signed_in
_.acting
_.record_read

# Corrective steps (db/models/corrections.py): who took the step, a stored column read by joins and in SQL.
_.made_by_id
# Importing old books: html.parser.HTMLParser calls its handlers by name.
_.handle_starttag
_.handle_endtag
_.handle_data
# The import wizard's pages: QWizardPage virtuals Qt calls.
_.initializePage
_.validatePage
_.isComplete
_.scanner  # the form's ScanListener: kept alive by the form, it watches the keys
_.repeat_checked  # read by the periodic reports (issue 11), stored here
_.slip_scanner  # the main window's ScanListener for slip QR codes
_.card_scanner  # the search field's ScanListener for ID card QR codes: kept alive by the panel, it watches the keys
_.name_statement  # desktop/core/finding/search.py: EXPLAIN in tests/core/finding and bench/search.py
_.data_type  # openpyxl reads a cell's data_type when it saves (desktop/documents/board_xlsx.py)
_.compute  # desktop/core/reports/tables.py: one table alone, what the tests recount and bench/report.py times
# The deadline board (desktop/core/cases/board.py) is filtered and counted in SQL; BoardFilter.keeps, board_officers
# and list_open_conclusions are the Python reading the tests recount it with (tests/core/cases/test_board*.py).
_.keeps
_.board_officers
_.list_open_conclusions
