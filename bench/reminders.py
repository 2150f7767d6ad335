"""Time deciding the day's reminders for a whole organisation, against baselines of the same run.

Builds organisations of 1,000 and 10,000 learners on SQLite in a temporary folder (teams of 25,
modules assigned with due dates spread over the year, certificates expiring through the year,
CPD entries), then times reminders.decide() on a CPD reminder day (1 October, 60 days before
the deadline: most learners are told), again the same day (nothing new), and on an ordinary day.

Targets are ratios, never absolute times: deciding for 10,000 learners takes at most 12 times
as long as for 1,000 (linear), and each run is set against a plain SELECT count(*) over the
learners x assignments join of the same database. Times are this process's processor time
(SQLite runs inside it), the best of three runs.
"""

from __future__ import annotations

import gc
import logging
import os
import random
import secrets
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("COURSEWARE_ENV", "development")

import flask_migrate  # noqa: E402
from sqlalchemy import delete, func, insert, select  # noqa: E402

from courseware import create_app  # noqa: E402
from courseware.domain import reminders  # noqa: E402
from courseware.domain.importer import read_and_build, store_module  # noqa: E402
from courseware.extensions import db  # noqa: E402
from courseware.models import (  # noqa: E402
    Assignment,
    Certificate,
    CpdEntry,
    Enrolment,
    Notification,
    Team,
    TeamMember,
    User,
)

TEAM_SIZE = 25
CPD_DAY = datetime(2026, 10, 1, 9, tzinfo=UTC)  # 10:00 in London; 60 days before 30 November
ORDINARY_DAY = datetime(2026, 10, 2, 9, tzinfo=UTC)
YEAR_START = date(2025, 12, 1)
SCALING_TARGET = 12.0  # 10x the learners: at most 12x the time


def timed(work) -> tuple[float, object]:
    """The processor time the work took in this process (SQLite runs in it), and its result:
    other work on a shared machine barely moves it, where it would move the wall clock."""
    start = time.process_time()
    result = work()
    return time.process_time() - start, result


