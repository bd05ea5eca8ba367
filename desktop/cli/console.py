"""Output of the command line: Vietnamese sentences for people, one JSON document for scripts."""

from __future__ import annotations

import json
import sys
from typing import Any, TextIO


class Console:
    """Writes messages to stdout/stderr; in JSON mode, prints exactly one JSON document."""

    def __init__(self, *, json_mode: bool = False, out: TextIO | None = None, err: TextIO | None = None) -> None:
        self.json_mode = json_mode
        self._out = out or sys.stdout
        self._err = err or sys.stderr

    def emit(self, data: Any, text: str | None = None) -> None:
        """The result: ``data`` as JSON in JSON mode, else ``text`` (if given)."""
        if self.json_mode:
            print(json.dumps(data, ensure_ascii=False, indent=2, default=str), file=self._out)
        elif text is not None:
            print(text, file=self._out)

    def error(self, message: str) -> None:
        if self.json_mode:
            print(json.dumps({"error": message}, ensure_ascii=False), file=self._out)
        print(message, file=self._err)
