"""Replacing outputs whole: the one way the project writes an output folder or file.

A reader of an output (figures/, data/processed/, output/fact-check/, output/forces/, site/,
output/referrals.db) finds the old version or the new one, never none and never a mix, whenever
the writer is stopped: a failure, Ctrl-C, SIGTERM or SIGKILL.

How. Everything new is written into a hidden staging folder (`.staging/` at the project root,
git-ignored), inside one *transaction*, and swapped in only when complete: under the runner, only
after the whole notebook succeeded (the runner commits what the notebook staged); elsewhere as soon
as the writer is done. At the commit each output folder is built anew beside the old one (hard links
to the files that do not change, the new files moved in) and exchanged with it in one step
(`renameat2(RENAME_EXCHANGE)` on Linux; two renames where the system has no such call). A file in a
folder that holds other outputs' folders (output/referrals.db in output/) is renamed over the old one,
itself one step.

- `write_set(files, deletions)`: some files of a folder (a figure's formats, the ledger's files): the
  folder is copied, changed and swapped in.
- `write_folder(folder, files)`: a folder's whole contents (data/processed/): what is not given goes.
- `replacing_folder(folder)`: a new, empty folder to build in (the site, the force pages); swapped in
  when the block ends without an error.
- `replacing_files(paths)`: new paths to write files at (the database and its metadata), as one set.
- `write_file(path, data)`: one file on its own (a manifest, a stamp), via a temporary file and a rename.

The commit is journaled. Before the first swap the list of swaps (each new folder named by its inode)
is written to `journal.json` (atomically, and synced): that is the commit point. A commit killed half-way
is completed at the start of the next build ("rolled forward"); a transaction that never wrote its
journal is discarded. SIGINT and SIGTERM wait until a commit is done.

Locks (flock) keep concurrent processes apart: creating a transaction takes the project folder's lock
shared; a commit, and recovery, take it exclusively (so two commits into one folder never interleave).
The owner of a transaction holds its own lock shared for its whole life, a kernel writing into the
runner's transaction holds it shared while it writes, and recovery or discarding takes it exclusively,
so nothing live is ever swept away.

For the kill tests, REFERRALS_KILL_AT=MOMENT (or MOMENT#N, the Nth time) makes the process SIGKILL
itself at a named moment of its build (`checkpoint`): "staged" (a commit's new folders built, no journal
yet), "journaled", "set aside" (between the two renames where there is no exchange), "swapped" (after
each swap), "committed"; the site and the force pages add "site page written" and "force page written".
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import json
import os
import shutil
import signal
import stat
import tempfile
import threading
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .paths import project_root

#: Set by the runner: the transaction a notebook's kernel stages its sets into (committed by the runner).
STAGING_ENV = "REFERRALS_STAGING"
#: Test hook: the named moment at which the process kills itself (see `checkpoint`).
KILL_AT_ENV = "REFERRALS_KILL_AT"
AREA = ".staging"
JOURNAL = "journal.json"
SETS = "sets.jsonl"
LOCK = "lock"
FILES = "files"
FOLDERS = "folders"
OLD = "old"
DEFERRED_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class StagingGone(RuntimeError):
    """The transaction was discarded (its runner stopped) while this process still wanted to write into it."""


_REACHED: dict[str, int] = {}


def checkpoint(moment: str) -> None:
    """A named moment of a build: the kill tests end the process here (REFERRALS_KILL_AT=moment, or moment#N)."""
    wanted = os.environ.get(KILL_AT_ENV, "")
    name, _, nth = wanted.partition("#")
    if name != moment:
        return
    _REACHED[moment] = _REACHED.get(moment, 0) + 1
    if _REACHED[moment] == int(nth or 1):
        os.kill(os.getpid(), signal.SIGKILL)


# -- files and folders, one step at a time -------------------------------------------------------


def _umask() -> int:
    """The process's umask, read without changing it (os.umask would, for a moment, for every thread)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except OSError:
        pass
    current = os.umask(0o022)
    os.umask(current)
    return current


def file_mode() -> int:
    """The one mode of every file the project writes: what the user's umask gives a new file."""
    return 0o666 & ~_umask()


def write_file(path: Path, data: bytes) -> None:
    """Write one file via a temporary file in the same folder and a rename: readers never see half a file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, file_mode())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def write_text(path: Path, text: str) -> None:
    write_file(path, text.encode("utf-8"))


def _fsync(path: Path) -> None:
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


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _renameat2():
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # not Linux, or a C library without it
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    function.restype = ctypes.c_int
    return function


_EXCHANGE = _renameat2()


def exchange(a: Path, b: Path) -> bool:
    """Swap two existing paths in one step (Linux renameat2); False where the system or file system cannot."""
    if _EXCHANGE is None:
        return False
    if _EXCHANGE(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.EPERM):
        return False
    raise OSError(code, os.strerror(code), str(a), None, str(b))


def _inode(path: Path) -> list[int] | None:
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return None
    return [info.st_dev, info.st_ino]


def _put(new: Path, target: Path, aside: Path) -> None:
    """Put the folder `new` where `target` is, in one step where the system can; the old one ends at `new`
    (exchanged) or at `aside` (two renames). Safe to repeat after a kill: recovery calls it again."""
    if os.path.lexists(target):
        if exchange(new, target):
            return
        aside.parent.mkdir(parents=True, exist_ok=True)
        os.rename(target, aside)
        checkpoint("set aside")
    target.parent.mkdir(parents=True, exist_ok=True)
    os.rename(new, target)


def _link_or_copy(source: str, dest: Path) -> None:
    try:
        os.link(source, dest, follow_symlinks=False)
    except OSError:
        shutil.copy2(source, dest, follow_symlinks=False)


# -- transactions --------------------------------------------------------------------------------


def area(root: Path) -> Path:
    return root / AREA


def check_writable(root: Path) -> None:
    """Raise the file system's own error now if the build could not stage its outputs (a read-only checkout, a
    folder its user may not write): before any kernel starts, with the message a failed write gets later."""
    staged = area(root)
    staged.mkdir(parents=True, exist_ok=True)
    fd, probe = tempfile.mkstemp(dir=staged, prefix="writable-")
    os.close(fd)
    os.unlink(probe)


@contextmanager
def _area_lock(root: Path, exclusive: bool) -> Iterator[None]:
    """Creating a transaction (shared) never overlaps a commit or a sweep of the staging area (exclusive).

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


