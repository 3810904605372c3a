"""What `make explore` adds to Datasette, as a plugin registered when it starts (explore.serve).

- Only the local address answers: a request whose Host is not 127.0.0.1, localhost or [::1] is refused
  (a web page that points its own name at 127.0.0.1, "DNS rebinding", could otherwise read the server).
- The database served is the one on disk: when `make figures` has rebuilt output/referrals.db (a new file
  swapped in), the next request serves the new one, with its metadata, and the terminal says so.
- A bad `_sort` or `_sort_desc` (a column that does not exist) is a bad request, answered with Datasette's
  own 400 page, not an error of the server (Datasette 0.65 answers 500: simonw/datasette#1950).
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
from pathlib import Path

from datasette import hookimpl
from datasette.database import Database, connections
from datasette.views.base import DatasetteError

#: Host names that reach this server only from this machine.
LOCAL_HOSTS = ("127.0.0.1", "localhost", "[::1]")
#: Datasette's messages for a sort it cannot do (views/table.py), which it answers with a 500.
BAD_SORT = ("Cannot sort table by ", "Cannot use _sort and _sort_desc at the same time")


def host_name(host: str) -> str:
    """'localhost:8001' -> 'localhost'; '[::1]:8001' -> '[::1]'."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[: host.find("]") + 1]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def is_local(headers: list[tuple[bytes, bytes]]) -> bool:
    hosts = [value.decode("latin-1") for name, value in headers if name.lower() == b"host"]
    return len(hosts) == 1 and host_name(hosts[0]) in LOCAL_HOSTS


async def _refuse(send) -> None:
    body = b"Refused: this server answers only to 127.0.0.1 and localhost (make explore)\n"
    await send(
        {
            "type": "http.response.start",
            "status": 403,
            "headers": [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})


def _signature(path: Path) -> tuple[int, int, int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_ino, info.st_mtime_ns, info.st_size


class Reopened(Database):
    """A database file opened anew. Datasette keeps one connection per thread and database name, which would go on
    reading the replaced file: this one keeps its connections under a key of its own."""

    async def execute_fn(self, fn):
        if self.ds.executor is None:
            return await super().execute_fn(fn)
        key = f"{self.name}@{id(self)}"

        def in_thread():
            conn = getattr(connections, key, None)
            if not conn:
                conn = self.connect()
                self.ds._prepare_connection(conn, self.name)
                setattr(connections, key, conn)
            return fn(conn)

        return await asyncio.get_running_loop().run_in_executor(self.ds.executor, in_thread)


class Served:
    """The database file served under one name, and what it was when Datasette opened it."""

    def __init__(self, datasette, name: str):
        self.datasette, self.name = datasette, name
        self.path = Path(datasette.databases[name].path)
        self.metadata_path = self.path.with_name("metadata.json")
        self.signature = _signature(self.path)

    async def reload_if_rebuilt(self) -> None:
        """Open the file anew (new connections: the old ones still read the replaced file) and have Datasette
        read its tables again (it keeps them by schema version, which a rebuild may well repeat)."""
        now = _signature(self.path)
        if now is None or now == self.signature:
            return
        self.signature = now
        old = self.datasette.databases[self.name]
        self.datasette.remove_database(self.name)
        self.datasette.add_database(Reopened(self.datasette, path=str(self.path), is_mutable=False), name=self.name)
        old.close()  # the replaced file's connections (their thread slots are never read again)
        internal = self.datasette.databases.get("_internal")
        if internal is not None and getattr(self.datasette, "internal_db_created", False):
            await internal.execute_write("delete from databases where database_name = ?", [self.name])
        try:
            self.datasette._metadata_local = json.loads(self.metadata_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            pass  # the metadata as it was; the data itself is the new one
        print(f"reloaded {self.path.name}: it was rebuilt (make figures) while being served", file=sys.stderr)
        sys.stderr.flush()


@hookimpl
def asgi_wrapper(datasette):
    def wrap(app):
        served = [Served(datasette, name) for name, db in datasette.databases.items() if db.path]

        async def wrapped(scope, receive, send):
            if scope["type"] in ("http", "websocket"):
                if not is_local(scope.get("headers", [])):
                    await _refuse(send)
                    return
                for database in served:
                    await database.reload_if_rebuilt()
            await app(scope, receive, send)

        return wrapped

    return wrap


@hookimpl
def handle_exception(datasette, request, exception):
    """A sort Datasette cannot do is the request's fault: status 400, then Datasette's own error page renders it."""
    if isinstance(exception, DatasetteError) and str(exception.message).startswith(BAD_SORT):
        exception.status = 400
    return None
