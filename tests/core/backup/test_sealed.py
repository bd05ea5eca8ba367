"""The encrypted backup format: a round trip, and every way a file can be wrong is refused in its own words."""

from __future__ import annotations

import io
import os
import struct

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.core.backup import sealed
from desktop.core.errors import AppError
from tests.core.backup.conftest import CHEAP, PASSPHRASE

META = {"kind": "sqlite", "schema": "0005"}
CHUNK = 64  # small chunks: a few hundred bytes of data make many records


def _seal(data: bytes, passphrase: str = PASSPHRASE) -> bytes:
    target = io.BytesIO()
    sealed.seal(io.BytesIO(data), target, passphrase, META, cost=CHEAP, chunk_size=CHUNK)
    return target.getvalue()


def _unseal(blob: bytes, passphrase: str = PASSPHRASE) -> tuple[bytes, dict[str, object]]:
    target = io.BytesIO()
    opened = sealed.unseal(io.BytesIO(blob), target, passphrase=passphrase)
    return target.getvalue(), opened.meta


@given(st.binary(max_size=700))
def test_round_trip_of_any_data(data: bytes) -> None:
    assert _unseal(_seal(data)) == (data, META)


def test_the_header_says_what_it_takes_to_read_it() -> None:
    blob = _seal(b"x" * 200)
    header = sealed._parse_header(blob[: sealed._HEADER.size])
    assert blob.startswith(b"TDBACKUP\x01\x01")
    assert (header.version, header.cost, header.chunk_size) == (1, CHEAP, CHUNK)
    assert len(header.salt) == 16
    assert _seal(b"x")[:45] != _seal(b"x")[:45]  # a new salt and nonce every time


def test_default_cost_is_enough_work() -> None:
    assert (sealed.Cost().log2_n, sealed.Cost().r, sealed.Cost().p) == (17, 8, 1)  # 128 MiB, OWASP's minimum


def test_the_passphrase_is_read_in_nfc() -> None:
    nfd = "Ma\u0323\u0302t kha\u0302\u0309u sao lu\u031bu 2026"
    assert _unseal(_seal(b"data", PASSPHRASE), nfd)[0] == b"data"


def test_wrong_passphrase() -> None:
    with pytest.raises(sealed.WrongPassphraseError):
        _unseal(_seal(b"data" * 50), "another passphrase")


def test_a_short_new_passphrase_is_refused() -> None:
    with pytest.raises(AppError, match="8"):
        _seal(b"data", "short")


@pytest.mark.parametrize("keep", [0, 5, 44, 45, 60, 200, -1])
def test_a_file_cut_short_anywhere_is_refused(keep: int) -> None:
    blob = _seal(os.urandom(300))
    cut = blob[:keep] if keep >= 0 else blob[:-1]
    with pytest.raises(sealed.BackupFileError) as caught:
        _unseal(cut)
    if keep >= len(sealed.MAGIC):
        assert isinstance(caught.value, sealed.TruncatedBackupError | sealed.DamagedBackupError)


def test_dropping_the_last_records_is_refused_as_truncation() -> None:
    """Cut exactly at a record boundary: each record left decrypts, but no record says it is the last."""
    blob = _seal(os.urandom(300))
    offset = sealed._HEADER.size + sealed._HEADER.unpack(blob[: sealed._HEADER.size])[-1]
    boundaries = []
    while offset < len(blob):
        _flag, length = struct.unpack(">BI", blob[offset : offset + 5])
        offset += 5 + length
        boundaries.append(offset)
    assert len(boundaries) == 5
    with pytest.raises(sealed.TruncatedBackupError):
        _unseal(blob[: boundaries[2]])


def test_swapped_records_are_refused() -> None:
    blob = _seal(os.urandom(4 * CHUNK))
    start = sealed._HEADER.size + sealed._HEADER.unpack(blob[: sealed._HEADER.size])[-1]
    size = 5 + CHUNK + 16
    first, second = blob[start : start + size], blob[start + size : start + 2 * size]
    with pytest.raises(sealed.DamagedBackupError):
        _unseal(blob[:start] + second + first + blob[start + 2 * size :])


def test_data_after_the_last_record_is_refused() -> None:
    with pytest.raises(sealed.DamagedBackupError):
        _unseal(_seal(b"data") + b"\x00")


@given(st.data())
def test_a_flipped_bit_anywhere_is_refused(data: st.DataObject) -> None:
    blob = bytearray(_seal(b"personal data " * 20))
    where = data.draw(st.integers(0, len(blob) - 1))
    blob[where] ^= 1 << data.draw(st.integers(0, 7))
    with pytest.raises(sealed.BackupFileError):
        _unseal(bytes(blob))


def test_not_a_backup() -> None:
    with pytest.raises(sealed.NotABackupError):
        _unseal(b"%PDF-1.7 not a backup at all, " * 3)


def test_a_newer_format_is_named() -> None:
    blob = bytearray(_seal(b"data"))
    blob[8] = 2
    with pytest.raises(sealed.BackupFileError, match="2"):
        _unseal(bytes(blob))


def test_a_large_input_is_read_and_written_a_chunk_at_a_time() -> None:
    """Reads of the source never ask for more than one chunk: memory does not grow with the database."""

    class Source(io.BytesIO):
        largest = 0

        def read(self, size: int | None = -1) -> bytes:
            Source.largest = max(Source.largest, size or 0)
            return super().read(size)

    target = io.BytesIO()
    sealed.seal(Source(os.urandom(10_000)), target, PASSPHRASE, META, cost=CHEAP, chunk_size=1000)
    assert Source.largest == 1000
    assert len(_unseal(target.getvalue())[0]) == 10_000
