"""Errors a user can cause (bad data, bad parameters, bad claims) and how they are shown.

A user error is one readable message and a non-zero exit, never a traceback;
tracebacks are kept for real bugs, or shown on request with REFERRALS_DEBUG=1.
"""

from __future__ import annotations

import functools
import os
import sys

EXIT_USER_ERROR = 2


class UserError(Exception):
    """Base for every error caused by input rather than by a bug."""

    kind = "error"

    def __init__(self, message: str, problems: list[str] | None = None):
        super().__init__(message)
        self.message = message
        self.problems = list(problems or [])

    def __str__(self) -> str:
        if not self.problems:
            return self.message
        shown = self.problems[:25]
        lines = [self.message] + [f"  - {p}" for p in shown]
        if len(self.problems) > len(shown):
            lines.append(f"  ... and {len(self.problems) - len(shown)} more")
        return "\n".join(lines)


class DataError(UserError):
    """A raw table, vocabulary or FOI release that is malformed or inconsistent."""

    kind = "data error"


class ManifestError(DataError):
    """A raw file that does not match its recorded checksum."""

    kind = "raw data check failed"


class ParameterError(UserError):
    """A notebook or runner parameter with an unknown name or a bad value."""

    kind = "parameter error"


class SettingError(UserError):
    """An environment variable (REFERRALS_ROOT, REFERRALS_JOBS) or command-line option that cannot work."""

    kind = "setting error"


class ClaimsError(UserError):
    """A claims file that is malformed or refers to something that does not exist."""

    kind = "claims error"


def run_cli(main):
    """Wrap a command-line entry point: user errors become one message and exit 2."""

    @functools.wraps(main)
    def wrapper(*args, **kwargs):
        try:
            return main(*args, **kwargs)
        except UserError as exc:
            if os.environ.get("REFERRALS_DEBUG"):
                raise
            print(f"{exc.kind}: {exc}", file=sys.stderr)
            sys.exit(EXIT_USER_ERROR)

    return wrapper