@dataclass
class _Unit:
    """One output folder as the commit rebuilds it: from a copy of the old one, or from nothing."""

    folder: str
    whole: bool
    files: dict[str, str | None] = field(default_factory=dict)  # path in the folder -> staged file, None: delete


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

    def _rel(self, target: Path) -> str:
        return Path(os.path.abspath(target)).relative_to(self.root).as_posix()

    @contextmanager
    def _writing(self) -> Iterator[None]:
        """Hold the transaction's lock shared while writing into it, so that nobody discards it meanwhile."""
        try:
            lock = open(self.path / LOCK, "a+b")
        except FileNotFoundError:
            raise StagingGone(f"staging folder {self.path} was discarded") from None
        with lock:
            fcntl.flock(lock, fcntl.LOCK_SH)
            if not (self.path / LOCK).exists():
                raise StagingGone(f"staging folder {self.path} was discarded")
            yield

    def _record(self, record: dict) -> None:
        with open(self.path / SETS, "a", encoding="utf-8") as fh:
            fh.write(json.dumps(record, sort_keys=True) + "\n")
            fh.flush()
            os.fsync(fh.fileno())

    # -- staging -----------------------------------------------------------------------------
    def stage(self, files: Mapping[Path, bytes], deletions: Iterable[Path] = (), whole: Path | None = None) -> None:
        """Write one set into the transaction; it becomes part of the commit only once wholly written.

        With `whole`, the set is that folder's entire new contents (every file under it not given goes).
        """
        with self._writing():
            record = {"write": [], "delete": [self._rel(p) for p in deletions]}
            if whole is not None:
                record["whole"] = [self._rel(whole)]
            for target, data in files.items():
                rel = self._rel(target)
                staged = self.path / FILES / rel
                _write_synced(staged, data)
                self.staged[Path(os.path.abspath(target))] = staged
                record["write"].append(rel)
            self._record(record)

    def staging_path(self, target: Path) -> Path:
        """Where to build `target` (a file or a folder) in the transaction; `stage_built` then records it."""
        staged = self.path / FILES / self._rel(target)
        if os.path.lexists(staged):
            shutil.rmtree(staged) if staged.is_dir() and not staged.is_symlink() else staged.unlink()
        staged.parent.mkdir(parents=True, exist_ok=True)
        return staged

    def stage_built(self, targets: Iterable[Path], folder: Path | None = None) -> None:
        """Record files (or a whole folder, every file under it) built in place at their `staging_path`."""
        with self._writing():
            record = {"write": [], "delete": []}
            written = list(targets)
            if folder is not None:
                record["whole"] = [self._rel(folder)]
                base = self.path / FILES / self._rel(folder)
                written = [folder / p.relative_to(base) for p in sorted(base.rglob("*")) if not p.is_dir()]
            for target in written:
                rel = self._rel(target)
                staged = self.path / FILES / rel
                if not staged.exists():
                    raise FileNotFoundError(f"{staged}: nothing was built there")
                if not staged.is_symlink():
                    os.chmod(staged, file_mode())
                    _fsync(staged)
                self.staged[Path(os.path.abspath(target))] = staged
                record["write"].append(rel)
            self._record(record)

    def _records(self) -> list[dict]:
        sets = self.path / SETS
        if not sets.exists():
            return []
        return [json.loads(line) for line in sets.read_text(encoding="utf-8").splitlines()]

    # -- planning the commit ------------------------------------------------------------------
    def _plan(self) -> tuple[dict[str, _Unit], dict[str, str | None]]:
        """The folders to rebuild and swap, and the files to rename on their own (in folders of folders)."""
        files: dict[str, str | None] = {}
        wholes: list[str] = []
        for record in self._records():
            for folder in record.get("whole", []):
                wholes = [w for w in wholes if not _under(w, folder)] + [folder]
                files = {rel: s for rel, s in files.items() if not _under(rel, folder)}
            files.update({rel: None for rel in record["delete"]})
            files.update({rel: f"{FILES}/{rel}" for rel in record["write"]})
        units = {w: _Unit(w, whole=True) for w in wholes}
        singles: dict[str, str | None] = {}
        for rel, staged in sorted(files.items()):
            owner = next((w for w in wholes if _under(rel, w)), None)
            parent = owner or rel.rpartition("/")[0]
            if owner is None and not _swappable(self.root, parent):
                singles[rel] = staged
                continue
            units.setdefault(parent, _Unit(parent, whole=False)).files[rel] = staged
        return units, singles

    def _build(self, number: int, unit: _Unit) -> Path:
        """The unit's new folder in the transaction: the old one's files linked (unless whole), the set applied."""
        new = self.path / FOLDERS / str(number)
        new.mkdir(parents=True)
        old = self.root / unit.folder
        if old.is_dir():
            os.chmod(new, stat.S_IMODE(os.stat(old).st_mode))
            if not unit.whole:
                for entry in os.scandir(old):
                    _link_or_copy(entry.path, new / entry.name)
        for rel, staged in unit.files.items():
            dest = new / _inside(rel, unit.folder)
            if staged is None:
                if dest.is_file() or dest.is_symlink():
                    dest.unlink()
                continue
            dest.parent.mkdir(parents=True, exist_ok=True)
            os.replace(self.path / staged, dest)
        for folder in sorted({p for p in new.rglob("*") if p.is_dir()} | {new}, reverse=True):
            _fsync(folder)
        return new

    # -- commit and discard ------------------------------------------------------------------
    def commit(self) -> list[Path]:
        """Swap every staged set in, journaled and with SIGINT/SIGTERM deferred; return the files written."""
        with deferred_signals(), _area_lock(self.root, exclusive=True):
            units, singles = self._plan()
            steps = []
            for number, unit in enumerate(units.values()):
                new = self._build(number, unit)
                steps.append({"swap": unit.folder, "new": new.relative_to(self.path).as_posix(), "inode": _inode(new)})
            steps += [{"rename": rel, "staged": staged} for rel, staged in singles.items() if staged]
            steps += [{"delete": rel} for rel, staged in singles.items() if not staged]
            checkpoint("staged")
            _write_synced(self.path / f"{JOURNAL}.tmp", json.dumps({"steps": steps}, sort_keys=True).encode())
            os.replace(self.path / f"{JOURNAL}.tmp", self.path / JOURNAL)
            _fsync(self.path)
            checkpoint("journaled")
            _apply(self.root, self.path, steps)
            checkpoint("committed")
            shutil.rmtree(self.path, ignore_errors=True)
            _remove_empty_area(self.root)
        self._close()
        written = [rel for unit in units.values() for rel, staged in unit.files.items() if staged]
        written += [rel for rel, staged in singles.items() if staged]
        return [self.root / rel for rel in sorted(written)]

    def discard(self) -> None:
        """Throw the transaction away, waiting for any kernel still writing into it (a no-op once gone)."""
        if self._lock is None:
            try:
                self._lock = open(self.path / LOCK, "a+b")
            except FileNotFoundError:
                return
        fcntl.flock(self._lock, fcntl.LOCK_EX)
        shutil.rmtree(self.path, ignore_errors=True)
        self._close()
        with _area_lock(self.root, exclusive=True):
            _remove_empty_area(self.root)

    def _close(self) -> None:
        if self._lock is not None:
            self._lock.close()
            self._lock = None


