"""Markup is bounded before it is parsed: no text within the caps can hold a server for long."""

import pytest

from bench.markup_corpus import LESSON_CAP, corpus
from courseware.content import render_markdown
from courseware.content.markup import MAX_DEPTH, MAX_MARKS, TooMuchMarkup, markup_problem
from tests.authoring.helpers import add_step, new_draft, save_lesson, sign_in
from tests.content.helpers import checked, valid_files
from tests.factories import post_form

L1 = "lessons/01-what-is-social-media.md"
CORPUS = corpus()
REFUSED = {"<b> nested 100,000 deep", "<b> nested 20,000 deep", "<em><strong> nested, closed",
           "100-deep blocks, repeated", "flat <b>x</b> tags", "Markdown emphasis *a*",
           "Markdown links [a](b)", "table cells", "list items", "many entities",
           "numeric entities", "unclosed <a <a <a", "100,000 attributes",
           "60,000 attributes with values", "an unclosed tag of attributes"}


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_every_adversarial_text_is_refused_or_rendered_bounded(name):
    text = CORPUS[name]
    assert len(text.encode()) <= LESSON_CAP
    problem = markup_problem(text)
    if name in REFUSED:
        assert problem is not None
        with pytest.raises(TooMuchMarkup, match=r"^Line \d+ "):
            render_markdown(text)
    else:
        assert problem is None
        html = render_markdown(text)
        assert html.count("<blockquote>") <= 20 and html.count("<ul>") <= 20
        assert len(html) < 4 * len(text)


def test_the_refusal_names_the_line_where_the_bound_is_crossed():
    deep = "# Title\n\nFine.\n\n" + "<b>" * (MAX_DEPTH + 1) + "\n"
    assert markup_problem(deep).line == 5
    assert markup_problem(deep).code == "too-deep"
    closed = ("<b>" * MAX_DEPTH + "x" + "</b>" * MAX_DEPTH + "\n") * 3
    assert markup_problem(closed) is None
    paragraphs = "<p>a\n" * (MAX_DEPTH * 2) + "<br>" * 500 + "<img src=x/>" * 200
    assert markup_problem(paragraphs) is None
    many = "*a*\n" * (MAX_MARKS // 2 + 1)
    found = markup_problem(many)
    assert (found.code, found.line) == ("too-many", MAX_MARKS // 2 + 1)
    with pytest.raises(TooMuchMarkup, match=r"^Line 5 opens more than 100 tags inside each other"):
        render_markdown(deep)


def test_a_tag_may_have_only_so_many_attributes():
    tag = "<abbr" + ' title="x"' * 50 + ">x</abbr>"
    assert markup_problem(f"Fine.\n{tag}") is None
    found = markup_problem(f"Fine.\n{tag.replace('<abbr', '<abbr lang=en')}")
    assert (found.code, found.line) == ("too-many-attributes", 2)


def test_shipped_lessons_are_well_within_the_bounds():
    for path, data in valid_files().items():
        if path.endswith(".md"):
            assert markup_problem(data.decode() * 20) is None, path


def test_a_package_lesson_over_the_bounds_is_a_validation_problem():
    files = valid_files()
    files[L1] = files[L1] + b"\n" + b"<b>" * 150 + b"\n"
    lines = files[L1].decode().count("\n")
    errors = checked(files)
    assert errors == [f"{L1}:{lines}: this line opens more than 100 tags inside each other; "
                      "close each tag (for example </b> after <b>) before opening more"]


def test_the_editor_refuses_it_as_a_form_error_and_keeps_the_text(client, app):
    sign_in(client)
    draft = new_draft(client)
    lesson = add_step(client, draft, "lesson", "Deep")
    body = "Fine.\n\n" + "<b>" * 60_000  # within the editor's 256K characters
    response = save_lesson(client, draft, lesson, "Deep", body)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Line 3 opens more than 100 tags inside each other" in page
    url = f"/authoring/drafts/{draft}/steps/{lesson}"
    preview = post_form(client, f"/authoring/drafts/{draft}/markdown",
                        {"text": body, "base": "lessons/deep.md"}, token_from=url)
    assert preview.status_code == 200
    html = preview.get_json()["html"]
    assert "Line 3 opens more than 100 tags inside each other" in html and "<b>" not in html
