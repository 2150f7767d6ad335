"""A large made-up organisation for demos and benchmarks: `flask demo --learners 10000`.

10,000 learners in teams of 100, 50 modules, 20 completed steps per learner (200,000 progress
rows), quiz attempts, and five assigned modules per team with due dates either side of today.
Rows go in with bulk inserts, so that it takes seconds on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import copy
import random
import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from sqlalchemy import func, insert, select, text

from courseware.content import build_module, read_package
from courseware.domain.importer import store_module
from courseware.extensions import db
from courseware.models import (
    Assignment,
    Enrolment,
    Module,
    ModuleVersion,
    QuizAttempt,
    Step,
    StepProgress,
    Team,
    TeamManager,
    TeamMember,
    User,
)

TEAM_SIZE = 100
MODULES = 50
STEPS_PER_LEARNER = 20
ASSIGNED_PER_TEAM = 5
EMAIL = "learner{:05d}@demo.example.org"
BATCH = 5000


@dataclass
class Made:
    """What was generated."""

    learners: int = 0
    teams: int = 0
    modules: int = 0
    enrolments: int = 0
    progress: int = 0
    attempts: int = 0
    assignments: int = 0


def unusable() -> str:
    return "!" + secrets.token_hex(8)


def ensure_modules(source: Path, wanted: int) -> int:
    """Make copies of a shipped module until there are `wanted` modules; return how many were
    made."""
    have = db.session.scalar(select(func.count(Module.id)))
    if have >= wanted or not source.is_dir():
        return 0
    built = build_module(read_package(source))
    made = 0
    for n in range(have, wanted):
        copy_of = copy.deepcopy(built)
        copy_of["id"] = f"demo-module-{n + 1:02d}"
        copy_of["title"] = f"Practice topic {n + 1}: {built['title']}"[:120]
        store_module(copy_of)
        made += 1
    db.session.commit()
    return made


def _bulk(model, rows: list[dict], returning: bool = False) -> list[int]:
    """Insert rows in batches; the new ids in order when asked."""
    ids: list[int] = []
    for start in range(0, len(rows), BATCH):
        chunk = rows[start:start + BATCH]
        if returning:
            result = db.session.execute(
                insert(model).returning(model.id, sort_by_parameter_order=True), chunk)
            ids.extend(result.scalars())
        else:
            db.session.execute(insert(model), chunk)
    return ids


def generate(learners: int, today: date, modules_dir: Path, seed: int = 5,
             manager: User | None = None, learner: User | None = None) -> Made | None:
    """Generate the organisation; None when it is already there."""
    if db.session.scalar(select(User.id).where(User.email == EMAIL.format(1))):
        return None
    rng = random.Random(seed)
    made = Made()
    made.modules = ensure_modules(modules_dir / "social-media-for-technophobes", MODULES)
    versions = list(db.session.execute(
        select(ModuleVersion.id, ModuleVersion.module_id)
        .join(Module, Module.current_version_id == ModuleVersion.id)
        .order_by(Module.id)).all())
    steps: dict[int, list[tuple[int, str, str, dict]]] = {}
    for step_id, version_id, kind, key, data in db.session.execute(
            select(Step.id, Step.module_version_id, Step.type, Step.key, Step.data)
            .order_by(Step.module_version_id, Step.position)):
        steps.setdefault(version_id, []).append((step_id, kind, key, data))

    now = datetime.combine(today, time(12), tzinfo=UTC)
    team_count = max(1, -(-learners // TEAM_SIZE))
    team_ids = _bulk(Team, [{"name": f"Demo team {n + 1:03d}", "created_at": now}
                            for n in range(team_count)], returning=True)
    made.teams = team_count
    managers = [{"email": f"manager{n + 1:03d}@demo.example.org",
                 "name": f"Manager {n + 1:03d}", "password_hash": unusable(), "role": "manager",
                 "session_token": secrets.token_hex(16), "created_at": now}
                for n in range(team_count)]
    manager_ids = _bulk(User, managers, returning=True)
    first_names = ["Ama", "Ben", "Chloe", "Dev", "Esi", "Finn", "Grace", "Hamid", "Ines", "Joe",
                   "Kemi", "Liam", "Maya", "Nia", "Owen", "Priya", "Rosa", "Sam", "Tom", "Zara"]
    last_names = ["Mensah", "Smith", "Jones", "Patel", "Evans", "Okafor", "Hughes", "Khan",
                  "Davies", "Murphy", "Nowak", "Clarke", "Ahmed", "Wilson", "Lewis", "Price"]
    people = [{"email": EMAIL.format(n + 1),
               "name": f"{rng.choice(first_names)} {rng.choice(last_names)} {n + 1:05d}",
               "password_hash": unusable(), "role": "learner",
               "session_token": secrets.token_hex(16), "created_at": now}
              for n in range(learners)]
    learner_ids = _bulk(User, people, returning=True)
    made.learners = learners

    members = [{"team_id": team_ids[i // TEAM_SIZE], "user_id": uid, "added_at": now}
               for i, uid in enumerate(learner_ids)]
    bosses = [{"team_id": tid, "user_id": mid, "added_at": now}
              for tid, mid in zip(team_ids, manager_ids, strict=True)]
    if manager is not None:
        bosses += [{"team_id": tid, "user_id": manager.id, "added_at": now}
                   for tid in team_ids[:2]]
    if learner is not None:
        members.append({"team_id": team_ids[0], "user_id": learner.id, "added_at": now})
    _bulk(TeamMember, members)
    _bulk(TeamManager, bosses)

    assigned: dict[int, list[tuple[int, int]]] = {}
    assignments = []
    for n, tid in enumerate(team_ids):
        chosen = rng.sample(versions, min(ASSIGNED_PER_TEAM, len(versions)))
        assigned[tid] = chosen
        for _, module_id in chosen:
            due = today + timedelta(days=rng.randint(-45, 60)) if rng.random() < 0.8 else None
            assignments.append({"team_id": tid, "module_id": module_id, "user_id": None,
                                "due_on": due, "assigned_by_id": manager_ids[n],
                                "created_at": now - timedelta(days=90)})
    _bulk(Assignment, assignments)
    made.assignments = len(assignments)

    enrolments, plans = [], []
    for i, uid in enumerate(learner_ids):
        pool = list(assigned[team_ids[i // TEAM_SIZE]])
        rng.shuffle(pool)
        others = [v for v in versions if v not in pool]
        quota = STEPS_PER_LEARNER
        while quota > 0 and (pool or others):
            version_id, module_id = pool.pop() if pool and rng.random() < 0.85 else (
                others.pop(rng.randrange(len(others))) if others else pool.pop())
            total = len(steps[version_id])
            done = min(quota, total if rng.random() < 0.5 else rng.randint(1, total - 1))
            quota -= done
            started = now - timedelta(days=rng.randint(1, 330), minutes=rng.randint(0, 600))
            finished = None
            if done == total:
                finished = min(now, started + timedelta(hours=rng.randint(1, 24 * 21)))
            scores = ({key: rng.choice((80, 90, 100))
                       for _, kind, key, _ in steps[version_id] if kind == "quiz"}
                      if finished else None)
            plans.append((version_id, done, started))
            enrolments.append({"user_id": uid, "module_id": module_id,
                               "module_version_id": version_id, "started_at": started,
                               "last_visited_at": finished or started, "completed_at": finished,
                               "best_scores": scores})
    progress, attempts = [], []
    enrolment_ids = _bulk(Enrolment, enrolments, returning=True)
    for eid, row, (version_id, done, started) in zip(
            enrolment_ids, enrolments, plans, strict=True):
        for n, (step_id, kind, _, data) in enumerate(steps[version_id][:done]):
            at = started + timedelta(minutes=5 * (n + 1))
            progress.append({"enrolment_id": eid, "step_id": step_id, "completed_at": at})
            if kind == "quiz":
                questions = [q["id"] for q in data.get("questions", [])]
                tries = rng.choice((1, 1, 2))
                for attempt in range(tries):
                    if attempt == tries - 1:  # the attempt that passed the step
                        wrong = ({rng.choice(questions)}
                                 if len(questions) >= 5 and rng.random() < 0.4 else set())
                    else:
                        wrong = {q for q in questions if rng.random() < 0.5}
                    results = [{"id": q, "correct": q not in wrong} for q in questions]
                    score = (100 * (len(questions) - len(wrong))) // max(1, len(questions))
                    attempts.append({"enrolment_id": eid, "step_id": step_id,
                                     "user_id": row["user_id"],
                                     "submitted_at": at - timedelta(minutes=tries - attempt),
                                     "answers": {}, "results": results, "score": score,
                                     "passed": score >= data.get("pass_mark", 80)})
    _bulk(StepProgress, progress)
    _bulk(QuizAttempt, attempts)
    db.session.commit()
    db.session.execute(text("ANALYZE"))  # fresh statistics, so that plans suit the new sizes
    db.session.commit()
    made.enrolments, made.progress, made.attempts = len(enrolments), len(progress), len(attempts)
    return made


def demo_team(manager: User, learner: User, today: date) -> None:
    """A small team for `flask demo`: the demo learner, managed by the demo manager, with the
    first shipped module assigned, due in four weeks. Made once. (Its name sorts after the
    "Demo team 001" ... of --learners, so that a benchmark's first team is a big one.)"""
    if db.session.scalar(select(Team.id).where(Team.name == "Your demo team")):
        return
    team = Team(name="Your demo team")
    db.session.add(team)
    db.session.flush()
    db.session.add_all([TeamMember(team_id=team.id, user_id=learner.id),
                        TeamManager(team_id=team.id, user_id=manager.id)])
    first = db.session.scalar(select(Module.id).where(Module.current_version_id.is_not(None))
                              .order_by(Module.id).limit(1))
    if first is not None:
        db.session.add(Assignment(team_id=team.id, module_id=first,
                                  due_on=today + timedelta(days=28), assigned_by_id=manager.id))
    db.session.commit()
