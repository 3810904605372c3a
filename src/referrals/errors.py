"""Errors a user can cause (bad data, bad parameters, bad claims) and how they are shown.

A user error is one readable message and a non-zero exit, never a traceback;
tracebacks are kept for real bugs, or shown on request with REFERRALS_DEBUG=1.
Ctrl-C (or SIGTERM) says "interrupted" and exits 130 (143); a reader that goes
away (`| head -1`) silences the output without stopping the work.
"""

from __future__ import annotations

import codecs
import errno
import functools
import os
import signal
import sys

EXIT_USER_ERROR = 2
#: What the file system can refuse, and what a user reads instead of a traceback ({path}: the file, as seen from the
#: current folder). The build writes only into the project folder, and replaces an output only when it is complete.
_WHERE = "the build writes its outputs (figures/, data/processed/, output/, site/) into the project folder"
ENVIRONMENT_ERRORS = {
    errno.EROFS: "cannot write {path}: the file system is read-only; " + _WHERE + ": run it in a writable copy of "
    "the project (a fresh git clone, for example)",
    errno.EACCES: "cannot use {path}: permission denied; " + _WHERE + ": run it as the folder's owner, or in a "
    "writable copy of the project",
    errno.ENOSPC: "cannot write {path}: no space left on the device; free some and build again (no output was "
    "changed: outputs are replaced only when complete)",
    errno.EDQUOT: "cannot write {path}: over your disk quota; free some space and build again (no output was "
    "changed: outputs are replaced only when complete)",
}
ENVIRONMENT_ERRORS[errno.EPERM] = ENVIRONMENT_ERRORS[errno.EACCES]
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


def environment_message(exc: OSError) -> str | None:
    """The message for a file system's refusal (read-only, no permission, full), or None for any other error."""
    template = ENVIRONMENT_ERRORS.get(exc.errno)
    if template is None:
        return None
    path = exc.filename
    if path is None:
        shown = "a file"
    else:
        path = os.fsdecode(path)
        inside = os.path.relpath(path) if os.path.isabs(path) else path
        shown = inside if not inside.startswith("..") else path
    return template.format(path=shown)


_REPLACED: list[int] = []


def _replace_and_count(error: UnicodeEncodeError) -> tuple[str, int]:
    _REPLACED.append(error.end - error.start)
    return "?" * (error.end - error.start), error.end


codecs.register_error("referrals-replace", _replace_and_count)


def fit_terminal(streams=None) -> None:
    """Let a terminal that cannot show every character (PYTHONIOENCODING=ascii, a C locale) show '?' for those,
    instead of ending the command with a UnicodeEncodeError; `run_cli` then says so once."""
    for stream in streams or (sys.stdout, sys.stderr):
        encoding = getattr(stream, "encoding", None) or "utf-8"
        try:
            "\u2019\u2264\u00a3\u2212".encode(encoding)
        except UnicodeEncodeError:
            if hasattr(stream, "reconfigure"):
                stream.reconfigure(errors="referrals-replace")
        except LookupError:
            pass


def _terminal_note() -> None:
    if _REPLACED:
        encoding = getattr(sys.stdout, "encoding", "")
        count = sum(_REPLACED)
        _REPLACED.clear()
        say(
            f"note: this terminal's encoding ({encoding}) cannot show {count} character(s) of the output, shown as "
            "'?'; set PYTHONIOENCODING=utf-8 or a UTF-8 locale (LANG=C.UTF-8) to see them",
            sys.stderr,
        )


def run_cli(main):
    """Wrap a command-line entry point: user errors, and a file system that refuses a write (read-only, no
    permission, full), become one message and exit 2; an interrupt says so and exits 128 + the signal; a closed
    pipe silences the output; a terminal that cannot show a character shows '?'; never a traceback."""

    @functools.wraps(main)
    def wrapper(*args, **kwargs):
        fit_terminal()
        try:
            return main(*args, **kwargs)
        except UserError as exc:
            if os.environ.get("REFERRALS_DEBUG"):
                raise
            say(f"{exc.kind}: {exc}", sys.stderr)
            sys.exit(EXIT_USER_ERROR)
        except BrokenPipeError:
            _silence(sys.stdout)
            sys.exit(0)
        except OSError as exc:
            message = environment_message(exc)
            if message is None or os.environ.get("REFERRALS_DEBUG"):
                raise
            say(f"error: {message}", sys.stderr)
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
        finally:
            _terminal_note()

    return wrapper
