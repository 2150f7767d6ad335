"""Safe YAML: line numbers, and anchors, aliases, tags and duplicate keys refused."""

from courseware.content.yamlsafe import load_yaml

from .helpers import BILLION_LAUGHS


def test_values_carry_their_lines():
    node, problems = load_yaml("a: 1\nb:\n  - x\n  - |\n    text\nc: {d: true}\n")
    assert problems == []
    assert node.kind == "map" and node.key_lines == {"a": 1, "b": 2, "c": 6}
    assert node.value["a"].value == 1
    items = node.value["b"].value
    assert [(i.value, i.line) for i in items] == [("x", 3), ("text\n", 4)]
    assert items[1].style == "|"
    assert node.value["c"].value["d"].value is True


def test_plain_scalars_keep_their_source_text():
    node, _ = load_yaml("version: 1.0\ntext: No\n")
    assert node.value["version"].value == 1.0 and node.value["version"].raw == "1.0"
    assert node.value["text"].value is False and node.value["text"].raw == "No"
    assert node.value["text"].style is None  # plain, whichever parser (libyaml says "")


def test_unquoted_words_stay_text_in_the_built_module():
    from courseware.content import build_module
    from tests.content.helpers import edit

    files = edit("module.yaml", "          - text: A spreadsheet", "          - text: No")
    texts = [c["text"] for s in build_module(files)["steps"] for q in s.get("questions") or []
             for c in q.get("choices", [])]
    assert "No" in texts and "False" not in texts


def test_alias_bomb_is_refused_without_expanding():
    node, problems = load_yaml(BILLION_LAUGHS)
    assert node is None
    assert problems[0] == (1, "YAML anchors (&a) are not allowed; write the value out in full")
    assert (2, "YAML aliases (*a) are not allowed; write the value out in full") in problems


def test_python_and_other_tags_are_refused():
    node, problems = load_yaml(
        "a: !!python/object/apply:os.system ['echo hi']\nb: !!binary aGk=\nc: !!str 5\n"
    )
    assert node is None
    assert problems == [
        (1, "Python tags such as !!python/object/apply:os.system are not allowed"),
        (2, "YAML tags such as !!binary are not allowed"),
    ]


def test_duplicate_keys_are_reported_with_both_lines():
    node, problems = load_yaml("title: One\nid: x\ntitle: Two\n")
    assert problems == [(3, "duplicate key 'title' (first on line 1)")]
    assert node.value["title"].value == "One"


def test_syntax_error_reports_its_line():
    node, problems = load_yaml("a: 1\nb: [1, 2\nc: 3\n")
    assert node is None
    assert problems == [(3, "YAML syntax error: expected ',' or ']', but got ':'")]


def test_tab_indentation_reports_its_line():
    node, problems = load_yaml("a:\n\t- b\n")
    assert node is None and problems[0][0] == 2
    assert problems[0][1].startswith("YAML syntax error: ")


def test_control_characters_report_their_line():
    assert load_yaml("a: 1\nb: \x01\n") == (
        None, [(2, "YAML cannot read this file: special characters are not allowed")]
    )


def test_empty_and_multi_document_files():
    assert load_yaml("# nothing here\n") == (None, [(1, "the file is empty")])
    assert load_yaml("a: 1\n---\nb: 2\n") == (
        None, [(2, "the file must hold one YAML document; remove the '---' line")]
    )


def test_deep_nesting_is_refused():
    node, problems = load_yaml("a: " + "[" * 1000 + "]" * 1000 + "\n")
    assert node is None
    assert problems == [(1, "the YAML is nested more than 32 deep")]
