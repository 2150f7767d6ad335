"""Profile one page in-process: `.venv/bin/python bench/profile_page.py PATH [--as manager]`.

Makes a demo database in a temporary folder (with --learners N, the demo organisation too),
signs in as the demo learner (or manager), requests PATH a number of times and prints the time
per request, then where that time went: pyinstrument's tree when it is installed
(`pip install pyinstrument`), else cProfile's functions by cumulative time. PATH may name the
demo learner's lesson as "lesson" and the manager's first team as "team".
"""

import argparse
import cProfile
import os
import pstats
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
MODULE = "social-media-for-technophobes"


def flask(*args: str) -> str:
    command = [str(Path(sys.executable).parent / "flask"), "--app", "app", *args]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True).stdout


def signed_in_client(app, who: str, password: str):
    client = app.test_client()
    token = TOKEN.search(client.get("/login").get_data(as_text=True)).group(1)
    client.post("/login", data={"csrf_token": token, "email": f"{who}@example.org",
                                "password": password})
    return client


def resolve(client, path: str) -> str:
    """Turn the names 'lesson' and 'team' into addresses."""
    if path == "lesson":
        page = client.get(f"/modules/{MODULE}").get_data(as_text=True)
        token = TOKEN.search(page).group(1)
        start = client.post(f"/modules/{MODULE}/start", data={"csrf_token": token})
        eid = re.search(r"/learn/(\d+)", start.headers["Location"]).group(1)
        return f"/learn/{eid}/steps/what-is-social-media"
    if path == "team":
        page = client.get("/manage").get_data(as_text=True)
        return re.search(r'href="(/manage/teams/\d+)"', page).group(1)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path")
    parser.add_argument("--as", dest="who", default="learner", choices=["learner", "manager"])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--learners", type=int, default=0)
    args = parser.parse_args()

    folder = tempfile.mkdtemp(prefix="courseware-profile-")
    os.environ.update(DATABASE_URL=f"sqlite:///{folder}/profile.sqlite", SECRET_KEY="profile" * 5,
                      LOGIN_LIMIT_PER_ADDRESS="1000 per minute", COURSEWARE_ENV="development")
    flask("db", "upgrade")
    password = re.search(r"new each time this runs: (\S+)", flask("demo")).group(1)
    if args.learners:
        flask("demo", "--learners", str(args.learners))

    from courseware import create_app

    app = create_app()
    client = signed_in_client(app, args.who, password)
    path = resolve(client, args.path)
    assert client.get(path).status_code == 200, path
    for _ in range(20):
        client.get(path).get_data()
    started = time.perf_counter()
    for _ in range(args.requests):
        client.get(path).get_data()
    print(f"{path}: {(time.perf_counter() - started) / args.requests * 1000:.2f} ms a request")
    try:
        from pyinstrument import Profiler
    except ImportError:
        profile = cProfile.Profile()
        profile.runcall(lambda: [client.get(path).get_data() for _ in range(args.requests)])
        pstats.Stats(profile).sort_stats("cumulative").print_stats(40)
        return
    profiler = Profiler(interval=0.0005)
    with profiler:
        for _ in range(args.requests):
            client.get(path).get_data()
    print(profiler.output_text(color=False))


if __name__ == "__main__":
    main()
