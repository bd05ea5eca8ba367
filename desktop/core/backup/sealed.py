"""The encrypted backup file: a small versioned header, then the data in authenticated chunks.

Layout (all integers big-endian)::

    header   magic "TDBACKUP", format version (1), KDF id (1 = scrypt), log2 N, r, p,
             salt (16 bytes), nonce prefix (8 bytes), chunk size (u32), metadata length (u32)
    metadata JSON (what was backed up, its schema revision, when), AES-256-GCM
    records  flag (u8: 0 more, 1 last), length (u32), AES-256-GCM ciphertext of one chunk

The key comes from the passphrase through scrypt with the header's salt and cost, so a new
backup never reuses a key. A chunk's nonce is the prefix and the chunk's index; its associated
data is the whole header, its index and its flag, so a changed header, a changed, swapped or
dropped chunk, and a file cut short (no record flagged last) all fail to decrypt. The metadata
is decrypted first: when it fails, the passphrase is wrong (or the header damaged), which is told
apart from a damaged chunk further on. Data is read and written a chunk at a time, so a large
database never needs twice its size in memory.
"""

from __future__ import annotations

import json
import os
import secrets
import struct
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from desktop.core.errors import AppError
from desktop.core.i18n import _

MAGIC = b"TDBACKUP"
FORMAT_VERSION = 1
KDF_SCRYPT = 1
CHUNK_SIZE = 1 << 20
MIN_PASSPHRASE = 8
_HEADER = struct.Struct(">8sBBBBB16s8sII")
_RECORD = struct.Struct(">BI")
_CHUNK_AAD = struct.Struct(">IB")
_META_INDEX = 0xFFFFFFFF  # the metadata's nonce; chunks count from 0 and stop before it
_MORE, _LAST = 0, 1
_TAG = 16
# Bounds on what a header may ask for: a crafted file must not make the desk allocate gigabytes.
_MAX_SCRYPT_MEMORY, _MAX_P = 1 << 30, 4
_MAX_CHUNK = 64 << 20
_MAX_META = 1 << 16


class BackupFileError(AppError):
    """The backup file cannot be used: not a backup, wrong passphrase, cut short or damaged."""


class NotABackupError(BackupFileError):
    pass


class WrongPassphraseError(BackupFileError):
    pass


class TruncatedBackupError(BackupFileError):
    pass


class DamagedBackupError(BackupFileError):
    pass


@dataclass(frozen=True)
class Cost:
    """scrypt's cost: N = 2**log2_n, r, p. The default takes 128 MiB and about a second."""

    log2_n: int = 17
    r: int = 8
    p: int = 1


DEFAULT_COST = Cost()


@dataclass(frozen=True)
class Header:
    version: int
    cost: Cost
    salt: bytes
    nonce_prefix: bytes
    chunk_size: int
    meta_length: int

    def pack(self) -> bytes:
        return _HEADER.pack(
            MAGIC,
            self.version,
            KDF_SCRYPT,
            self.cost.log2_n,
            self.cost.r,
            self.cost.p,
            self.salt,
            self.nonce_prefix,
            self.chunk_size,
            self.meta_length,
        )


def derive_key(passphrase: str, salt: bytes, cost: Cost) -> bytes:
    """The 256-bit key of ``passphrase`` (NFC, UTF-8: the same words typed on any keyboard give one key)."""
    data = unicodedata.normalize("NFC", passphrase).encode("utf-8")
    return Scrypt(salt=salt, length=32, n=2**cost.log2_n, r=cost.r, p=cost.p).derive(data)


def check_new_passphrase(passphrase: str) -> None:
    if len(passphrase) < MIN_PASSPHRASE:
        raise AppError(
            _("The backup passphrase must have at least {n} characters: a short one is guessed quickly.").format(
                n=MIN_PASSPHRASE
            )
        )


def seal(
    source: IO[bytes],
    target: IO[bytes],
    passphrase: str,
    meta: dict[str, Any],
    *,
    cost: Cost | None = None,
    chunk_size: int | None = None,
) -> bytes:
    """Encrypt everything ``source`` gives into ``target``; returns the key (to verify without scrypt again)."""
    check_new_passphrase(passphrase)
    cost, chunk_size = cost or DEFAULT_COST, chunk_size or CHUNK_SIZE
    meta_plain = json.dumps(meta, ensure_ascii=False, sort_keys=True).encode("utf-8")
    header = Header(
        version=FORMAT_VERSION,
        cost=cost,
        salt=secrets.token_bytes(16),
        nonce_prefix=secrets.token_bytes(8),
        chunk_size=chunk_size,
        meta_length=len(meta_plain) + _TAG,
    )
    key = derive_key(passphrase, header.salt, cost)
    aead, packed = AESGCM(key), header.pack()
    target.write(packed)
    target.write(aead.encrypt(_nonce(header, _META_INDEX), meta_plain, packed))
    index, chunk = 0, _read_full(source, chunk_size)
    while True:
        following = _read_full(source, chunk_size) if len(chunk) == chunk_size else b""
        flag = _MORE if following else _LAST
        if index >= _META_INDEX:
            raise AppError(_("The database is too large for one backup file."))
        sealed = aead.encrypt(_nonce(header, index), chunk, packed + _CHUNK_AAD.pack(index, flag))
        target.write(_RECORD.pack(flag, len(sealed)))
        target.write(sealed)
        if flag == _LAST:
            return key
        index, chunk = index + 1, following


