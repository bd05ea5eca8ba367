"""Every key of this desk's local settings (LocalSetting rows), declared once.

Local settings are the desk's own configuration: they never travel to the server or to other
desks. Read and write them with ``desktop.core.office.get_setting``/``set_setting``; the values
are stored as text, "" when unset. The key strings are stored in existing databases: never
rename one. Retired keys, never to be reused: "report_cutoff_day" (moved to the office row by
migration 0023_report_cutoff).
"""

from __future__ import annotations

import enum


@enum.unique
class Setting(enum.StrEnum):
    DESK_CODE = "desk_code"  # this desk's code (D01), the prefix of every serial it issues
    RECEPTIONIST = "receptionist_name"  # who sits at this desk: named on slips and as the actor of case events
    MODE = "mode"  # OFFICE_MODE once the desk joined an office server, "" for a desk working alone
    SERVER = "server"  # the office server's URL without its password (that one is in the OS keyring)
    SYNC_CURSOR = "sync_cursor"  # the number of the last server change pulled, "0" from a new server's start
    LAST_SYNC = "last_sync_at"  # ISO time of the last complete sync
    OFFLINE_SINCE = "offline_since"  # ISO time the server was first found unreachable, "" while online
    INSTALL_ID = "install_id"  # random id of this installation, made once: proves a desk code is ours
    SLIP_LAYOUT = "slip_layout"  # "thermal" when slips go to an 80 mm receipt printer, else "a4"
    IDLE_LOCK_MINUTES = "idle_lock_minutes"  # the GUI locks after this many idle minutes, "" for the default (10)
    BACKUP_KEEP = "backup_keep"  # how many automatic backups the data folder keeps, "" for the default (7)
    BACKUP_ENCRYPTED = "backup_encrypted"  # "1" once a passphrase was set: automatic backups are never plain then
    PROLONGED_AFTER = "prolonged_after_days"  # days past its time limit after which a matter is prolonged, "" for 30
    REPEAT_WINDOW_MONTHS = "repeat_window_months"  # how far back a repeat visit is looked for, "" for 12
    AUDIT_CHAIN = "audit_chain"  # "D01:<uuid>": the audit chain this desk appends to, new when the desk code changes
    # The office server's own settings (its local_setting table), read by every desk:
    RETENTION_DAYS = "change_log_retention_days"  # days the change log keeps what every desk pulled, "" for 90
    PRUNED_THROUGH = "change_log_pruned_through"  # the highest change number pruned (a desk below it needs a snapshot)


OFFICE_MODE = "office"  # the value of Setting.MODE on an office-mode desk
