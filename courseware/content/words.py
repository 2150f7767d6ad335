"""The words for the validator's problems, made from their data: one sentence that says what is
wrong and what to do, the same on the command line and in the browser."""

from __future__ import annotations

from courseware.content.errors import Problem as Found

PACKAGE_FILES = ("a package, which holds only module.yaml, lessons (.md) in lessons/, quizzes "
                 "(.yaml) in quizzes/ and pictures in media/")
NOT_ALLOWED = {
    "remove": "Remove it from the package.",
    "lessons": "If it is a lesson, move it into lessons/.",
    "quizzes": "If it is a quiz, name it .yaml and move it into quizzes/.",
    "media": "If it is a picture, move it into media/.",
}
WORDS = {
    "yaml-unclosed-quote": "A quote opened on line {line} is never closed: add the closing quote "
                           "at the end of the value.",
    "yaml-indent": "Line {line} does not line up with the lines around it: keys that belong "
                   "together must start in the same column. Indent with spaces so that it "
                   "lines up.",
    "yaml-colon-in-value": "Line {line} has a colon and a space inside its value, which YAML "
                           "reads as the start of a new key. Put the whole value in quotes: "
                           "{key}: {quoted}",
    "yaml-no-space-after-colon": "Line {line} needs a space after the colon: write {key}: {value}",
    "yaml-no-colon": "Line {line} has no colon: write the key, a colon and a space, then the "
                     "value, as in title: Intro. If it continues the value above, indent it "
                     "further.",
    "yaml-duplicate-key": "Line {line} repeats the key {key}, already on line {first}. Keep one "
                          "of them.",
    "yaml-reserved-start": "The value on line {line} starts with {char}, which YAML keeps for its "
                           "own use. Put the whole value in quotes: {key}: {quoted}",
    "yaml-text-after-quote": "Line {line} has more text after the closing quote. Put the whole "
                             "value inside the quotes.",
    "yaml-two-documents": "The file must hold one YAML document: remove the --- line.",
    "yaml-unreadable": "YAML cannot read this file: {reason}. Delete the character on line "
                       "{line}, or type the line again.",
    "yaml-empty": "The file is empty.",
    "yaml-alias": "YAML aliases (*{name}) are not allowed; write the value out in full",
    "yaml-anchor": "YAML anchors (&{name}) are not allowed; write the value out in full",
    "yaml-too-deep": "The YAML is nested more than {limit} deep.",
    "yaml-bad-value": "YAML cannot read the value on line {line}: {reason}.",
    "yaml-key-not-text": "The key on line {line} must be a plain word, not a list or mapping.",
    "comment-cuts-text": "Line {line}: “{cut}” is left out of {key}, because a space followed by "
                         "# starts a comment. If it belongs there, put the whole value in "
                         "quotes: {key}: {quoted}",
}


def say(found: Found) -> str:
    """The words for one problem, for the command line and the browser alike."""
    code, facts = found.code, {**dict(found.facts), "line": found.line}
    if code == "said":
        return found.text
    if code == "yaml-tab":
        if found.fact("at_start"):
            return (f"Line {found.line} starts with a tab: YAML needs spaces to indent. "
                    "Replace the tab with spaces.")
        return (f"Line {found.line} has a tab where YAML needs a space. Replace the tab with a "
                "space.")
    if code == "yaml-unclosed-bracket":
        what, close = ("list", "]") if found.fact("bracket") == "[" else ("mapping", "}")
        return (f"A {what} opened with {found.fact('bracket')} on line {found.line} is never "
                f"closed: add {close} at its end.")
    if code == "yaml-reserved-start" and not found.fact("key"):
        return (f"Line {found.line} starts with {found.fact('char')}, which YAML keeps for its "
                "own use. If it is part of a value, put the whole value in quotes.")
    if code == "yaml-tag":
        kind = "Python tags" if found.fact("python") else "YAML tags"
        return f"{kind} such as {found.fact('tag')} are not allowed"
    if code == "yaml-syntax":
        start = found.fact("start")
        begun = f" What it was reading began on line {start}." if start != found.line else ""
        return (f"YAML cannot read line {found.line} ({found.fact('problem')}).{begun} Check the "
                "spaces, colons and quotes on that line and the lines just before it.")
    if code == "file-not-allowed":
        return f"This file is not allowed in {PACKAGE_FILES}. {NOT_ALLOWED[found.fact('hint')]}"
    if code in WORDS:
        if "value" in facts or "full" in facts:
            facts["quoted"] = quoted(facts.get("full", facts.get("value", "")))
        return WORDS[code].format(**facts)
    return f"{code} ({', '.join(f'{k}: {v}' for k, v in found.facts)})"


def quoted(value: str) -> str:
    """A value in the YAML quotes that keep it as written."""
    if '"' not in value and "\\" not in value:
        return f'"{value}"'
    if "'" not in value:
        return f"'{value}'"
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def line_of(error: Found | str) -> str:
    """A problem as one line of text: 'PATH:LINE: words' (or 'PATH: words'); a warning says so."""
    if isinstance(error, str):
        return error
    where = f"{error.path}:{error.line}: " if error.line else f"{error.path}: "
    return where + ("warning: " if error.warning else "") + say(error)
