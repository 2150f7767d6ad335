"""The XSS corpus pushed through every place a person can put text: no script ever runs."""

import re
from pathlib import Path
from urllib.parse import urlsplit

import sqlalchemy as sa
from playwright.sync_api import expect

from courseware.content import build_module, read_package, render_markdown
from courseware.domain.importer import store_module
from courseware.extensions import db
from tests.e2e.people import sign_in_after_registering
from tests.factories import PACKAGES, PASSWORD

CORPUS = Path(__file__).resolve().parents[1] / "security" / "xss_payloads.txt"
PAYLOADS = [line for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]


def hostile_module() -> tuple[dict, dict]:
    """The tiny module with the corpus in every text an author controls.

    The validator would refuse most of these packages outright; this builds a valid one and then
    swaps the payloads in, so that the sanitiser and the templates are what stands in the way.
    """
    files = read_package(PACKAGES / "tiny-module")
    built = build_module(files)
    built["id"] = "hostile-module"
    built["title"] = PAYLOADS[0][:120]
    built["summary"] = " ".join(PAYLOADS[:6])[:400]
    built["tags"] = PAYLOADS[10:14]
    built["outcomes"] = PAYLOADS[14:30]
    for step in built["steps"]:
        step["title"] = PAYLOADS[15][:200]
        if step["type"] == "lesson":
            step["body_html"] = render_markdown("\n\n".join(PAYLOADS), media={})
        elif step["type"] == "reflection":
            step["prompt_html"] = render_markdown("\n\n".join(PAYLOADS[:40]), media={})
        else:
            for n, question in enumerate(step["questions"]):
                question["prompt_html"] = render_markdown(PAYLOADS[n * 7], media={})
                question["explanation_html"] = render_markdown(PAYLOADS[n * 7 + 1], media={})
                for m, choice in enumerate(question.get("choices", [])):
                    choice["text"] = PAYLOADS[n * 7 + m + 2]
                    choice["feedback_html"] = render_markdown(PAYLOADS[n * 7 + m + 3], media={})
    return built, files


def watch(page, live_server) -> list[str]:
    """Record anything that shows a payload got through: dialogs, marker requests, CSP blocks."""
    alarms: list[str] = []
    page.on("dialog", lambda d: (alarms.append(f"dialog {d.message}"), d.dismiss()))
    page.on("request", lambda r: "xss-marker" in urlsplit(r.url).path
            and alarms.append(f"request {r.url}"))
    page.on("console", lambda m: ("Content Security Policy" in m.text or "xss" in m.text.lower())
            and alarms.append(f"console {m.text}"))
    page.on("pageerror", lambda e: alarms.append(f"error {e}"))
    return alarms


def test_no_payload_runs_anywhere(live_app, live_server, page):
    with live_app.app_context():
        built, files = hostile_module()
        store_module(built, files)
        db.session.commit()
        db.session.remove()
    alarms = watch(page, live_server)
    visited = []

    def visit(url):
        page.goto(url)
        visited.append(url)
        assert alarms == [], (url, alarms)

    page.goto(live_server + "/register")
    page.get_by_label("Your name").fill(PAYLOADS[14][:120])
    page.get_by_label("Email address").fill("hostile@example.org")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Type the password again").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    sign_in_after_registering(page)
    visit(live_server + "/")
    for payload in PAYLOADS[:20]:
        page.goto(live_server + "/")
        page.get_by_label("Search modules by title or topic").fill(payload)
        page.get_by_role("button", name="Search").click()
        assert alarms == [], (payload, alarms)
    visit(live_server + "/modules/hostile-module")
    page.get_by_role("button", name="Start this module").click()
    eid = re.search(r"/learn/(\d+)/", page.url).group(1)
    for key in ("welcome", "02-hashtags", "check", "my-practice"):
        visit(f"{live_server}/learn/{eid}/steps/{key}")

    page.goto(f"{live_server}/learn/{eid}/steps/check")
    for name in ("q-q1", "q-q2"):
        page.locator(f"input[name='{name}']").first.check()
    page.locator("input[name='q-q3']").first.check()
    page.locator("input[name='q-q4']").fill(PAYLOADS[0][:200])
    page.get_by_role("button", name="Check my answers").click()
    expect(page.get_by_text("You scored")).to_be_visible()
    visited.append(page.url)
    assert alarms == []

    page.goto(f"{live_server}/learn/{eid}/steps/my-practice")
    page.get_by_label("Your reflection").fill("\n".join(PAYLOADS))
    page.get_by_role("button", name="Save my reflection").click()
    assert alarms == []
    for url in (f"/learn/{eid}/steps/my-practice", f"/learn/{eid}/finish", "/my-learning",
                "/account", "/help"):
        visit(live_server + url)

    page.goto(live_server + "/cpd/new")
    for n, field in enumerate(("title", "description", "learning", "impact_on_practice",
                               "impact_on_people", "peer_name", "peer_role", "peer_learning")):
        limit = 120 if field in ("title", "peer_name", "peer_role") else 5000
        page.locator(f"[name='{field}']").fill(PAYLOADS[n * 9][:limit])
    page.locator("[name='links']").fill("javascript:alert(1)\nhttps://example.org/ok")
    page.get_by_role("button", name="Save as a draft").click()
    assert alarms == []
    entry = re.search(r"/cpd/(\d+)", page.url)
    if entry is None:  # the link was refused: keep the payloads, drop the bad link, save again
        page.locator("[name='links']").fill("https://example.org/ok")
        page.get_by_role("button", name="Save as a draft").click()
        entry = re.search(r"/cpd/(\d+)", page.url)
    for url in (f"/cpd/{entry.group(1)}", f"/cpd/{entry.group(1)}/edit", "/cpd", "/my-data"):
        visit(live_server + url)
    assert len(visited) >= 14


def test_team_names_and_learner_names_never_run_in_manager_pages(live_app, live_server, page):
    """A team named with a payload, managed and filled with payload-named learners."""
    from courseware.models import Assignment, Module, Team, TeamManager, TeamMember
    from tests.factories import make_user

    with live_app.app_context():
        manager = make_user("boss@example.org", PAYLOADS[20][:120], role="manager")
        team = Team(name=PAYLOADS[14][:120])
        db.session.add(team)
        db.session.flush()
        db.session.add(TeamManager(team_id=team.id, user_id=manager.id))
        for n in range(5):
            member = make_user(f"m{n}@example.org", PAYLOADS[30 + n][:120])
            db.session.add(TeamMember(team_id=team.id, user_id=member.id))
        module_id = db.session.scalar(sa.select(Module.id))
        db.session.add(Assignment(team_id=team.id, module_id=module_id))
        db.session.commit()
        team_id, slug = team.id, db.session.get(Module, module_id).slug
        db.session.remove()
    alarms = watch(page, live_server)
    page.goto(live_server + "/login")
    page.get_by_label("Email address").fill("boss@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    for path in ("/manage", f"/manage/teams/{team_id}", f"/manage/teams/{team_id}/assignments",
                 f"/manage/teams/{team_id}/modules/{slug}", "/cpd/team"):
        response = page.goto(live_server + path)
        assert response.status == 200, path
        assert alarms == [], (path, alarms)
