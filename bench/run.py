"""`make bench`: our pages under gunicorn against the floor of this stack, in one run.

Prints requests per second, p50 and p95 latency, and the ratio to the floor (a bare Flask app
returning the same bytes as our lesson page, served with the same gunicorn settings), for the
lesson page, a quiz submission, the catalogue, a manager dashboard and a certificate PDF; then the
time to import 200 generated modules, resident memory per worker, and SQL queries per page.
Loopback only; every load run is bounded in time.
"""

import argparse
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.server.gunicorn import Browser, Server  # noqa: E402

BIN = Path(sys.executable).parent
TARGETS = {"lesson page": 0.6, "quiz submission": 0.4, "catalogue": 0.5}
MODULE = "social-media-for-technophobes"


def flask(env: dict, *args: str, stdin: str | None = None) -> str:
    """Run a flask command against the bench database; return its output."""
    result = subprocess.run([str(BIN / "flask"), "--app", "app", *args], cwd=ROOT, env=env,
                            input=stdin, capture_output=True, text=True, check=True)
    return result.stdout


def wrk(url: str, seconds: int, connections: int, method="GET", body="", cookie="") -> dict:
    """Drive one URL with wrk for a fixed time; return its JSON summary."""
    env = os.environ | {"BENCH_METHOD": method, "BENCH_BODY": body, "BENCH_COOKIE": cookie}
    out = subprocess.run(
        ["wrk", f"-t{min(2, connections)}", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s",
         "-s", str(ROOT / "bench" / "report.lua"), url],
        env=env, capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def rss_mb(server: Server) -> list[float]:
    """Resident memory of each worker, in MB."""
    sizes = []
    for pid in server.workers():
        status = Path(f"/proc/{pid}/status").read_text()
        kb = int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1))
        sizes.append(round(kb / 1024, 1))
    return sizes


def cookie_of(browser: Browser) -> str:
    jar = browser.opener.handlers
    for handler in jar:
        if hasattr(handler, "cookiejar"):
            return "; ".join(f"{c.name}={c.value}" for c in handler.cookiejar)
    return ""


def quiz_answers(page: str) -> str:
    """A form body answering every question on a quiz page: the first choice offered, or a
    word where the question asks for typing."""
    answers = {}
    for tag in re.findall(r"<input [^>]*>", page):
        name = re.search(r'name="(q-[^"]+)"', tag)
        if name and name.group(1) not in answers:
            kind = re.search(r'type="([^"]+)"', tag).group(1)
            value = re.search(r'value="([^"]*)"', tag)
            answers[name.group(1)] = "hashtag" if kind == "text" else value.group(1)
    return urllib.parse.urlencode(answers)


