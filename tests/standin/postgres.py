"""A throwaway PostgreSQL cluster from the server binaries on this machine: a real server on
loopback, in its own temporary folder, gone when stopped.

Written here rather than taken from pytest-postgresql: that fixture runs ``pg_ctl`` as the
current user, and PostgreSQL refuses to run as root, which is how CI runs the tests
(dbfixtures/pytest-postgresql#455). This one runs the server as the ``postgres`` system user
when it is started by root. Benchmarks use it too, outside pytest.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

REQUIRE = "SONGBOT_REQUIRE_POSTGRES"  # set by .ci/run: a missing server fails, never skips
HOW_TO_GET = (
    "install PostgreSQL's server binaries (Debian: apt install postgresql-15; they need"
    " initdb and pg_ctl on PATH or in /usr/lib/postgresql/*/bin)"
)


class PostgresUnavailableError(RuntimeError):
    """No PostgreSQL server binaries here, or the cluster would not start."""


def binaries() -> Path | None:
    """The folder holding ``initdb`` and ``pg_ctl``, if there is one."""
    found = shutil.which("pg_ctl")
    if found and shutil.which("initdb"):
        return Path(found).resolve().parent
    for folder in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (folder / "pg_ctl").exists():
            return folder
    return None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class PostgresCluster:
    """``start()`` it, hand out :meth:`url`s, ``stop()`` it."""

    def __init__(self) -> None:
        self.port = 0
        self._root: Path | None = None
        self._bin: Path | None = None
        self._user: str | None = "postgres" if os.geteuid() == 0 else None

    def start(self) -> None:
        self._bin = binaries()
        if self._bin is None:
            raise PostgresUnavailableError(f"no PostgreSQL here: {HOW_TO_GET}")
        # /tmp, not pytest's tmp_path: the server's user must be able to reach the folder.
        self._root = Path(tempfile.mkdtemp(prefix="songbot-pg-"))
        if self._user is not None:
            account = pwd.getpwnam(self._user)
            os.chown(self._root, account.pw_uid, account.pw_gid)
        self.port = _free_port()
        data = self._root / "data"
        self._run("initdb", "-D", str(data), "-A", "trust", "-U", "songbot", "-E", "UTF8",
                  "--no-sync", "--no-instructions")  # fmt: skip
        self.resume()

    # Faults, for the tests and benchmarks of a database outage: the server restarted (as for
    # an upgrade: ``-m fast`` ends every session), or stopped for a while and started again.

    def restart(self) -> None:
        """``pg_ctl restart -m fast``, as two steps: its own restart would leave the server
        writing to this process's pipes (no ``-l``), which then never close."""
        self.pause()
        self.resume()

    def pause(self) -> None:
        """Stop the server (until :meth:`resume`): every connection to it is refused."""
        self._run("pg_ctl", "-D", str(self._data), "-m", "fast", "-w", "-t", "60", "stop")

    def resume(self) -> None:
        """Start the server (again), on the same port."""
        root = self._data.parent
        options = (
            f"-p {self.port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off"
            " -c synchronous_commit=off -c full_page_writes=off -c max_connections=400"
        )
        self._run("pg_ctl", "-D", str(self._data), "-l", str(root / "server.log"), "-w",
                  "-t", "60", "-o", options, "start")  # fmt: skip

    @property
    def _data(self) -> Path:
        if self._root is None:
            raise PostgresUnavailableError("the cluster is not started")
        return self._root / "data"

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://songbot@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str, *, template: str | None = None) -> str:
        """A new empty (or copied) database: its URL."""
        copy = f" TEMPLATE {template}" if template else ""
        self.psql(f'CREATE DATABASE "{name}"{copy}')
        return self.url(name)

    def psql(self, sql: str, database: str = "postgres") -> str:
        """Run SQL with the server's own client (no driver needed): what it printed."""
        if self._bin is None:
            raise PostgresUnavailableError("the cluster is not started")
        psql = self._bin / "psql"
        program = str(psql) if psql.exists() else (shutil.which("psql") or "psql")
        done = subprocess.run(  # noqa: S603 - our own arguments
            [program, "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", self.url(database),
             "-c", sql],
            capture_output=True, text=True, check=False, timeout=60,
        )  # fmt: skip
        if done.returncode != 0:
            raise PostgresUnavailableError(f"psql failed: {done.stderr.strip()}")
        return done.stdout

    def stop(self) -> None:
        if self._root is None:
            return
        with contextlib.suppress(PostgresUnavailableError):
            self._run("pg_ctl", "-D", str(self._root / "data"), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self._root, ignore_errors=True)
        self._root = None

    def _run(self, program: str, *args: str) -> None:
        if self._bin is None:  # pragma: no cover - start() sets it first
            raise PostgresUnavailableError("no PostgreSQL binaries")
        done = subprocess.run(  # noqa: S603 - our own arguments
            [str(self._bin / program), *args], capture_output=True, text=True, check=False,
            user=self._user, cwd=self._root, timeout=120,
        )  # fmt: skip
        if done.returncode != 0:
            log = self._root / "server.log" if self._root else None
            tail = log.read_text()[-2000:] if log and log.exists() else ""
            raise PostgresUnavailableError(
                f"{program} failed ({done.returncode}): {done.stderr.strip()} {tail}".strip()
            )


@contextlib.contextmanager
def running_cluster() -> Iterator[PostgresCluster]:
    cluster = PostgresCluster()
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.stop()
