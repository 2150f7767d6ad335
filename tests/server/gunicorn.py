"""Start the real app under gunicorn in a subprocess, and talk to it as a browser would."""

import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """A gunicorn master with its workers, serving the app on a loopback port."""

    def __init__(self, database_url: str, workers: int = 2, threads: int = 4,
                 app_spec: str = "app:app", **env):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        environment = os.environ | {
            "DATABASE_URL": database_url,
            "SECRET_KEY": "server-test-secret",
            "PUBLIC_URL": self.url,  # as in production, which refuses to start without it
            "GUNICORN_BIND": f"127.0.0.1:{self.port}",
            "GUNICORN_WORKERS": str(workers),
            "GUNICORN_THREADS": str(threads),
            "GUNICORN_ACCESSLOG": "",
        } | env
        self.process = subprocess.Popen(
            [str(GUNICORN), "-c", "gunicorn.conf.py", app_spec], cwd=ROOT, env=environment,
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )
        self.wait_until_ready()

    def wait_until_ready(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(self.process.stderr.read().decode()[-3000:])
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("gunicorn did not start in time")

    def workers(self) -> list[int]:
        """The worker process ids."""
        children = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == self.process.pid:
                children.append(int(stat.parent.name))
        return children

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.stderr_text = self.process.stderr.read().decode(errors="replace")  # what it logged
        self.process.stderr.close()


class Browser:
    """A cookie-keeping HTTP client that fills in CSRF tokens like a browser submitting forms.

    With a `log` list, every answered request appends (method, path, status, seconds) to it.
    """

    def __init__(self, base: str, log: list | None = None, headers: dict | None = None):
        self.base = base
        self.log = log
        self.headers = headers or {}  # sent with every request (X-Forwarded-For, say)
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect())

    def get(self, path: str) -> tuple[int, str, str]:
        return self._open(urllib.request.Request(self.base + path))

    def post(self, path: str, data: list, token_from: str = "", page: str = "") \
            -> tuple[int, str, str]:
        """Submit a form, with the CSRF token from `page` or else from the page at `token_from`."""
        if not page:
            status, _, page = self.get(token_from)
        token = CSRF.search(page).group(1)
        body = urllib.parse.urlencode([("csrf_token", token), *data]).encode()
        return self._open(urllib.request.Request(self.base + path, data=body, method="POST"))

    def _open(self, request) -> tuple[int, str, str]:
        for name, value in self.headers.items():
            request.add_header(name, value)
        started = time.monotonic()
        try:
            with self.opener.open(request, timeout=30) as response:
                answer = response.status, "", response.read().decode()
        except urllib.error.HTTPError as error:
            answer = error.code, error.headers.get("Location", ""), error.read().decode()
        if self.log is not None:
            path = request.full_url[len(self.base):]
            self.log.append((request.get_method(), path, answer[0], time.monotonic() - started))
        return answer


class NoRedirect(urllib.request.HTTPRedirectHandler):
    """Hand redirects back to the caller, as the test client does."""

    def redirect_request(self, *args, **kwargs):
        return None
