"""Backups of an office server's PostgreSQL database: pg_dump -Fc, sealed the same way as a desk's.

The dump streams from pg_dump's output into the encryption, a chunk at a time. When the server
URL names a schema (``options=-csearch_path=NAME``, as when offices share one server), only that
schema is dumped and restored; else the whole database. A restore runs pg_restore --clean in a
single transaction: it is all done or, on the first error, nothing is. The database itself is
never dropped or created.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DBAPIError

from db import migrations
from db.session import make_engine
from desktop.core.backup import sealed
from desktop.core.backup.common import (
    POSTGRESQL,
    BackupDone,
    Restored,
    RestoreRefusedError,
    check_schema,
    kind_of_file,
    make_meta,
    stamp,
    unseal_into,
    unused,
    write_sealed,
)
from desktop.core.errors import AppError, StorageError, first_line
from desktop.core.i18n import _
from desktop.core.private_files import create_private_file, open_private

_SEARCH_PATH = re.compile(r"search_path\s*=\s*([A-Za-z_][A-Za-z0-9_$]*)")
_NO_SCHEMA = "no matching schemas were found"


@dataclass(frozen=True)
class Server:
    """The server as libpq tools take it: the address without its password, which goes in PGPASSWORD."""

    url: URL
    password: str | None
    schema: str | None

    @classmethod
    def of(cls, url: str) -> Server:
        parsed = make_url(url)
        password = parsed.password or _stored_password(url)
        options = str(parsed.query.get("options", ""))
        match = _SEARCH_PATH.search(options)
        return cls(url=parsed.set(password=password), password=password, schema=match.group(1) if match else None)

    @property
    def conninfo(self) -> str:
        return self.url.set(drivername="postgresql", password=None).render_as_string(hide_password=False)

    @property
    def display(self) -> str:
        return self.url.render_as_string(hide_password=True)

    @property
    def label(self) -> str:
        """A file-name part: the database and, if one, its schema."""
        return "-".join(part for part in (self.url.database or "postgres", self.schema) if part)

    def environment(self) -> dict[str, str]:
        env = {**os.environ}
        if self.password:
            env["PGPASSWORD"] = self.password  # never on the command line: other accounts see the process list
        return env

    def revision(self) -> str | None:
        engine = make_engine(self.url.render_as_string(hide_password=False))
        try:
            return migrations.current_revision(engine)
        except DBAPIError as exc:
            raise StorageError(
                _("The server {server} cannot be reached: {detail}").format(server=self.display, detail=first_line(exc))
            ) from exc
        finally:
            engine.dispose()


def back_up(url: str, output: Path, passphrase: str, *, work: Path, moment: dt.datetime) -> BackupDone:
    """pg_dump the server's database (or schema) into an encrypted ``output``, then check it reads back."""
    server = Server.of(url)
    schema = server.revision()
    errors = work / "pg_dump.err"
    meta = make_meta(POSTGRESQL, schema, moment, pg_schema=server.schema)

    def verify(key: bytes, part: Path) -> None:
        _check_dump_exit(dump, errors)
        restored = work / "verify.dump"
        unseal_into(part, restored, key=key)
        if _archive_revision(restored, work) != schema:
            raise sealed.DamagedBackupError(_("The backup just written does not read back the same: try again."))
        restored.unlink()

    with open_private(errors, "wb") as stderr:
        dump = _start(_dump_command(server), server, stdout=subprocess.PIPE, stderr=stderr)
        assert dump.stdout is not None
        try:
            size = write_sealed(output, dump.stdout, passphrase, meta, verify=verify)
        finally:
            dump.stdout.close()
            dump.wait()
    return BackupDone(path=output, location=server.display, kind=POSTGRESQL, schema=schema, size=size, encrypted=True)


def restore(
    source: Path, url: str, passphrase: str | None, *, work: Path, data_dir: Path, moment: dt.datetime
) -> Restored:
    """Restore a server backup into the database (or schema) ``url`` names, once it passed its checks.

    What was there is first dumped, plain and 0600, to the data folder as
    ``<database>[-<schema>].before-restore-YYYYmmdd-HHMMSS.dump``.
    """
    server = Server.of(url)
    staged, meta = _stage(source, passphrase, work)
    if meta is not None and meta.get("pg_schema") != server.schema:
        raise RestoreRefusedError(
            _("This backup holds the schema {backup} and cannot be restored into {target}.").format(
                backup=meta.get("pg_schema") or _("(whole database)"), target=server.schema or _("(whole database)")
            )
        )
    schema = check_schema(_archive_revision(staged, work))
    kept = _keep_current(server, unused(data_dir / f"{server.label}.before-restore-{stamp(moment)}.dump"), work)
    command = [_tool("pg_restore"), "--clean", "--if-exists", "--single-transaction", "--exit-on-error"]
    try:
        _run([*command, "--no-password", f"--dbname={server.conninfo}", str(staged)], server, work)
    except StorageError as exc:
        raise StorageError(
            _("{reason} Nothing was changed: the restore is one transaction.").format(reason=exc)
        ) from exc
    created = meta.get("created") if meta else None
    created = created if isinstance(created, str) else None
    return Restored(location=server.display, source=source, kind=POSTGRESQL, schema=schema, created=created, kept=kept)


