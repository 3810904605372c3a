"""All-or-nothing output sets: each figure's files, the ledger and report, data/processed/ as a whole.

A set is written into a hidden staging folder (`.staging/` at the project root, git-ignored)
and swapped in only when it is complete: under the runner, only after the whole notebook
succeeded (the runner commits every set the notebook staged); elsewhere (plain papermill,
`make data`) as soon as the set itself is complete.

The swap is journaled. Before the first rename the list of renames and deletions is written
to `journal.json` (atomically, and synced): that is the commit point. A swap killed half-way
(SIGKILL) is completed at the start of the next build ("rolled forward"); a transaction that
never wrote its journal is discarded. SIGINT and SIGTERM wait until a swap is done. A readers'
view of a set is therefore old or new, never a mix, whenever no swap is running.

Locks (flock) keep concurrent processes apart: creating a transaction and sweeping the area
lock the project folder (shared, exclusive); the owner of a transaction holds its lock
shared for its whole life, a kernel writing into the runner's transaction holds it shared while
it writes, and recovery or discarding takes it exclusively, so nothing live is ever swept away.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import signal
import tempfile
import threading
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from .paths import project_root

#: Set by the runner: the transaction a notebook's kernel stages its sets into (committed by the runner).
STAGING_ENV = "REFERRALS_STAGING"
AREA = ".staging"
JOURNAL = "journal.json"
SETS = "sets.jsonl"
LOCK = "lock"
FILES = "files"
DEFERRED_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class StagingGone(RuntimeError):
    """The transaction was discarded (its runner stopped) while this process still wanted to write into it."""


def area(root: Path) -> Path:
    return root / AREA


@contextmanager
def _area_lock(root: Path, exclusive: bool) -> Iterator[None]:
    """Creating a transaction (shared) and sweeping the staging area (exclusive) never overlap.

    The lock is taken on the root folder itself, so no lock file is ever left in the project.
    """
    root.mkdir(parents=True, exist_ok=True)
    fd = os.open(root, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
        yield
    finally:
        os.close(fd)


@contextmanager
def deferred_signals(signals: Iterable[int] = DEFERRED_SIGNALS) -> Iterator[None]:
    """Hold SIGINT and SIGTERM until the block is done, then deliver them (a swap is never cut short).

    In the main thread the handlers are swapped for recorders; in another thread the signals are blocked.
    """
    signals = tuple(signals)
    if threading.current_thread() is not threading.main_thread():
        previous_mask = signal.pthread_sigmask(signal.SIG_BLOCK, signals)
        try:
            yield
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, previous_mask)
        return
    received: list[int] = []
    previous = {s: signal.signal(s, lambda number, frame: received.append(number)) for s in signals}
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler if handler is not None else signal.SIG_DFL)
        for number in dict.fromkeys(received):
            signal.raise_signal(number)


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_synced(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


class Transaction:
    """One staging folder: sets of files staged into it, then committed (swapped in) or discarded."""

    def __init__(self, path: Path, root: Path):
        self.path = path
        self.root = root
        self._lock = None
        self.staged: dict[Path, Path] = {}  # target -> staged copy, for sets this process staged

    # -- life cycle --------------------------------------------------------------------------
    @classmethod
    def create(cls, root: Path) -> Transaction:
        """A new, empty transaction owned (locked) by this process."""
        root = Path(root)
        with _area_lock(root, exclusive=False):
            area(root).mkdir(exist_ok=True)
            txn = cls(Path(tempfile.mkdtemp(prefix="txn-", dir=area(root))), root)
            txn._lock = open(txn.path / LOCK, "a+b")
            fcntl.flock(txn._lock, fcntl.LOCK_SH)
        return txn

    @classmethod
    def attach(cls, path: Path, root: Path) -> Transaction:
        """The runner's transaction, for a kernel to stage into (the runner commits it)."""
        return cls(Path(path), Path(root))

    def _target(self, rel: str) -> Path:
        return self.root / rel

    def _rel(self, target: Path) -> str:
        return Path(os.path.abspath(target)).relative_to(self.root).as_posix()

    # -- staging -----------------------------------------------------------------------------
    def stage(self, files: Mapping[Path, bytes], deletions: Iterable[Path] = ()) -> None:
        """Write one set into the transaction; it becomes part of the commit only once wholly written."""
        try:
            lock = open(self.path / LOCK, "a+b")
        except FileNotFoundError:
            raise StagingGone(f"staging folder {self.path} was discarded") from None
        with lock:
            fcntl.flock(lock, fcntl.LOCK_SH)
            if not (self.path / LOCK).exists():
                raise StagingGone(f"staging folder {self.path} was discarded")
            record = {"write": [], "delete": [self._rel(p) for p in deletions]}
            for target, data in files.items():
                rel = self._rel(target)
                staged = self.path / FILES / rel
                _write_synced(staged, data)
                self.staged[Path(os.path.abspath(target))] = staged
                record["write"].append(rel)
            with open(self.path / SETS, "a", encoding="utf-8") as fh:
                fh.write(json.dumps(record, sort_keys=True) + "\n")
                fh.flush()
                os.fsync(fh.fileno())

    def operations(self) -> dict[str, str | None]:
        """target -> staged file (relative to the transaction) or None to delete; the last set wins."""
        ops: dict[str, str | None] = {}
        sets = self.path / SETS
        if not sets.exists():
            return ops
        for line in sets.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            ops.update({rel: None for rel in record["delete"]})
            ops.update({rel: f"{FILES}/{rel}" for rel in record["write"]})
        return ops

    # -- commit and discard ------------------------------------------------------------------
    def commit(self) -> list[Path]:
        """Swap every staged set in, journaled and with SIGINT/SIGTERM deferred; return the files written."""
        ops = self.operations()
        with deferred_signals():
            _write_synced(self.path / f"{JOURNAL}.tmp", json.dumps(ops, sort_keys=True).encode())
            os.replace(self.path / f"{JOURNAL}.tmp", self.path / JOURNAL)
            _fsync_file(self.path)
            _apply(self.root, self.path, ops)
            self._remove()
        return [self._target(rel) for rel, staged in sorted(ops.items()) if staged]

    def discard(self) -> None:
        """Throw the transaction away, waiting for any kernel still writing into it (a no-op once gone)."""
        if self._lock is None:
            try:
                self._lock = open(self.path / LOCK, "a+b")
            except FileNotFoundError:
                return
        fcntl.flock(self._lock, fcntl.LOCK_EX)
        self._remove()

    def _remove(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)
        if self._lock is not None:
            self._lock.close()
            self._lock = None
        with _area_lock(self.root, exclusive=True):
            _remove_empty_area(self.root)


