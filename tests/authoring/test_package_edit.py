"""The package editing core: plain functions over {path: bytes}, checked by the real validator."""

import pytest

from courseware.content import build_module, content_hash
from courseware.content.package_edit import (
    ManifestError,
    add_step,
    details_of,
    dump_yaml,
    image_markdown,
    media_path,
    move_item,
    new_package,
    new_question,
    next_versions,
    put_quiz,
    quiz_source,
    read_manifest,
    remove_step,
    set_details,
    set_version,
    shape,
    suggest_bump,
    with_manifest,
)
from tests.authoring.helpers import DETAILS
from tests.content.helpers import BILLION_LAUGHS, checked, valid_files
from tests.factories import PACKAGES


def details(**changes):
    data = {**DETAILS, "module_id": "safe-sharing", "duration_minutes": 25, "pass_mark": None,
            "certificate_enabled": True, "valid_for_days": None}
    return {**data, **changes}


def test_new_package_is_written_in_the_format_order_and_asks_for_steps():
    files = new_package(details())
    text = files["module.yaml"].decode()
    keys = [line.split(":")[0] for line in text.splitlines() if line and line[0] != " "]
    assert keys == ["format", "id", "version", "title", "summary", "duration_minutes", "level",
                    "language", "tags", "outcomes", "steps"]
    assert "#" not in text
    assert checked(files) == [
        "module.yaml:15: steps must be a list with at least one step (found an empty list)"]


def test_text_stays_text_as_the_validator_reads_it():
    files = {"module.yaml": b"format: 1\nid: x\ntitle: No\nsummary: 1.0\nduration_minutes: 5\n"
                            b"steps: []\ntags: [yes, '#tag']\n"}
    manifest = read_manifest(files)
    assert manifest["title"] == "No" and manifest["summary"] == "1.0"
    assert manifest["duration_minutes"] == 5 and manifest["tags"] == ["yes", "#tag"]
    again = read_manifest(with_manifest(files, manifest))
    assert again == manifest  # quoting keeps "No", "1.0" and "#tag" as text


def test_multi_line_markdown_is_a_literal_block_and_survives():
    prompt = "Think about:\n\n- one thing\n- another: with a colon # and a hash"
    files = with_manifest(new_package(details()), {
        **read_manifest(new_package(details())),
        "steps": [{"type": "reflection", "id": "r", "title": "R", "prompt": prompt}]})
    assert "prompt: |" in files["module.yaml"].decode()
    assert read_manifest(files)["steps"][0]["prompt"] == prompt
    assert checked(files) == []


def test_unreadable_manifest_says_why():
    with pytest.raises(ManifestError, match="line 1: YAML anchors"):
        read_manifest({"module.yaml": BILLION_LAUGHS.encode()})
    with pytest.raises(ManifestError, match="no module.yaml"):
        read_manifest({})
    with pytest.raises(ManifestError, match="steps must be a list"):
        read_manifest({"module.yaml": b"steps: 3\n"})


def test_details_round_trip_through_the_form_values():
    manifest = read_manifest(new_package(details(outcomes="One\n\n Two ", tags="a, b,,",
                                                 pass_mark=70, valid_for_days=30)))
    values = details_of(manifest)
    assert values["outcomes"] == "One\nTwo" and values["tags"] == "a, b"
    assert values["pass_mark"] == 70 and values["valid_for_days"] == 30
    assert values["certificate_enabled"] is True
    off = set_details(manifest, {**values, "certificate_enabled": False})
    assert off["certificate"] == {"enabled": False}
    plain = set_details(manifest, {**values, "valid_for_days": None, "pass_mark": None})
    assert "certificate" not in plain and read_manifest(with_manifest({}, plain)).get(
        "pass_mark") is None