def _stage(source: Path, passphrase: str | None, work: Path) -> tuple[Path, dict[str, object] | None]:
    kind = kind_of_file(source)
    if kind == "pg_dump":
        return source, None
    if kind != "sealed":
        raise RestoreRefusedError(
            _("This backup holds a desk's database (SQLite): restore it without --db, or with --db sqlite:///FILE.")
        )
    assert passphrase is not None, "a sealed backup needs its passphrase"
    staged = work / "restore.dump"
    meta = unseal_into(source, staged, passphrase=passphrase)
    if meta.get("kind") != POSTGRESQL:
        raise RestoreRefusedError(
            _("This backup holds a desk's database (SQLite): restore it without --db, or with --db sqlite:///FILE.")
        )
    return staged, meta


def _keep_current(server: Server, kept: Path, work: Path) -> Path | None:
    """Dump what the restore will replace; None when there is nothing (the schema does not exist yet)."""
    errors = work / "keep.err"
    with open_private(kept, "wb") as target, open_private(errors, "wb") as stderr:
        dump = _start(_dump_command(server), server, stdout=target, stderr=stderr)
        dump.wait()
    if dump.returncode == 0:
        return kept
    kept.unlink(missing_ok=True)
    if _NO_SCHEMA in errors.read_text(encoding="utf-8", errors="replace"):
        return None
    raise _tool_failure("pg_dump", errors)


def _archive_revision(dump: Path, work: Path) -> str | None:
    """The alembic revision stored in a custom-format dump (pg_restore reads it back: the archive is sound)."""
    listing = _run([_tool("pg_restore"), "--list", str(dump)], None, work)
    if "alembic_version" not in listing:
        return None
    data = _run([_tool("pg_restore"), "--data-only", "--table=alembic_version", "--file=-", str(dump)], None, work)
    match = re.search(
        r"^COPY [^\n]*alembic_version[^\n]*FROM stdin;\n(.*?)\n\\\.", data, flags=re.MULTILINE | re.DOTALL
    )
    if match is None:
        return None
    rows = [line.strip() for line in match.group(1).splitlines() if line.strip()]
    return rows[0] if rows else None


def _dump_command(server: Server) -> list[str]:
    schema = ["--schema", server.schema] if server.schema else []
    return [_tool("pg_dump"), "--format=custom", "--no-password", f"--dbname={server.conninfo}", *schema]


def _start(
    command: list[str], server: Server, *, stdout: int | IO[bytes], stderr: IO[bytes]
) -> subprocess.Popen[bytes]:
    return subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=stdout, stderr=stderr, env=server.environment())


def _run(command: list[str], server: Server | None, work: Path) -> str:
    """Run a libpq tool to its end; its output, or a StorageError with the first line of its complaint."""
    errors = work / "tool.err"
    create_private_file(errors)
    with open_private(errors, "wb") as stderr:
        result = subprocess.run(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=stderr,
            env=server.environment() if server else None,
            check=False,
        )
    if result.returncode != 0:
        raise _tool_failure(Path(command[0]).name, errors)
    return result.stdout.decode("utf-8", errors="replace")


def _check_dump_exit(dump: subprocess.Popen[bytes], errors: Path) -> None:
    """pg_dump has written everything: it must also have ended well (a failed dump is a short, valid stream)."""
    if dump.wait() != 0:
        raise _tool_failure("pg_dump", errors)


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise AppError(
            _(
                "{tool} is not installed: on Debian or Ubuntu, install it with apt-get install postgresql-client."
            ).format(tool=name)
        )
    return found


def _tool_failure(tool: str, errors: Path) -> StorageError:
    lines = [line for line in errors.read_text(encoding="utf-8", errors="replace").splitlines() if line.strip()]
    return StorageError(_("{tool} failed: {detail}").format(tool=tool, detail=lines[0] if lines else "?"))


def _stored_password(url: str) -> str | None:
    """The server's password from TIEPDAN_SERVER_PASSWORD or the OS keyring, as the desk's sync finds it."""
    from desktop.core.office_mode.server import parse_address, stored_password

    try:
        address, _password = parse_address(url)
    except AppError:
        return None
    return stored_password(address)