def build(learners: int, seed: int = 16) -> None:
    """An organisation of this many learners, inserted in bulk."""
    rng = random.Random(seed)
    versions = []
    for folder in sorted((ROOT / "modules").iterdir()):
        files, built = read_and_build(folder)
        versions.append(store_module(built, files).module_version)
    db.session.commit()
    now = datetime(2026, 9, 1, tzinfo=UTC)
    db.session.execute(insert(User), [
        {"id": n, "email": f"learner{n}@example.org", "name": f"Learner {n}",
         "password_hash": "x", "role": "learner", "session_token": f"t{n}", "created_at": now}
        for n in range(1, learners + 1)])
    teams = (learners + TEAM_SIZE - 1) // TEAM_SIZE
    db.session.execute(insert(Team), [{"id": t, "name": f"Team {t}", "created_at": now}
                                      for t in range(1, teams + 1)])
    db.session.execute(insert(TeamMember), [
        {"team_id": (n - 1) // TEAM_SIZE + 1, "user_id": n, "added_at": now}
        for n in range(1, learners + 1)])
    assignments = []
    for t in range(1, teams + 1):
        for version in versions:  # each module to the whole team, due some day this year
            assignments.append({"team_id": t, "module_id": version.module_id, "user_id": None,
                                "due_on": YEAR_START + timedelta(days=rng.randrange(365)),
                                "created_at": now})
        for _ in range(2):  # and one module to one member, due another day
            member = (t - 1) * TEAM_SIZE + rng.randrange(TEAM_SIZE) + 1
            if member <= learners:
                assignments.append({"team_id": t, "module_id": versions[-1].module_id,
                                    "user_id": member, "created_at": now,
                                    "due_on": YEAR_START + timedelta(days=rng.randrange(365))})
    db.session.execute(insert(Assignment), assignments)
    first = versions[0]
    done = [n for n in range(1, learners + 1) if rng.random() < 0.3]
    completed = {n: datetime(2025, 10, 1, 15, tzinfo=UTC) + timedelta(days=rng.randrange(365))
                 for n in done}
    db.session.execute(insert(Enrolment), [
        {"id": n, "user_id": n, "module_id": first.module_id, "module_version_id": first.id,
         "renewal": 0, "started_at": completed[n], "last_visited_at": completed[n],
         "completed_at": completed[n], "best_scores": {}} for n in done])
    db.session.execute(insert(Certificate), [
        {"code": f"B{n:021d}", "user_id": n, "enrolment_id": n, "module_id": first.module_id,
         "module_version_id": first.id, "renewal": 0, "learner_name": f"Learner {n}",
         "module_slug": first.module.slug, "module_title": first.title,
         "module_version_label": first.version, "content_hash": first.content_hash,
         "completed_at": completed[n], "issued_at": completed[n],
         "expires_at": completed[n] + timedelta(days=365), "cpd_minutes": 30,
         "best_scores": {}, "outcomes": []} for n in done])
    entries = []
    for n in range(1, learners + 1):
        for _ in range(rng.choice((0, 1, 1, 2, 2, 3))):
            peer = rng.random() < 0.4
            entries.append({"user_id": n, "status": "recorded", "title": "Read a paper",
                            "activity_date": YEAR_START + timedelta(days=rng.randrange(300)),
                            "peer_name": "Pat Peer" if peer else "",
                            "peer_learning": "We talked." if peer else "",
                            "standards": [], "links": [], "created_at": now,
                            "updated_at": now})
    db.session.execute(insert(CpdEntry), entries)
    db.session.commit()


def _forget() -> None:
    """Drop every email decided, so that the next run decides them afresh."""
    db.session.execute(delete(Notification))
    db.session.commit()


def best_of(run, times: int = 3, forget: bool = False):
    """The quickest of three runs (on a machine shared with other work), and what it returned;
    `forget`: each run starts from nothing decided (else from what the run before decided)."""
    best, result = float("inf"), None
    for _ in range(times):
        if forget:
            _forget()
        gc.collect()
        seconds, result = timed(run)
        best = min(best, seconds)
    return best, result


def baseline() -> float:
    """The best of three plain counts over the learners x assignments join."""
    query = (select(func.count()).select_from(TeamMember)
             .join(Assignment, Assignment.team_id == TeamMember.team_id))
    return best_of(lambda: db.session.scalar(query))[0]


def measure(learners: int, folder: Path) -> dict:
    """Build an organisation in its own database and time deciding its reminders."""
    path = folder / f"org-{learners}.sqlite"
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}", "JOBS_STORAGE": "memory",
                      "SECRET_KEY": secrets.token_hex(16), "SERVER_NAME": "localhost"})
    with app.app_context():
        logging.disable(logging.INFO)  # the migrations' own log lines
        flask_migrate.upgrade()
        logging.disable(logging.NOTSET)
        build_seconds, _ = timed(lambda: build(learners))
        base = baseline()
        first, decided = best_of(lambda: reminders.decide(CPD_DAY), forget=True)
        again, decided_again = best_of(
            lambda: reminders.decide(CPD_DAY + timedelta(minutes=15)))
        ordinary, decided_ordinary = best_of(lambda: reminders.decide(ORDINARY_DAY),
                                             forget=True)
        kinds = dict(db.session.execute(select(Notification.kind, func.count())
                                        .group_by(Notification.kind)).all())
        db.session.remove()
        db.engine.dispose()
    return {"learners": learners, "build": build_seconds, "baseline": base,
            "runs": [("CPD day, first run", decided, first),
                     ("CPD day, second run", decided_again, again),
                     ("ordinary day", decided_ordinary, ordinary)],
            "ordinary_kinds": kinds}


def report(small: dict, large: dict) -> bool:
    """Print the table and the scaling against its target; True when met."""
    print(f"{'learners':>8}  {'run':22} {'decided':>8} {'cpu s':>8} {'x count(*)':>11}")
    for result in (small, large):
        for name, decided, seconds in result["runs"]:
            print(f"{result['learners']:8}  {name:22} {decided:8} {seconds:8.3f} "
                  f"{seconds / result['baseline']:11.0f}")
        print(f"{result['learners']:8}  {'baseline count(*)':22} {'':8} "
              f"{result['baseline']:8.4f}   (built in {result['build']:.1f} s; ordinary day "
              f"decided {result['ordinary_kinds']})")
    print()
    print(f"scaling, {large['learners']:,} / {small['learners']:,} learners "
          f"(target at most {SCALING_TARGET:g}):")
    met = True
    for (name, _, few), (_, _, many) in zip(small["runs"], large["runs"], strict=True):
        ratio = many / few
        ok = ratio <= SCALING_TARGET
        met &= ok
        print(f"  {name:22} {ratio:6.2f}  {'ok' if ok else 'OVER TARGET'}")
    return met


def main() -> None:
    """Measure both organisations and print the table."""
    with tempfile.TemporaryDirectory(prefix="courseware-reminders-") as folder:
        small = measure(1_000, Path(folder))
        large = measure(10_000, Path(folder))
    report(small, large)


if __name__ == "__main__":
    main()
