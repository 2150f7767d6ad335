"""The YAML mistakes authors make: found where they start, as data, and said so anyone can act."""

import pytest

from courseware.content.problems import say
from courseware.content.yamlsafe import load_yaml

# (what the author wrote, the line the problem starts on, its code, the words a trainer reads)
MISTAKES = {
    "unclosed double quote": (
        'format: 1\ntitle: "Social media\nsummary: A first look.\n', 2, "yaml-unclosed-quote",
        "A quote opened on line 2 is never closed: add the closing quote at the end of the "
        "value."),
    "unclosed single quote": (
        "format: 1\ntitle: 'Social media\nsummary: A first look.\n", 2, "yaml-unclosed-quote",
        "A quote opened on line 2 is never closed: add the closing quote at the end of the "
        "value."),
    "unclosed quote closed by a later one": (
        'format: 1\ntitle: "Social media\nsummary: A first look.\nlevel: "beginner"\n'
        "duration_minutes: 5\n", 2, "yaml-unclosed-quote",
        "A quote opened on line 2 is never closed: add the closing quote at the end of the "
        "value."),
    "tab used to indent": (
        "steps:\n\t- type: lesson\n", 2, "yaml-tab",
        "Line 2 starts with a tab: YAML needs spaces to indent. Replace the tab with spaces."),
    "tab after the spaces of an indent": (
        "steps:\n  - type: lesson\n  \ttitle: Intro\n", 3, "yaml-tab",
        "Line 3 starts with a tab: YAML needs spaces to indent. Replace the tab with spaces."),
    "a key indented too far": (
        "title: Intro\n  summary: A first look.\n", 2, "yaml-indent",
        "Line 2 does not line up with the lines around it: keys that belong together must start "
        "in the same column. Indent with spaces so that it lines up."),
    "a step's key not lined up": (
        "steps:\n  - type: lesson\n   title: Intro\n", 3, "yaml-indent",
        "Line 3 does not line up with the lines around it: keys that belong together must start "
        "in the same column. Indent with spaces so that it lines up."),
    "a colon in an unquoted value": (
        "format: 1\ntitle: Step 1: the basics\n", 2, "yaml-colon-in-value",
        "Line 2 has a colon and a space inside its value, which YAML reads as the start of a "
        'new key. Put the whole value in quotes: title: "Step 1: the basics"'),
    "a colon in a choice": (
        "choices:\n  - text: Note: this\n", 2, "yaml-colon-in-value",
        "Line 2 has a colon and a space inside its value, which YAML reads as the start of a "
        'new key. Put the whole value in quotes: text: "Note: this"'),
    "no space after the colon": (
        "format: 1\ntitle:Intro\nsummary: A first look.\n", 2, "yaml-no-space-after-colon",
        "Line 2 needs a space after the colon: write title: Intro"),
    "a key without its colon": (
        "format: 1\ntitle Intro\nsummary: A first look.\n", 2, "yaml-no-colon",
        "Line 2 has no colon: write the key, a colon and a space, then the value, as in "
        "title: Intro. If it continues the value above, indent it further."),
    "a line starting with &": (
        "format: 1\n& title: Intro\n", 2, "yaml-reserved-start",
        "Line 2 starts with &, which YAML keeps for its own use. If it is part of a value, put "
        "the whole value in quotes."),
    "a key written twice": (
        "title: Intro\nsummary: A first look.\ntitle: Welcome\n", 3, "yaml-duplicate-key",
        "Line 3 repeats the key title, already on line 1. Keep one of them."),
    "a value starting with @": (
        "prompt: @12thMW is a username\n", 1, "yaml-reserved-start",
        "The value on line 1 starts with @, which YAML keeps for its own use. Put the whole "
        'value in quotes: prompt: "@12thMW is a username"'),
    "a value starting with *": (
        "text: *bold* words\n", 1, "yaml-reserved-start",
        "The value on line 1 starts with *, which YAML keeps for its own use. Put the whole "
        'value in quotes: text: "*bold* words"'),
    "a list never closed": (
        "tags: [social media, cpd\ntitle: Intro\n", 1, "yaml-unclosed-bracket",
        "A list opened with [ on line 1 is never closed: add ] at its end."),
    "text after the closing quote": (
        'title: "Social" media\n', 1, "yaml-text-after-quote",
        "Line 1 has more text after the closing quote. Put the whole value inside the quotes."),
}


@pytest.mark.parametrize("name", list(MISTAKES))
def test_each_mistake_is_found_where_it_starts_and_said_plainly(name):
    text, line, code, words = MISTAKES[name]
    node, problems = load_yaml(text, "module.yaml")
    errors = [p for p in problems if not p.warning]
    assert [(p.path, p.line, p.code) for p in errors] == [("module.yaml", line, code)]
    assert say(errors[0]) == words


REPORTED = """\
format: 1
id: demo
version: 1.0.0
title: Demo
summary: "A module about things
duration_minutes: 10
steps:
  - type: lesson
\ttitle: Intro
    file: lessons/intro.md
"""


def test_the_reported_file_names_both_mistakes_once_each():
    """An unclosed quote on line 5 and a tab on line 9, in a 10-line file: not 'line 11'."""
    node, problems = load_yaml(REPORTED, "module.yaml")
    assert node is None
    assert [(p.line, say(p)) for p in problems] == [
        (5, "A quote opened on line 5 is never closed: add the closing quote at the end of "
            "the value."),
        (9, "Line 9 starts with a tab: YAML needs spaces to indent. Replace the tab with "
            "spaces."),
    ]


def test_a_tab_inside_a_quoted_value_of_a_good_file_is_no_problem():
    node, problems = load_yaml('title: "a\tb"\n')
    assert problems == [] and node.value["title"].value == "a\tb"
