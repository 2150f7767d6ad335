"""Taking the tiny module to the end through the real forms, and variants of its package."""

import re
import shutil
from pathlib import Path

from tests.factories import PACKAGES, import_tiny_module, post_form

RIGHT = [("q-q1", "0"), ("q-q2", "0"), ("q-q2", "1"), ("q-q3", "false"), ("q-q4", "hash")]
REFLECTION = {"text": "I will follow the team hashtag every week."}


def start(client, slug: str = "tiny-module") -> int:
    """Start (or continue) the module; the enrolment id."""
    response = post_form(client, f"/modules/{slug}/start", {}, token_from=f"/modules/{slug}")
    assert response.status_code == 302, response.status_code
    return int(re.search(r"/learn/(\d+)", response.headers["Location"]).group(1))


def all_but_the_reflection(client, eid: int) -> None:
    """Read both lessons and pass the quiz, leaving the last step."""
    for key in ("welcome", "02-hashtags"):
        assert client.get(f"/learn/{eid}/steps/{key}").status_code == 200
    response = post_form(client, f"/learn/{eid}/steps/check/quiz", RIGHT,
                         token_from=f"/learn/{eid}/steps/check")
    assert response.status_code == 302


def reflect(client, eid: int, token_from: str | None = None):
    return post_form(client, f"/learn/{eid}/steps/my-practice/reflection", REFLECTION,
                     token_from=token_from or f"/learn/{eid}/steps/my-practice")


def complete(client, slug: str = "tiny-module") -> int:
    """Take the module from start to completion; the enrolment id."""
    eid = start(client, slug)
    all_but_the_reflection(client, eid)
    assert reflect(client, eid).status_code == 302
    return eid


def variant(tmp_path: Path, name: str, **replacements: str):
    """Import a copy of the tiny module with text in module.yaml replaced."""
    copy = tmp_path / name
    shutil.copytree(PACKAGES / "tiny-module", copy)
    text = (copy / "module.yaml").read_text()
    for old, new in replacements.items():
        assert old in text, old
        text = text.replace(old, new)
    (copy / "module.yaml").write_text(text)
    return import_tiny_module(copy)
