"""Safe YAML: line numbers, and anchors, aliases, tags and duplicate keys refused."""

from courseware.content.words import say
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


def facts(problems):
    """(line, code, facts) of each problem, for comparing."""
    return [(p.line, p.code, dict(p.facts)) for p in problems]


def test_alias_bomb_is_refused_without_expanding():
    node, problems = load_yaml(BILLION_LAUGHS)
    assert node is None
    assert facts(problems)[0] == (1, "yaml-anchor", {"name": "a"})
    assert (2, "yaml-alias", {"name": "a"}) in facts(problems)
    assert say(problems[0]) == "YAML anchors (&a) are not allowed; write the value out in full"


def test_python_and_other_tags_are_refused():
    node, problems = load_yaml(
        "a: !!python/object/apply:os.system ['echo hi']\nb: !!binary aGk=\nc: !!str 5\n"
    )
    assert node is None
    assert [(p.line, say(p)) for p in problems] == [
        (1, "Python tags such as !!python/object/apply:os.system are not allowed"),
        (2, "YAML tags such as !!binary are not allowed"),
    ]


def test_duplicate_keys_are_reported_with_both_lines():
    node, problems = load_yaml("title: One\nid: x\ntitle: Two\n", "module.yaml")
    assert facts(problems) == [(3, "yaml-duplicate-key", {"key": "title", "first": 1})]
    assert problems[0].path == "module.yaml"
    assert node.value["title"].value == "One"


def test_syntax_error_reports_where_it_starts():
    node, problems = load_yaml("a: 1\nb: [1, 2\nc: 3\n")
    assert node is None
    assert facts(problems) == [(2, "yaml-unclosed-bracket", {"bracket": "["})]


def test_tab_indentation_reports_its_line():
    node, problems = load_yaml("a:\n\t- b\n")
    assert node is None
    assert facts(problems) == [(2, "yaml-tab", {"at_start": True})]


def test_control_characters_report_their_line():
    node, problems = load_yaml("a: 1\nb: \x01\n")
    assert node is None
    assert [(p.line, say(p)) for p in problems] == [
        (2, "YAML cannot read this file: special characters are not allowed. Delete the "
            "character on line 2, or type the line again.")]


def test_empty_and_multi_document_files():
    assert facts(load_yaml("# nothing here\n")[1]) == [(1, "yaml-empty", {})]
    node, problems = load_yaml("a: 1\n---\nb: 2\n")
    assert node is None and facts(problems) == [(2, "yaml-two-documents", {})]
    assert say(problems[0]) == "The file must hold one YAML document: remove the --- line."


def test_deep_nesting_is_refused():
    node, problems = load_yaml("a: " + "[" * 1000 + "]" * 1000 + "\n")
    assert node is None
    assert facts(problems) == [(1, "yaml-too-deep", {"limit": 32})]


def test_a_hash_after_one_space_in_plain_text_is_a_warning_with_the_text_it_cuts():
    node, problems = load_yaml("summary: Follow #DataWeek for more.\nlevel: beginner  # or not\n"
                               "duration_minutes: 5 # minutes\ntitle: '#quoted'\n")
    assert node.value["summary"].value == "Follow"
    assert [(p.line, p.code, p.warning, dict(p.facts)) for p in problems] == [
        (1, "comment-cuts-text", True,
         {"key": "summary", "cut": "#DataWeek for more.", "full": "Follow #DataWeek for more."})]


def test_the_fast_and_the_pure_python_parser_find_the_same(monkeypatch):
    import yaml

    from courseware.content import yamlsafe

    texts = ["summary: Café, then #tag\n", "a: 1\n  b: 2\n", 'a: "x\nb: 2\n']
    fast = [load_yaml(t) for t in texts]
    monkeypatch.setattr(yamlsafe, "FAST_LOADER", yaml.SafeLoader)
    assert [load_yaml(t)[1] for t in texts] == [problems for _, problems in fast]