def _under(rel: str, folder: str) -> bool:
    return rel == folder or rel.startswith(folder + "/")


def _inside(rel: str, folder: str) -> str:
    return rel[len(folder) + 1 :] if folder else rel


#: Folders that hold many outputs, written meanwhile by other processes: a set there renames its files.
SHARED_FOLDERS = ("", "output")


def _swappable(root: Path, folder: str) -> bool:
    """Whether a folder is rebuilt and swapped whole for a set of its files: not the root or output/, and no
    folder of folders (output/release/ holds other outputs' folders): in those, the set's files are renamed."""
    if folder in SHARED_FOLDERS:
        return False
    path = root / folder
    if not path.is_dir():
        return not path.exists()
    return not any(entry.is_dir(follow_symlinks=False) for entry in os.scandir(path))


def _apply(root: Path, txn: Path, steps: list[dict]) -> None:
    """Carry out a journal's steps; safe to repeat after a kill at any point (recovery does)."""
    for number, step in enumerate(steps):
        if "swap" in step:
            target, new = root / step["swap"], txn / step["new"]
            if _inode(target) != step["inode"] and _inode(new) == step["inode"]:
                _put(new, target, txn / OLD / str(number))
            if target.parent.is_dir():
                _fsync(target.parent)
        elif "rename" in step:
            source, target = txn / step["staged"], root / step["rename"]
            if source.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(source, target)
        elif os.path.lexists(root / step["delete"]) and not (root / step["delete"]).is_dir():
            (root / step["delete"]).unlink()
        checkpoint("swapped")