def test_steps_are_added_with_their_own_ids_and_files_then_moved_and_removed():
    files = new_package(details())
    files, one = add_step(files, "lesson", "Welcome!")
    files, two = add_step(files, "lesson", "Welcome")
    files, three = add_step(files, "quiz", "Check")
    assert (one, two, three) == (1, 2, 3)
    steps = read_manifest(files)["steps"]
    assert [s["id"] for s in steps] == ["welcome", "welcome-2", "check"]
    assert steps[1]["file"] == "lessons/welcome-2.md" and files["lessons/welcome-2.md"] == b""
    manifest = read_manifest(files)
    assert move_item(manifest["steps"], 3, "up") and not move_item(manifest["steps"], 1, "up")
    assert not move_item(manifest["steps"], 3, "down")
    assert [s["id"] for s in manifest["steps"]] == ["welcome", "check", "welcome-2"]
    files = remove_step(with_manifest(files, manifest), 3)
    assert "lessons/welcome-2.md" not in files
    assert [s["id"] for s in read_manifest(files)["steps"]] == ["welcome", "check"]


def test_quiz_questions_live_inline_or_in_their_own_file():
    files = valid_files()
    manifest = read_manifest(files)
    quiz = next(s for s in manifest["steps"] if s.get("file", "").endswith(".yaml"))
    holder, path = quiz_source(files, quiz)
    assert path == "quizzes/hashtags.yaml" and holder["questions"]
    holder["questions"].append(new_question("true_false", holder["questions"]))
    holder["questions"][-1]["prompt"] = "Hashtags are free."
    changed = put_quiz(files, manifest, holder, path)
    assert checked(changed) == []
    assert "Hashtags are free." in changed["quizzes/hashtags.yaml"].decode()


def test_new_question_ids_do_not_clash():
    questions = [{"id": "q2"}, {"id": "q1"}]
    assert new_question("text", questions) == {"id": "q3", "type": "text", "accept": []}
    assert new_question("single", [{"id": "q2"}])["id"] == "q3"


def test_picture_paths_and_markdown():
    files = {"media/photo.png": b"x"}
    assert media_path("My Photo.PNG", "abc", files, {"media/photo.png": "abc"}) == \
        "media/photo.png"
    assert media_path("Photo.PNG", "new", files, {"media/photo.png": "abc"}) == \
        "media/photo-2.png"
    assert media_path("C:\\Users\\jo\\..\\evil name.jpg", "n", {}, {}) == "media/evil-name.jpg"
    assert media_path("....", "n", {}, {}) == "media/picture"
    assert image_markdown("A [red]\n square", "media/a b.png", "lessons/one.md") == \
        "![A \\[red\\] square](../media/a b.png)"


def test_set_version_changes_only_that_line_and_keeps_comments():
    files = {"module.yaml": b"format: 1  # the format\nversion: '1.0.0'  # keep me\nid: x\n"}
    assert set_version(files, "1.1.0")["module.yaml"] == \
        b"format: 1  # the format\nversion: 1.1.0  # keep me\nid: x\n"
    folded = {"module.yaml": b"format: 1\nversion:\n  1.0.0\nid: x\nsteps: []\n"}
    assert read_manifest(set_version(folded, "2.0.0"))["version"] == "2.0.0"


def test_next_versions_and_suggestions():
    assert next_versions(None) == {"major": "1.0.0"}
    assert next_versions("1.2.3") == {"patch": "1.2.4", "minor": "1.3.0", "major": "2.0.0"}
    built = build_module(valid_files())
    old = shape(built["steps"])
    assert suggest_bump(old, old)[0] == "patch"
    fewer = dict(list(old.items())[:-1])
    assert suggest_bump(old, fewer)[0] == "major"
    assert suggest_bump(fewer, old)[0] == "minor"
    key = next(k for k, v in old.items() if v[1])
    grown = {**old, key: (old[key][0], old[key][1] + ("new",))}
    assert suggest_bump(old, grown)[0] == "minor"
    assert suggest_bump(grown, old)[0] == "major"
    assert suggest_bump(None, old)[0] == "major"


def test_an_untouched_package_keeps_its_content_hash():
    from courseware.content import read_package

    files = read_package(PACKAGES / "tiny-module")
    read_manifest(files)  # reading changes nothing
    assert content_hash(dict(files)) == content_hash(read_package(PACKAGES / "tiny-module"))
    assert dump_yaml({"b": 1, "a": 2}, "module").decode() == "b: 1\na: 2\n"
