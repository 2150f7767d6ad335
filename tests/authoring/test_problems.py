"""Validation errors placed on the step, question and form field that fix them."""

from courseware.content import validate_package
from courseware.content.errors import problem
from courseware.content.problems import for_trainer, place_errors
from tests.content.helpers import edit, valid_files

MODULE = """\
format: 1
id: placed
version: 1.0.0
title: Placed
summary: Where errors go.
duration_minutes: 10
steps:
  - type: lesson
    id: one
    title: One
    file: lessons/one.md
  - type: quiz
    id: check
    title: Check
    questions:
      - id: q1
        type: single
        prompt: Pick one
        choices:
          - text: A
            correct: true
          - text: B
            correct: true
      - id: q2
        type: multiple
        prompt: Pick some
        choices:
          - text: ""
          - text: D
            correct: true
  - type: reflection
    id: think
    prompt: Think.
"""


def placed(files):
    return place_errors(validate_package(files), files)


def test_errors_are_placed_on_steps_questions_and_fields():
    files = {"module.yaml": MODULE.encode(),
             "lessons/one.md": b"# One\n\nHello.\n\n![x](https://example.org/x.png)\n"}
    problems = {(p.step, p.question, p.field): p for p in placed(files)}
    assert set(problems) == {(1, None, "body"), (2, 1, "choices"), (2, 2, "choices-0-text"),
                             (3, None, "title")}
    lesson = problems[(1, None, "body")]
    assert lesson.message.startswith("Line 5 of the lesson: Remote images are not allowed")
    assert problems[(2, 1, "choices")].message.startswith("Tick exactly one right answer "
                                                          "(there are 2 ticked)")
    assert problems[(3, None, "title")].message == "Give it a title."


def test_module_details_and_things_forms_cannot_fix():
    files = edit("module.yaml", "summary:", "sumary:")
    problems = placed(files)
    typo = next(p for p in problems if "Unknown key" in p.message)
    assert typo.field is None and typo.path == "module.yaml" and typo.line
    missing = next(p for p in problems if "summary" in p.message.lower() and p is not typo)
    assert missing.about_module and missing.field == "summary"


def test_errors_in_a_quiz_file_belong_to_its_step_and_question():
    files = edit("quizzes/hashtags.yaml", "type: true_false", "type: true_or_false")
    [problem] = placed(files)
    assert problem.path == "quizzes/hashtags.yaml"
    assert problem.step is not None and problem.question is not None
    assert problem.field == "prompt"


def test_empty_steps_point_at_the_add_step_form():
    files = {"module.yaml": MODULE.split("steps:")[0].encode() + b"steps: []\n"}
    [problem] = placed(files)
    assert problem.field == "add-step"
    assert problem.message == "Add at least one step: a lesson, a quiz or a reflection."


def test_problems_are_placed_by_their_path_and_line_even_with_colons_in_paths():
    [lesson] = place_errors([problem("a:b.md", 3, "link-not-allowed", url="x")], {})
    assert (lesson.path, lesson.line) == ("a:b.md", 3)
    [whole] = place_errors([problem("package", None, "package-too-many-files", count=501,
                                    limit=500)], {})
    assert (whole.path, whole.line) == ("package", 0)
    assert for_trainer(problem("package", None, "image-no-name")) == "An image needs a file name"


def test_a_valid_package_has_no_problems():
    assert placed(valid_files()) == []
