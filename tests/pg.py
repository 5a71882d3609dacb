"""A throwaway PostgreSQL cluster for the tests: initdb into a temp dir, a server on a free loopback
port (as user postgres when run as root: initdb refuses root), an emptied database per test, stopped
and removed at the end. Durability is off (fsync, synchronous commit): nothing here must survive
a crash of the machine, only of a client."""
from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from helpers import free_port


class Unavailable(Exception):
    """No PostgreSQL server can be run here; the message says why."""


def bindir() -> Path | None:
    """The server binaries: Debian's newest /usr/lib/postgresql/N/bin, else pg_ctl on the PATH."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parent.parent.name)
                   if p.parent.parent.name.isdigit() else 0)
    if found:
        return found[-1].parent
    pg_ctl = shutil.which("pg_ctl")
    return Path(pg_ctl).resolve().parent if pg_ctl and (Path(pg_ctl).resolve().parent / "initdb").exists() else None


@dataclass
class Cluster:
    dir: Path
    port: int
    bin: Path
    watchdog: subprocess.Popen | None = None

    def url(self, db: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{db}"

    def fresh_database(self) -> str:
        """The database "tests", emptied: other connections ended, schema public dropped and made
        again (~0.02 s; CREATE DATABASE took ~0.1 s). Its URL."""
        import psycopg
        with psycopg.connect(host="127.0.0.1", port=self.port, user="postgres", dbname="postgres", autocommit=True) as c:
            if not c.execute("SELECT 1 FROM pg_database WHERE datname = 'tests'").fetchone():
                c.execute("CREATE DATABASE tests")
            c.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = 'tests'")
        with psycopg.connect(host="127.0.0.1", port=self.port, user="postgres", dbname="tests", autocommit=True) as c:
            c.execute("DROP SCHEMA public CASCADE")
            c.execute("CREATE SCHEMA public")
        return self.url("tests")

    def stop(self) -> None:
        """Stop the server and remove its files; if it will not stop, say so (the watchdog tries again)."""
        _run(self._stop_cmd())
        shutil.rmtree(self.dir, ignore_errors=True)
        if self.watchdog is not None:
            self.watchdog.kill()
            self.watchdog.wait()

    def _stop_cmd(self) -> list[str]:
        return _as_postgres(self.bin / "pg_ctl", "-D", self.dir / "pg", "-w", "stop", "-m", "immediate")

    def watch(self) -> None:
        """Stop the server when this process dies without stopping it (killed, timed out): a shell
        in a session of its own polls this process once a second."""
        stop = " ".join(shlex.quote(a) for a in self._stop_cmd())
        script = f"while kill -0 {os.getpid()} 2>/dev/null; do sleep 1; done; {stop}; rm -rf {shlex.quote(str(self.dir))}"
        self.watchdog = subprocess.Popen(["sh", "-c", script], start_new_session=True,
                                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _as_postgres(*cmd) -> list[str]:
    args = [str(c) for c in cmd]
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


def _run(args: list[str], check: bool = True) -> subprocess.CompletedProcess:
    """Run a command built by _as_postgres; Unavailable when it fails (and `check`)."""
    p = subprocess.run(args, capture_output=True, text=True, timeout=60)
    if check and p.returncode != 0:
        raise Unavailable(f"{' '.join(args)} failed: {(p.stderr or p.stdout).strip()[-500:]}")
    return p


def start() -> Cluster:
    """initdb and start a server (~2 s); Unavailable when the binaries or the postgres user are missing."""
    bin_ = bindir()
    if bin_ is None:
        raise Unavailable("PostgreSQL server binaries not found (Debian: apt-get install postgresql; `make test` "
                          "does it as root)")
    if os.geteuid() == 0 and subprocess.run(["id", "postgres"], capture_output=True).returncode != 0:
        raise Unavailable("running as root, and there is no user postgres to run the server as")
    d = Path(tempfile.mkdtemp(prefix="trainer-pg-"))  # in /tmp: pytest's own temp dirs are root-only
    if os.geteuid() == 0:
        shutil.chown(d, "postgres")
    try:
        _run(_as_postgres(bin_ / "initdb", "-D", d / "pg", "-A", "trust", "-U", "postgres", "-N", "-E", "UTF8", "--locale=C"))
        for _ in range(3):  # a port taken between choosing and binding: choose again
            port = free_port()
            opts = (f"-p {port} -k {d} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off "
                    "-c full_page_writes=off -c max_connections=300")
            p = _run(_as_postgres(bin_ / "pg_ctl", "-D", d / "pg", "-o", opts, "-l", d / "log", "-w", "-t", "30", "start"),
                     check=False)
            if p.returncode == 0:
                cluster = Cluster(d, port, bin_)
                cluster.watch()
                return cluster
        log = (d / "log").read_text(errors="replace")[-800:] if (d / "log").exists() else p.stderr
        raise Unavailable(f"the PostgreSQL server did not start: {log.strip()}")
    except BaseException:
        shutil.rmtree(d, ignore_errors=True)
        raise
