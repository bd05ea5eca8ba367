"""argparse's own messages (English in the standard library) through our catalogue.

argparse looks its texts up through the module globals ``_`` and ``ngettext`` (``from gettext
import gettext as _, ngettext``) each time it builds a parser or reports misuse, so pointing them at
desktop.core.i18n translates them like our own strings. The texts people meet are listed here so
that ``make catalogue`` extracts them; the others (a programming error in a parser) stay English.
"usage: " stays as it is: the synopsis after it is the command's syntax, not a sentence.
"""

from __future__ import annotations

import argparse

from desktop.core.i18n import N_, _, ngettext

TEXTS = (
    N_("%(prog)s: error: %(message)s\n"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("unrecognized arguments: %s"),
    N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"),
    N_("not allowed with argument %s"),
    N_("ignored explicit argument %r"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("invalid %(type)s value: %(value)r"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("can't open '%(filename)s': %(error)s"),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
)


def translate_argparse() -> None:
    """Make argparse speak the current language (call before building the parsers)."""
    argparse._ = _  # type: ignore[attr-defined]
    argparse.ngettext = ngettext  # type: ignore[attr-defined]
