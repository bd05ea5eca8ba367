"""Every local-setting key the application uses is declared in desktop.core.settings_keys."""

from __future__ import annotations

import ast
from pathlib import Path

from desktop.core.database import Database
from desktop.core.office import get_setting, set_setting
from desktop.core.settings_keys import Setting

DESKTOP = Path(__file__).resolve().parents[2] / "desktop"
ACCESSORS = {"get_setting", "set_setting"}


def _called_name(call: ast.Call) -> str:
    function = call.func
    if isinstance(function, ast.Attribute):
        return function.attr
    return function.id if isinstance(function, ast.Name) else ""


def _literal_keys(path: Path) -> list[str]:
    """``get_setting(session, "...")`` calls and ``LocalSetting.key == "..."`` comparisons in one file."""
    return [
        f"{path.relative_to(DESKTOP)}:{node.lineno}"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if _is_setting_call(node) or _is_key_comparison(node)
    ]


def _is_setting_call(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Call)
        and _called_name(node) in ACCESSORS
        and len(node.args) >= 2
        and isinstance(node.args[1], ast.Constant)
    )


def _is_key_comparison(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Compare)
        and ast.unparse(node.left) == "LocalSetting.key"
        and any(isinstance(right, ast.Constant) for right in node.comparators)
    )


def test_no_setting_key_is_spelled_out_in_the_code() -> None:
    spelled = [where for path in sorted(DESKTOP.rglob("*.py")) for where in _literal_keys(path)]
    assert spelled == [], "use desktop.core.settings_keys.Setting for these keys"


def test_keys_keep_the_names_stored_in_existing_databases() -> None:
    assert {key.name: key.value for key in Setting} == {
        "DESK_CODE": "desk_code",
        "RECEPTIONIST": "receptionist_name",
        "MODE": "mode",
        "SERVER": "server",
        "SYNC_CURSOR": "sync_cursor",
        "LAST_SYNC": "last_sync_at",
        "OFFLINE_SINCE": "offline_since",
        "INSTALL_ID": "install_id",
        "SLIP_LAYOUT": "slip_layout",
        "BACKUP_KEEP": "backup_keep",
        "BACKUP_ENCRYPTED": "backup_encrypted",
        "PROLONGED_AFTER": "prolonged_after_days",
        "REPEAT_WINDOW_MONTHS": "repeat_window_months",
        "AUDIT_CHAIN": "audit_chain",
        "IDLE_LOCK_MINUTES": "idle_lock_minutes",
        "RETENTION_DAYS": "change_log_retention_days",
        "PRUNED_THROUGH": "change_log_pruned_through",
    }


def test_a_key_reads_back_what_was_written(database: Database) -> None:
    with database.sessions.begin() as session:
        assert get_setting(session, Setting.SLIP_LAYOUT) == ""
        set_setting(session, Setting.SLIP_LAYOUT, "thermal")
    with database.sessions() as session:
        assert get_setting(session, Setting.SLIP_LAYOUT) == "thermal"
