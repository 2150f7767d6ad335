"""`make bench`, the job worker: memory and send rate of `flask jobs worker`.

Makes a temporary SQLite database with EMAILS learners, each with an email waiting (a module
assigned to their team, by the app's own code), starts the worker against a local SMTP server
(aiosmtpd, in this process), lets it send them all, and reports its peak resident
memory (VmHWM) against a baseline measured in the same run: a bare process that imports the app
and creates it. Also the send rate, from the worker saying it runs to the last email received.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.mailbox import smtp_server  # noqa: E402
from tests.server.workers import FLASK, Worker, emails_waiting  # noqa: E402

BASELINE = ("from courseware import create_app; create_app(); "
            "print(open('/proc/self/status').read())")


def peak_kb(status: str) -> int:
    """VmHWM (peak resident memory) in kB from a /proc/PID/status text."""
    line = next(line for line in status.splitlines() if line.startswith("VmHWM:"))
    return int(line.split()[1])


def baseline_kb(env: dict) -> int:
    """The peak memory of a process that only imports and creates the app."""
    result = subprocess.run([sys.executable, "-c", BASELINE], cwd=ROOT, env=env,
                            capture_output=True, text=True, check=True)
    return peak_kb(result.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--emails", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        database = f"sqlite:///{tmp / 'bench.sqlite'}"
        env = os.environ | {"DATABASE_URL": database, "SECRET_KEY": "bench",
                            "PUBLIC_URL": "http://cpd.example.org",
                            "JOBS_SQLITE_FILE": str(tmp / "jobs.sqlite")}
        subprocess.run([str(FLASK), "--app", "app", "db", "upgrade"], cwd=ROOT, env=env,
                       check=True, capture_output=True)
        emails_waiting(database, tmp, args.emails)
        floor = baseline_kb(env)
        with smtp_server() as (inbox, port):
            worker = Worker(database, port, tmp / "worker.log",
                            JOBS_SQLITE_FILE=env["JOBS_SQLITE_FILE"]).ready()
            started = time.monotonic()
            try:
                inbox.wait(args.emails, timeout=600)
                seconds = time.monotonic() - started
                peak = peak_kb(Path(f"/proc/{worker.process.pid}/status").read_text())
            finally:
                worker.stop()
            sent = len(inbox.messages)
    print(f"job worker: {sent} of {args.emails} emails sent in {seconds:.1f} s "
          f"({sent / seconds:.0f} a second, SQLite, one SMTP connection each)")
    print(f"job worker peak memory: {peak / 1024:.0f} MB; a bare process that creates the app: "
          f"{floor / 1024:.0f} MB; ratio {peak / floor:.2f}")


if __name__ == "__main__":
    main()
