"""Workarounds for defects of the Qt binding that the GUI must survive (applied on import of desktop.ui)."""

from __future__ import annotations

import ctypes
import sys

# Far more releases than a desk makes in years (PySide6 drops about one per call, see below).
REFERENCE_RESERVE = 1 << 48


def protect_singletons() -> bool:
    """Give None, True and False a huge reserve of references, as Python 3.12+ does (PEP 683).

    WORKAROUND: PySide6 6.12.0 releases one reference to None that it never took on every call
    of a void method from Python (``QLineEdit.setText``), on every None converted from an
    invalid QVariant (``QComboBox.currentData``, a model's ``data()`` returning None) and one to
    True on every ``Signal.emit()``. On Python 3.11 these objects are ordinary: None starts
    with about 5,000 references, so after a few thousand calls the interpreter aborts with
    "Fatal Python error: none_dealloc" (measured 2026-11-27, CPython 3.11.7). From Python 3.12
    they are immortal and the stray releases are harmless; remove this once we run there or
    PySide6 is fixed (docs/platform.md#reference-counts-of-none-and-true). Returns True when the
    reserve was added.
    """
    if sys.version_info >= (3, 12) or hasattr(sys, "gettotalrefcount"):
        return False  # immortal already; or a debug build, whose object header differs
    for singleton in (None, True, False):
        # ob_refcnt is the first field of every object in a release build of CPython 3.11.
        ctypes.c_ssize_t.from_address(id(singleton)).value += REFERENCE_RESERVE
    return True