def _apply(root: Path, txn: Path, ops: Mapping[str, str | None]) -> None:
    """Rename each staged file over its target and delete what the sets dropped; safe to repeat."""
    for rel, staged in sorted(ops.items()):
        target = root / rel
        if staged is None:
            if target.is_file() or target.is_symlink():
                target.unlink()
            continue
        source = txn / staged
        if source.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(source, target)


def _remove_empty_area(root: Path) -> None:
    try:
        area(root).rmdir()
    except OSError:
        pass  # not empty (another transaction is live) or already gone


def recover(root: Path | None = None) -> list[str]:
    """Finish or discard every abandoned transaction: roll forward a journaled swap, discard the rest.

    Called at the start (and end) of every build; transactions whose owner is alive are left alone.
    Returns what it did, one line per transaction, for the build to report.
    """
    root = Path(root or project_root())
    if not area(root).is_dir():
        return []
    done = []
    with _area_lock(root, exclusive=True):
        for path in sorted(area(root).glob("txn-*")):
            outcome = _recover_one(root, path)
            if outcome:
                done.append(outcome)
        _remove_empty_area(root)
    return done


def _recover_one(root: Path, path: Path) -> str:
    try:
        lock = open(path / LOCK, "a+b")
    except OSError:
        shutil.rmtree(path, ignore_errors=True)  # died before it could lock: nothing was staged in it
        return f"discarded an unfinished staging folder ({path.name})"
    with lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return ""  # its owner is alive
        journal = path / JOURNAL
        if journal.exists():
            _apply(root, path, json.loads(journal.read_text(encoding="utf-8")))
            outcome = f"completed an interrupted swap ({path.name})"
        else:
            outcome = f"discarded the outputs of an interrupted build ({path.name})"
        shutil.rmtree(path, ignore_errors=True)
    return outcome


# -- what the writers call --------------------------------------------------------------------
_ATTACHED: dict[str, Transaction] = {}


def _root_for(targets: Iterable[Path]) -> Path:
    """The project root when every target lies inside it; else the targets' common folder (tests, tools)."""
    root = project_root()
    targets = [Path(os.path.abspath(t)) for t in targets]
    if all(root in t.parents for t in targets):
        return root
    return Path(os.path.commonpath([t.parent for t in targets]))


def write_set(files: Mapping[Path, bytes], deletions: Iterable[Path] = ()) -> list[Path]:
    """Write a set of files all or nothing; return their paths (where they are, or will be once committed).

    Under the runner the set joins the runner's transaction and appears when the notebook has
    succeeded; otherwise it is swapped in at once.
    """
    files = {Path(os.path.abspath(p)): data for p, data in files.items()}
    deletions = [Path(os.path.abspath(p)) for p in deletions if Path(os.path.abspath(p)) not in files]
    running = os.environ.get(STAGING_ENV)
    root = _root_for([*files, *deletions])
    if running and root == project_root():
        txn = _ATTACHED.setdefault(running, Transaction.attach(Path(running), root))
        txn.stage(files, deletions)
        return list(files)
    recover(root)
    txn = Transaction.create(root)
    try:
        txn.stage(files, deletions)
        txn.commit()
    finally:
        if txn.path.exists():
            txn.discard()
    return list(files)


def current(path: Path) -> Path:
    """Where to read a file this process wrote: its staged copy while the runner has not yet committed it."""
    absolute = Path(os.path.abspath(path))
    for txn in _ATTACHED.values():
        staged = txn.staged.get(absolute)
        if staged is not None and staged.exists():
            return staged
    return Path(path)