@dataclass(frozen=True)
class Opened:
    """A backup file whose header and metadata were read with the right key."""

    header: Header
    meta: dict[str, Any]
    key: bytes


def open_sealed(source: IO[bytes], *, passphrase: str | None = None, key: bytes | None = None) -> Opened:
    """Read the header and the metadata; raises WrongPassphraseError when they do not decrypt."""
    packed = _read_full(source, _HEADER.size)
    header = _parse_header(packed)
    if key is None:
        assert passphrase is not None, "a passphrase or a key"
        key = derive_key(passphrase, header.salt, header.cost)
    sealed_meta = _read_full(source, header.meta_length)
    if len(sealed_meta) < header.meta_length:
        raise _truncated()
    try:
        meta_plain = AESGCM(key).decrypt(_nonce(header, _META_INDEX), sealed_meta, packed)
    except InvalidTag as exc:
        raise WrongPassphraseError(
            _("The passphrase is wrong, or the backup file's header is damaged: it cannot be decrypted.")
        ) from exc
    return Opened(header=header, meta=json.loads(meta_plain.decode("utf-8")), key=key)


def chunks(source: IO[bytes], opened: Opened) -> Iterator[bytes]:
    """The plaintext, a chunk at a time, each checked before it is given; ``source`` is past the metadata."""
    header, aead, packed = opened.header, AESGCM(opened.key), opened.header.pack()
    for index in range(_META_INDEX):
        record = _read_full(source, _RECORD.size)
        if len(record) < _RECORD.size:
            raise _truncated()
        flag, length = _RECORD.unpack(record)
        if flag not in (_MORE, _LAST) or length > header.chunk_size + _TAG:
            raise _damaged(index)
        sealed = _read_full(source, length)
        if len(sealed) < length:
            raise _truncated()
        try:
            yield aead.decrypt(_nonce(header, index), sealed, packed + _CHUNK_AAD.pack(index, flag))
        except InvalidTag as exc:
            raise _damaged(index) from exc
        if flag == _LAST:
            if source.read(1):
                raise _damaged(index + 1)
            return
    raise _damaged(_META_INDEX)


def unseal(
    source: IO[bytes], target: IO[bytes] | None, *, passphrase: str | None = None, key: bytes | None = None
) -> Opened:
    """Decrypt a whole backup into ``target`` (None: only check it); raises a BackupFileError."""
    opened = open_sealed(source, passphrase=passphrase, key=key)
    for chunk in chunks(source, opened):
        if target is not None:
            target.write(chunk)
    return opened


def _parse_header(packed: bytes) -> Header:
    if len(packed) < len(MAGIC) or packed[: len(MAGIC)] != MAGIC:
        raise NotABackupError(_("This file is not a TiepDan backup."))
    if len(packed) < _HEADER.size:
        raise _truncated()
    _magic, version, kdf, log2_n, r, p, salt, prefix, chunk_size, meta_length = _HEADER.unpack(packed)
    if version != FORMAT_VERSION or kdf != KDF_SCRYPT:
        raise BackupFileError(
            _(
                "This backup was written by a newer TiepDan (backup format {version}): update TiepDan to read it."
            ).format(version=version)
        )
    if not (min(log2_n, r, p) >= 1 and p <= _MAX_P and 128 * r * 2**log2_n <= _MAX_SCRYPT_MEMORY):
        raise WrongPassphraseError(
            _("The passphrase is wrong, or the backup file's header is damaged: it cannot be decrypted.")
        )
    if not (0 < chunk_size <= _MAX_CHUNK and _TAG <= meta_length <= _MAX_META):
        raise DamagedBackupError(_("The backup file is damaged or was altered: its header does not hold together."))
    return Header(version, Cost(log2_n, r, p), salt, prefix, chunk_size, meta_length)


def _nonce(header: Header, index: int) -> bytes:
    return header.nonce_prefix + index.to_bytes(4, "big")


def _read_full(source: IO[bytes], size: int) -> bytes:
    """Up to ``size`` bytes: fewer only at the end (a pipe may give less at a time)."""
    parts, missing = [], size
    while missing:
        part = source.read(missing)
        if not part:
            break
        parts.append(part)
        missing -= len(part)
    return b"".join(parts)


def _truncated() -> TruncatedBackupError:
    return TruncatedBackupError(
        _("The backup file is incomplete: it ends before its last part (was it copied only in part?).")
    )


def _damaged(index: int) -> DamagedBackupError:
    return DamagedBackupError(
        _("The backup file is damaged or was altered: part {n} fails its check.").format(n=index + 1)
    )


def fsync_file(handle: IO[bytes]) -> None:
    handle.flush()
    os.fsync(handle.fileno())