def _legacy_steps(journal: dict) -> list[dict]:
    """A journal left by the previous version of this module (target -> staged file, or None to delete)."""
    return [{"rename": rel, "staged": staged} if staged else {"delete": rel} for rel, staged in sorted(journal.items())]


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
            recorded = json.loads(journal.read_text(encoding="utf-8"))
            _apply(root, path, recorded["steps"] if "steps" in recorded else _legacy_steps(recorded))
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


@contextmanager
def _transaction(targets: Iterable[Path]) -> Iterator[Transaction]:
    """The runner's transaction when a kernel writes into the project; else a new one, committed when the
    block ends without an error and discarded otherwise."""
    root = _root_for(targets)
    running = os.environ.get(STAGING_ENV)
    if running and root == project_root():
        yield _ATTACHED.setdefault(running, Transaction.attach(Path(running), root))
        return
    recover(root)
    txn = Transaction.create(root)
    try:
        yield txn
        txn.commit()
    finally:
        if txn.path.exists():
            txn.discard()


def write_set(files: Mapping[Path, bytes], deletions: Iterable[Path] = ()) -> list[Path]:
    """Write a set of files all or nothing; return their paths (where they are, or will be once committed).

    Under the runner the set joins the runner's transaction and appears when the notebook has
    succeeded; otherwise it is swapped in at once.
    """
    files = {Path(os.path.abspath(p)): data for p, data in files.items()}
    deletions = [Path(os.path.abspath(p)) for p in deletions if Path(os.path.abspath(p)) not in files]
    with _transaction([*files, *deletions]) as txn:
        txn.stage(files, deletions)
    return list(files)


def write_folder(folder: Path, files: Mapping[Path, bytes]) -> list[Path]:
    """Replace a folder's whole contents with these files (paths inside it); return their paths."""
    folder = Path(os.path.abspath(folder))
    files = {Path(os.path.abspath(p)): data for p, data in files.items()}
    outside = [p for p in files if folder not in p.parents]
    if outside:
        raise ValueError(f"{outside[0]} is not inside {folder}")
    with _transaction([folder]) as txn:
        txn.stage(files, whole=folder)
    return list(files)


@contextmanager
def replacing_folder(folder: Path) -> Iterator[Path]:
    """A new, empty folder to build `folder`'s contents in; swapped in whole when the block ends without an
    error (or, under the runner, when the notebook has succeeded). Nothing changes if the block fails."""
    folder = Path(os.path.abspath(folder))
    with _transaction([folder]) as txn:
        staged = txn.staging_path(folder)
        staged.mkdir()
        yield staged
        txn.stage_built([], folder=folder)


@contextmanager
def replacing_files(paths: Iterable[Path]) -> Iterator[list[Path]]:
    """New paths to write files at (an SQLite database, built in place); each replaces its path when the
    block ends without an error, all of them as one set. Nothing changes if the block fails."""
    paths = [Path(os.path.abspath(p)) for p in paths]
    with _transaction(paths) as txn:
        yield [txn.staging_path(p) for p in paths]
        txn.stage_built(paths)


def current(path: Path) -> Path:
    """Where to read a file this process wrote: its staged copy while the runner has not yet committed it."""
    absolute = Path(os.path.abspath(path))
    for txn in _ATTACHED.values():
        staged = txn.staged.get(absolute)
        if staged is not None and staged.exists():
            return staged
    return Path(path)
