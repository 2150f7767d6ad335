"""A PostgreSQL cluster of the test's own (initdb and pg_ctl in a temporary directory, on its own
port), so that a test can stop the database for real and start it again."""

import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

import flask_migrate


def _server_programs() -> Path:
    """The folder holding initdb, pg_ctl and psql: on PATH, else where Debian puts them."""
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent
    for folder in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (folder / "initdb").exists():
            return folder
    raise RuntimeError("initdb and pg_ctl are missing: install the postgresql package")


class Cluster:
    """A throwaway PostgreSQL cluster: trust authentication, one database named test."""

    def __init__(self, port: int):
        self.bin = _server_programs()
        self.port = port
        self.directory = Path(tempfile.mkdtemp(prefix="pg-cluster-"))
        self.data = self.directory / "data"
        # PostgreSQL refuses to run as root: run it as the postgres user when we are root.
        self.user = "postgres" if os.geteuid() == 0 else None
        if self.user:
            os.chown(self.directory, pwd.getpwnam(self.user).pw_uid, -1)
        self.run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync",
                 "-E", "UTF8")
        self.start()
        self.run("psql", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "-q",
                 "-c", "CREATE DATABASE test")
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{port}/test"

    def run(self, program: str, *arguments: str) -> None:
        prefix = ["runuser", "-u", self.user, "--"] if self.user else []
        subprocess.run(prefix + [str(self.bin / program), *arguments], check=True,
                       cwd=self.directory, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def start(self) -> None:
        """Start the server and wait until it accepts connections."""
        self.run("pg_ctl", "-D", str(self.data), "-l", str(self.directory / "log"), "-w",
                 "-o", f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 "
                       "-c fsync=off", "start")

    def stop(self) -> None:
        """Stop the server at once: every connection is cut, as in a crash or a failover."""
        self.run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")

    def migrate(self, tmp_path: Path) -> str:
        """Bring the schema up to date; the database's URL."""
        from courseware.extensions import db
        from tests.conftest import ROOT, make_app

        app = make_app(self.url, tmp_path)
        with app.app_context():
            flask_migrate.upgrade(directory=str(ROOT / "migrations"))
            db.engine.dispose()
        return self.url

    def remove(self) -> None:
        """Stop the server if it runs, and delete its files."""
        subprocess.run((["runuser", "-u", self.user, "--"] if self.user else [])
                       + ["pg_ctl", "-D", str(self.data), "-m", "immediate", "stop"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        shutil.rmtree(self.directory, ignore_errors=True)
