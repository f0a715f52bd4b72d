"""argparse's own words ("usage:", "options", "show this help message and exit", its error
messages) in the app's language.

argparse looks its words up through `gettext.gettext`, bound at import as the module's `_`,
which reads the process-wide gettext domain rather than coopdesk's catalogues and would leave
them English in an Indonesian command line. `install` points those lookups at coopdesk's
catalogue, which follows `set_language`; words it does not know come back unchanged.
"""

from __future__ import annotations

import argparse

from coopdesk.i18n import N_, _, ngettext

#: The words argparse asks for when it prints help or refuses a command line (Python 3.11+),
#: listed so the catalogue extraction finds them.
ARGPARSE_WORDS = (
    N_("usage: "), N_("options"), N_("positional arguments"),
    N_("show this help message and exit"), N_("show program's version number and exit"),
    N_("the following arguments are required: %s"), N_("unrecognized arguments: %s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("argument %(argument_name)s: %(message)s"), N_("invalid %(type)s value: %(value)r"),
    N_("expected one argument"), N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("not allowed with argument %s"), N_("one of the arguments %s is required"),
    N_("ignored explicit argument %r"), N_("can't open '%(filename)s': %(error)s"),
)


def install() -> None:
    argparse._ = _  # type: ignore[attr-defined]
    argparse.ngettext = ngettext  # type: ignore[attr-defined]