def generate_modules(folder: Path, count: int) -> None:
    """Copies of a shipped module under new ids, as separate packages."""
    source = ROOT / "modules" / MODULE
    for n in range(count):
        target = folder / f"generated-{n:03d}"
        shutil.copytree(source, target)
        text = (target / "module.yaml").read_text()
        text = text.replace(f"id: {MODULE}", f"id: generated-{n:03d}", 1)
        (target / "module.yaml").write_text(text.replace("title: ", f"title: No. {n} ", 1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--learners", type=int, default=10000)
    parser.add_argument("--database", default=os.environ.get("BENCH_DATABASE_URL", ""))
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: apt-get install -y wrk (make bench does this)")

    work = Path(tempfile.mkdtemp(prefix="courseware-bench-"))
    database = args.database or f"sqlite:///{work / 'bench.sqlite'}"
    # The bench's own commands and in-process counts run as on a developer's machine (any
    # host, links to localhost); the gunicorn servers it starts are given their PUBLIC_URL.
    os.environ.update(DATABASE_URL=database, SECRET_KEY=secrets.token_hex(16),
                      COURSEWARE_ENV="development")
    env = os.environ | {"DATABASE_URL": database,
                        "LOGIN_LIMIT_PER_ADDRESS": "100000 per minute",
                        "LOGIN_LIMIT_PER_ACCOUNT": "100000 per minute",
                        "LOGIN_LIMIT_PER_ACCOUNT_AND_ADDRESS": "100000 per minute",
                        "CERTIFICATE_PDF_LIMIT": "1000000 per minute"}
    print(f"database: {database.split('@')[-1]}   load: wrk, {args.connections} connections, "
          f"{args.seconds} s per page   gunicorn: {args.workers} workers x {args.threads} threads")
    flask(env, "db", "upgrade")
    demo = flask(env, "demo")
    password = re.search(r"new each time this runs: (\S+)", demo).group(1)
    if "--learners" in flask(env, "demo", "--help"):
        started = time.monotonic()
        flask(env, "demo", "--learners", str(args.learners))
        print(f"demo data set of {args.learners} learners made in "
              f"{time.monotonic() - started:.1f} s")

    results: dict[str, dict] = {}
    server = Server(database, workers=args.workers, threads=args.threads, **{
        k: v for k, v in env.items() if k.startswith(("LOGIN_", "SECRET", "CERTIFICATE_"))})
    try:
        learner = Browser(server.url)
        learner.post("/login", [("email", "learner@example.org"), ("password", password)],
                     "/login")
        _, location, _ = learner.post(f"/modules/{MODULE}/start", [], f"/modules/{MODULE}")
        eid = int(re.search(r"/learn/(\d+)", location).group(1))
        lesson = f"/learn/{eid}/steps/what-is-social-media"
        status, _, page = learner.get(lesson)
        assert status == 200, status
        floor_file = work / "lesson.html"
        floor_file.write_bytes(page.encode())
        _, _, quiz_page = learner.get(f"/learn/{eid}/steps/check-the-basics")
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', quiz_page).group(1)
        body = f"csrf_token={token}&{quiz_answers(quiz_page)}"
        cookie = cookie_of(learner)

        pages = {
            "lesson page": ("GET", lesson, ""),
            "quiz submission": ("POST", f"/learn/{eid}/steps/check-the-basics/quiz", body),
            "catalogue": ("GET", "/", ""),
        }
        pages.update(extra_pages(server, password, learner, eid))
        memory_demo = []
        for name, (method, path, payload) in pages.items():
            if name == "certificate PDF":  # the last: fpdf2 loads for it (see report)
                memory_demo = rss_mb(server)
            results[name] = wrk(server.url + path, args.seconds, args.connections, method,
                                payload, cookie if not name.startswith("manager") else
                                pages_cookie.get("manager", ""))
        if "manager dashboard" in pages:  # as many managers at once as a county might have
            results["manager dashboard, 4 at once"] = wrk(
                server.url + pages["manager dashboard"][1], args.seconds, 4, "GET", "",
                pages_cookie.get("manager", ""))
        memory_pdf = rss_mb(server)
        memory_demo = memory_demo or memory_pdf
    finally:
        server.stop()

    floor = Server(database, workers=args.workers, threads=args.threads,
                   app_spec="bench.floor:app", BENCH_FLOOR_FILE=str(floor_file))
    try:
        results["floor (bare Flask)"] = wrk(floor.url + "/", args.seconds, args.connections)
    finally:
        floor.stop()

    packages = work / "generated"
    packages.mkdir()
    generate_modules(packages, 200)
    started = time.monotonic()
    flask(env, "modules", "import", str(packages))
    import_seconds = time.monotonic() - started
    server = Server(database, workers=args.workers, threads=args.threads)
    try:
        Browser(server.url).get("/")
        wrk(server.url + "/", 3, 4)
        memory_200 = rss_mb(server)
    finally:
        server.stop()

    report(results, import_seconds, memory_demo, memory_pdf, memory_200,
           query_counts(env, password))
    shutil.rmtree(work, ignore_errors=True)


pages_cookie: dict[str, str] = {}


def extra_pages(server: Server, password: str, learner: Browser, eid: int) -> dict:
    """The manager dashboard and a certificate PDF, where those features exist."""
    pages = {}
    manager = Browser(server.url)
    manager.post("/login", [("email", "manager@example.org"), ("password", password)], "/login")
    for path in ("/manage", "/manage/teams"):
        status, _, page = manager.get(path)
        if status == 200:
            team = re.search(r'href="(/manage/teams/\d+[^"]*)"', page)
            if team:
                dashboard = team.group(1).replace("&amp;", "&")
                pages["manager dashboard"] = ("GET", dashboard, "")
                pages_cookie["manager"] = cookie_of(manager)
                _, _, board = manager.get(dashboard)
                export = re.search(r'href="(/manage/teams/\d+/export\.csv[^"]*)"', board)
                if export:  # every row of the team, streamed
                    pages["manager CSV export"] = ("GET", export.group(1).replace("&amp;", "&"),
                                                   "")
            break
    certificate = issue_for_bench(eid)
    if certificate:
        pages["certificate PDF"] = ("GET", f"/certificates/{certificate}/certificate.pdf", "")
    return pages


def issue_for_bench(eid: int) -> int | None:
    """Mark the bench learner's enrolment complete and issue its certificate; return its id."""
    from courseware import clock, create_app
    from courseware.extensions import db
    from courseware.models import Enrolment

    try:
        from courseware.domain.certificates import issue_certificate
    except ImportError:
        return None
    app = create_app()
    with app.app_context():
        enrolment = db.session.get(Enrolment, eid)
        enrolment.completed_at = clock.now()
        certificate = issue_certificate(enrolment)
        db.session.commit()
        return certificate.id if certificate else None


def query_counts(env: dict, password: str) -> dict[str, int]:
    """SQL statements per request for each page, counted in-process (deterministic)."""
    os.environ.update({k: env[k] for k in ("DATABASE_URL", "SECRET_KEY")})
    from sqlalchemy import event

    from courseware import create_app
    from courseware.extensions import db

    app = create_app()
    client = app.test_client()
    counts: dict[str, int] = {}
    with app.app_context():
        statements: list[str] = []
        event.listen(db.engine, "before_cursor_execute",
                     lambda *a: statements.append(a[2]) if not a[2].startswith("BEGIN") else None)
        page = client.get("/login").get_data(as_text=True)
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
        client.post("/login", data={"csrf_token": token, "email": "learner@example.org",
                                    "password": password})
        for name, path in (("catalogue", "/"), ("module page", f"/modules/{MODULE}"),
                           ("my learning", "/my-learning")):
            client.get(path)  # the steady state: what a first visit makes once is kept
            statements.clear()
            client.get(path)
            counts[name] = len(statements)
        location = client.get(f"/modules/{MODULE}")
        match = re.search(r'href="/learn/(\d+)"', location.get_data(as_text=True))
        if match:
            statements.clear()
            client.get(f"/learn/{match.group(1)}/steps/what-is-social-media")
            counts["lesson page"] = len(statements)
    with app.app_context():  # the demo manager on their first (100-learner) team; same listener
        manager = app.test_client()
        page = manager.get("/login").get_data(as_text=True)
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
        manager.post("/login", data={"csrf_token": token, "email": "manager@example.org",
                                     "password": password})
        team = re.search(r'href="(/manage/teams/\d+)"', manager.get("/manage").get_data(
            as_text=True))
        if team:
            for name, path in (("manager dashboard", team.group(1)),
                               ("manager CSV export", team.group(1) + "/export.csv")):
                statements.clear()
                manager.get(path).get_data()
                counts[name] = len(statements)
    return counts


def report(results, import_seconds, memory_demo, memory_pdf, memory_200, counts) -> None:
    floor = results["floor (bare Flask)"]["rps"]
    print()
    print(f"{'page':<28} {'req/s':>9} {'p50 ms':>8} {'p95 ms':>8} {'errors':>7} {'vs floor':>9}"
          f"  target")
    for name, r in results.items():
        ratio = r["rps"] / floor if floor else 0
        target = TARGETS.get(name)
        verdict = ""
        if target is not None:
            verdict = f">= {target:.2f} {'met' if ratio >= target else 'MISSED'}"
        elif name.startswith("manager"):
            verdict = f"p95 < 250 ms {'met' if r['p95_ms'] < 250 else 'MISSED'}"
        print(f"{name:<28} {r['rps']:>9.1f} {r['p50_ms']:>8.1f} {r['p95_ms']:>8.1f} "
              f"{r['errors']:>7} {ratio:>9.2f}  {verdict}")
    print()
    print(f"import of 200 generated modules: {import_seconds:.1f} s "
          f"(target < 10 s: {'met' if import_seconds < 10 else 'MISSED'})")
    print(f"resident memory per worker, demo catalogue: {memory_demo} MB")
    print(f"resident memory per worker, after certificate PDFs too: {memory_pdf} MB "
          "(fpdf2 and its fonts load in a worker when it first makes a PDF)")
    print(f"resident memory per worker, 200 more modules: {memory_200} MB "
          f"(target < 120 MB: {'met' if max(memory_demo + memory_200) < 120 else 'MISSED'})")
    print("SQL queries per request: " + ", ".join(f"{k} {v}" for k, v in counts.items()))


if __name__ == "__main__":
    main()
