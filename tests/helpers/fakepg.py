"""A loopback stand-in for a PostgreSQL server that refuses every login in a chosen way."""

from __future__ import annotations

import socket
import struct
import threading

from tests.helpers.waiting import WAIT_S


class RefusingServer:
    """Answers SSLRequest with "no TLS" and every StartupMessage with a FATAL error."""

    def __init__(self, sqlstate: str, message: str) -> None:
        self._fields = b"".join(
            [
                b"S" + b"FATAL\x00",
                b"V" + b"FATAL\x00",
                b"C" + sqlstate.encode() + b"\x00",
                b"M" + message.encode() + b"\x00",
                b"\x00",
            ]
        )
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.2)
        self.port = self._listener.getsockname()[1]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self._listener.close()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                client, _ = self._listener.accept()
            except TimeoutError:
                continue
            with client:
                client.settimeout(WAIT_S)  # only against a client that never speaks
                self._answer(client)

    def _answer(self, client: socket.socket) -> None:
        try:
            while True:
                length = struct.unpack("!I", _read(client, 4))[0]
                body = _read(client, length - 4)
                if struct.unpack("!I", body[:4])[0] == 80877103:  # SSLRequest
                    client.sendall(b"N")
                    continue
                client.sendall(b"E" + struct.pack("!I", len(self._fields) + 4) + self._fields)
                return
        except (OSError, struct.error):
            return


def _read(client: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = client.recv(size - len(data))
        if not chunk:
            raise OSError("closed")
        data += chunk
    return data
