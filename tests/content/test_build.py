"""Building the normalised, rendered module from a valid package."""

import hashlib
import json

import pytest

from courseware.content import PackageError, build_module, content_hash, read_package
from courseware.content.words import line_of

from .helpers import VALID, edit, valid_files

M = "module.yaml"


@pytest.fixture(scope="module")
def module():
    return build_module(read_package(VALID))


def test_module_fields(module):
    files = valid_files()
    assert {k: v for k, v in module.items() if k not in ("steps", "media")} == {
        "id": "social-media-for-technophobes",
        "version": "1.0.0",
        "title": "Social media for technophobes",
        "summary": "A gentle first look at social media for social workers who would rather not.",
        "duration_minutes": 45,
        "level": "beginner",
        "language": "en-GB",
        "tags": ["social media", "cpd"],
        "authors": ["Jo Bloggs"],
        "licence": "CC-BY-SA-4.0",
        "outcomes": ["Explain what a hashtag is and follow one"],
        "pass_mark": 80,
        "certificate": {"enabled": True, "valid_for_days": 730},
        "content_hash": content_hash(files),
    }


def test_media_is_content_addressed_and_typed_from_bytes(module):
    png = (VALID / "media/padlock.png").read_bytes()
    sha = hashlib.sha256(png).hexdigest()
    assert module["media"] == {
        "media/padlock.png": {"sha256": sha, "content_type": "image/png", "size": len(png)}
    }
    assert f'<img src="/media/{sha}" alt="A padlock">' in module["steps"][0]["body_html"]


def test_media_prefix_is_used_for_image_urls():
    built = build_module(valid_files(), media_prefix="https://cdn.example/m/")
    sha = built["media"]["media/padlock.png"]["sha256"]
    assert f'src="https://cdn.example/m/{sha}"' in built["steps"][0]["body_html"]


def test_steps_in_order_with_default_ids(module):
    steps = module["steps"]
    assert [(s["id"], s["type"]) for s in steps] == [
        ("what-is-social-media", "lesson"),
        ("check-1", "quiz"),
        ("02-hashtags", "lesson"),
        ("hashtags-quiz", "quiz"),
        ("my-practice", "reflection"),
    ]


def test_lesson_step(module):
    lesson = module["steps"][2]
    assert lesson == {
        "id": "02-hashtags", "type": "lesson", "title": "Hashtags",
        "file": "lessons/02-hashtags.md",
        "body_html": "<h2>Hashtags</h2>\n<p>A hashtag is a word after a <code>#</code> sign, like "
                     "<code>#socialwork</code>.</p>\n<ol>\n<li>Find the search box.</li>\n"
                     "<li>Type <code>#12thMW</code>.</li>\n</ol>\n",
    }


def test_inline_quiz_with_every_question_type(module):
    quiz = module["steps"][1]
    assert {k: quiz[k] for k in ("id", "type", "title", "pass_mark", "shuffle")} == {
        "id": "check-1", "type": "quiz", "title": "Check your understanding",
        "pass_mark": 75, "shuffle": True,
    }
    q1, q2, q3, q4 = quiz["questions"]
    assert q1 == {
        "id": "q1", "type": "single",
        "prompt_html": "<p>Which of these is a <strong>hashtag</strong>?</p>\n",
        "choices": [
            {"text": "#12thMW", "correct": True,
             "feedback_html": "<p>Yes. A hashtag starts with #.</p>\n"},
            {"text": "@12thMW", "correct": False, "feedback_html": "<p>That is a username.</p>\n"},
        ],
        "explanation_html": "<p>Hashtags group posts on a topic.</p>\n",
    }
    assert q2 == {
        "id": "q2", "type": "true_false",
        "prompt_html": "<p>You can break Twitter by pressing too many buttons.</p>\n",
        "answer": False, "explanation_html": "",
    }
    assert q3 == {
        "id": "q3", "type": "text", "prompt_html": "<p>Which character starts a hashtag?</p>\n",
        "accept": ["#", "hash", "hash sign"], "explanation_html": "",
    }
    assert q4["type"] == "multiple"
    assert q4["prompt_html"] == (
        "<p>Which of these are social media sites?</p>\n<p>Choose all that apply.</p>\n"
    )
    assert [(c["text"], c["correct"]) for c in q4["choices"]] == [
        ("Mastodon", True), ("Bluesky", True), ("A spreadsheet", False)
    ]


def test_quiz_from_its_own_file(module):
    quiz = module["steps"][3]
    assert quiz == {
        "id": "hashtags-quiz", "type": "quiz", "title": "Hashtags quiz",
        "pass_mark": 100, "shuffle": False,
        "questions": [{
            "id": "follow", "type": "true_false",
            "prompt_html": "<p>You can follow a hashtag.</p>\n", "answer": True,
            "explanation_html": "<p>Most sites let you follow a hashtag like a person.</p>\n",
        }],
    }


def test_reflection_step(module):
    assert module["steps"][4] == {
        "id": "my-practice", "type": "reflection", "title": "What will you do differently?",
        "prompt_html": "<p>How could following a hashtag help your practice?</p>\n",
        "min_words": 30,
    }


def test_defaults_for_optional_keys():
    files = valid_files()
    for key in ("level: beginner\n", "language: en-GB\n", "tags: [social media, cpd]\n",
                "authors: [Jo Bloggs]\n", "licence: CC-BY-SA-4.0\n", "pass_mark: 80\n",
                "certificate:\n  enabled: true\n  valid_for_days: 730\n",
                "outcomes:\n  - Explain what a hashtag is and follow one\n",
                "    pass_mark: 75\n", "    shuffle: true\n", "    min_words: 30\n"):
        files = edit(M, key, "", files)
    files = edit("quizzes/hashtags.yaml", "pass_mark: 100\n", "", files)
    built = build_module(files)
    assert (built["level"], built["language"], built["tags"], built["authors"],
            built["licence"], built["outcomes"], built["pass_mark"], built["certificate"]) == (
        "beginner", "en-GB", [], [], None, [], 80, {"enabled": True, "valid_for_days": None})
    quiz, file_quiz = built["steps"][1], built["steps"][3]
    assert (quiz["pass_mark"], quiz["shuffle"]) == (80, False)
    assert file_quiz["pass_mark"] == 80
    assert built["steps"][4]["min_words"] == 0


def test_quiz_pass_mark_falls_back_to_the_module_pass_mark():
    files = edit(M, "    pass_mark: 75\n", "", edit(M, "pass_mark: 80\n", "pass_mark: 60\n"))
    assert build_module(files)["steps"][1]["pass_mark"] == 60


def test_the_module_is_plain_json():
    built = build_module(valid_files())
    assert json.loads(json.dumps(built)) == built


def test_invalid_package_raises_with_every_error():
    files = edit(M, "duration_minutes: 45", "duration_minutes: 0")
    files = edit(M, "    answer: false", "    answer: maybe", files)
    with pytest.raises(PackageError) as info:
        build_module(files)
    assert [line_of(e) for e in info.value.errors] == [
        "module.yaml:6: duration_minutes must be a whole number from 1 to 600 (found '0')",
        "module.yaml:42: answer must be true or false (found 'maybe')",
    ]
