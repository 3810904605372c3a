"""Errors a user can cause (bad data, bad parameters, bad claims) and how they are shown.

A user error is one readable message and a non-zero exit, never a traceback;
tracebacks are kept for real bugs, or shown on request with REFERRALS_DEBUG=1.
Ctrl-C (or SIGTERM) says "interrupted" and exits 130 (143); a reader that goes
away (`| head -1`) silences the output without stopping the work.
"""

from __future__ import annotations

import functools
import os
import signal
import sys

EXIT_USER_ERROR = 2
#: Set by the runner for each notebook it runs: the kernel writes a user error there as
#: {"kind": ..., "message": ...}, so the runner learns what failed without reading error text.
ERROR_FILE_ENV = "REFERRALS_ERROR_FILE"


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


class Interrupted(BaseException):
    """A termination signal (SIGTERM), raised like KeyboardInterrupt so the same clean-up runs."""

    def __init__(self, signum: int = signal.SIGTERM):
        super().__init__(signum)
        self.signum = signum


def say(line: str, stream=None) -> None:
    """Print one line and flush it; if the reader has gone (`| head -1`), go on silently."""
    stream = stream or sys.stdout
    try:
        stream.write(line + "\n")
        stream.flush()
    except BrokenPipeError:
        _silence(stream)


def _silence(stream) -> None:
    """Point a stream whose reader has gone at /dev/null, so that no later write or exit-time flush fails."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, stream.fileno())
    finally:
        os.close(devnull)


def run_cli(main):
    """Wrap a command-line entry point: user errors become one message and exit 2, an interrupt
    says so and exits 128 + the signal, a closed pipe silences the output; never a traceback."""

    @functools.wraps(main)
    def wrapper(*args, **kwargs):
        try:
            return main(*args, **kwargs)
        except UserError as exc:
            if os.environ.get("REFERRALS_DEBUG"):
                raise
            say(f"{exc.kind}: {exc}", sys.stderr)
            sys.exit(EXIT_USER_ERROR)
        except KeyboardInterrupt:
            say("interrupted; no output was changed by the unfinished work", sys.stderr)
            sys.exit(128 + signal.SIGINT)
        except Interrupted as exc:
            say(
                f"interrupted ({signal.Signals(exc.signum).name}); no output was changed by the unfinished work",
                sys.stderr,
            )
            sys.exit(128 + exc.signum)
        except BrokenPipeError:
            _silence(sys.stdout)
            sys.exit(0)

    return wrapper
