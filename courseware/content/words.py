"""The words for the validator's problems, made from their data: one sentence that says what is
wrong and what to do, the same on the command line and in the browser."""

from __future__ import annotations

from courseware.content.errors import Problem as Found
from courseware.content.format import LEVELS
from courseware.content.markup import MarkupProblem, markup_words

KIB = 1024
MIB = 1024 * KIB

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
    # the files of a package
    "path-backslash": "backslashes are not allowed in paths; use / between folders",
    "path-absolute": "absolute paths are not allowed; paths are relative to the package",
    "path-dotdot": "'..' is not allowed in paths inside a package",
    "path-nul": "the path contains a NUL character",
    "not-a-package": "this is not a folder or a .zip file",
    "no-such-package": "no such folder or .zip file",
    "zip-unreadable": "this is not a readable .zip file ({reason})",
    "symlink": "symbolic links are not allowed in a package",
    "special-file": "device files and other special files are not allowed",
    "zip-encrypted": "encrypted files are not supported; zip without a password",
    "zip-duplicate": "this file appears twice in the zip",
    "zip-bomb": "compressed more than {ratio}:1 ({packed} expands to {size}); this looks like a "
                "zip bomb and was refused",
    "zip-entry-unreadable": "could not be read from the zip ({reason})",
    "zip-size-mismatch": "the file's real size does not match the zip's header; the archive is "
                         "damaged or was made to mislead",
    "package-too-big-while-read": "the package is bigger than {cap}",
    "file-grew": "the file grew past its limit while being read",
    "file-too-big": "the file is {size}; the limit for {kind} is {cap}",
    "media-too-big": "the file is {size}; the limit for {kind} is {cap}",
    "package-too-many-files": "the package has {count} files; the limit is {limit}",
    "package-too-big": "the package is {size}; the limit is {cap}",
    "package-unreadable": "the package could not be read",
    "file-not-utf8": "the file is not UTF-8 text; save it as UTF-8 (most editors offer this "
                     "under Save As or Encoding)",
    "file-not-mapping": "the file must be a mapping of keys and values (found {found})",
    # pictures in media/
    "media-svg": "SVG images are not allowed (they can carry scripts); export the image as PNG",
    "media-not-picture-name": "media/ may hold only .png, .jpg, .jpeg, .gif and .webp images",
    "media-empty": "the image file is empty",
    "media-wrong-type": "the file is named .{ext} but holds a {holds} image; rename it to "
                        ".{rename}",
    "media-unreadable": "the file starts like a {name} image but cannot be read as one; open it "
                        "in a picture editor and save it again",
    # keys and values of a mapping
    "unknown-key": "unknown key '{key}' in {what}{did}",
    "missing-key": "missing required key '{key}' in {what}",
    "needs-text": "{key} needs some text (found {found})",
    "too-long": "{key} is {length} characters long; the limit is {limit}",
    "not-whole-number": "{key} must be a whole number from {low} to {high} (found {found})",
    "not-boolean": "{key} must be true or false (found {found})",
    "not-list": "{key} must be a list, e.g. {key}: [first, second] (found {found})",
    "entry-not-text": "each entry in {key} must be some text (found {found})",
    "not-mapping": "{key} must be a mapping of keys and values (found {found})",
    # files a step names, pictures and links in Markdown
    "file-ref-wrong-suffix": "{kind} files must end in {suffix} (found '{ref}')",
    "file-ref-not-found": "file not found: '{ref}' is not in the package{did}",
    "image-bad-address": "the image address '{url}' is not valid; write '{example}'",
    "image-no-name": "an image needs a file name",
    "image-remote": "remote images are not allowed (found '{url}'): modules must work offline "
                    "and must not track learners; put the file in media/ and write '{example}'",
    "image-data": "data: images are not allowed; put the file in media/ and write '{example}'",
    "image-not-file": "an image must be a file in media/, written like '{example}' "
                      "(found '{url}')",
    "image-absolute": "image paths are relative to this file, e.g. '{example}' (found '{url}')",
    "image-outside": "the image path '{url}' leads outside the package",
    "image-not-in-media": "images must be in the media/ folder (found '{url}', which is "
                          "'{resolved}'); write '{example}'",
    "image-not-found": "image not found: '{url}' (looked for {resolved}){did}",
    "link-not-allowed": "links may only be http, https or mailto addresses (found '{url}')",
    # module.yaml
    "format-not-integer": "format must be the integer 1 (found {found})",
    "format-unsupported": "this package says format {number}; this server reads format 1",
    "bad-id": "{what} '{value}' is not a valid id: use lowercase letters, digits and inner "
              "hyphens, at most 64 characters (e.g. '{example}')",
    "bad-version": "version must be MAJOR.MINOR.PATCH, e.g. 1.0.0 (found '{value}')",
    "bad-level": "level must be one of {levels} (found '{value}'){did}",
    "bad-language": "language must be a language tag such as en-GB or cy (found '{value}')",
    "bad-licence": "licence must be an SPDX identifier such as CC-BY-SA-4.0 (found '{value}')",
    # steps
    "steps-not-list": "steps must be a list with at least one step (found {found})",
    "step-not-mapping": "each step must be a mapping with type, title, ... (found {found})",
    "unknown-type": "unknown {noun} type '{kind}'; use {types}{did}",
    "step-id-from-nothing": "cannot make an id from this step's title or file name; add an id:",
    "lesson-empty": "the lesson is empty",
    # quizzes
    "quiz-questions-and-file": "a quiz has either questions: or file:, not both",
    "quiz-set-twice": "{key} is also set for this quiz in module.yaml (line {other}); keep one",
    "quiz-no-questions": "a quiz needs questions: or file: quizzes/<name>.yaml",
    "questions-not-list": "questions must be a list with at least one question (found {found})",
    "question-not-mapping": "each question must be a mapping with id, type, prompt, ... "
                            "(found {found})",
    "question-id-taken": "question id '{id}' is already used on line {first}",
    "choices-not-list": "choices must be a list (found {found})",
    "choices-count": "a {kind} question needs {low} to {high} choices (found {count})",
    "choice-not-mapping": "each choice must be a mapping with text: and correct: "
                          "(found {found})",
    "choice-repeated": "two choices say '{text}' (see line {first})",
    "single-correct-count": "a single question needs exactly one correct choice (found "
                            "{correct}); use type: multiple for more than one",
    "multiple-no-correct": "a multiple question needs at least one correct choice (found 0)",
    "accept-not-list": "accept must be a list of at least one answer, e.g. accept: [\"#\", hash] "
                       "(found {found})",
    "comment-cuts-text": "Line {line}: “{cut}” is left out of {key}, because a space followed by "
                         "# starts a comment. If it belongs there, put the whole value in "
                         "quotes: {key}: {quoted}",
}


def say(found: Found) -> str:
    """The words for one problem, for the command line and the browser alike."""
    code, facts = found.code, {**dict(found.facts), "line": found.line}
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
    special = _SPECIAL.get(code)
    if special is not None:
        return special(found)
    if code in WORDS:
        return WORDS[code].format(**_derived(facts))
    return f"{code} ({', '.join(f'{k}: {v}' for k, v in found.facts)})"


def _derived(facts: dict) -> dict:
    """The facts, with the ones said in a form of their own (sizes, suggestions) made words."""
    out = dict(facts)
    if "value" in facts or "full" in facts:
        out["quoted"] = quoted(facts.get("full", facts.get("value", "")))
    if "suggestion" in facts:
        out["did"] = f"; did you mean '{facts['suggestion']}'?" if facts["suggestion"] else ""
    for name in ("size", "cap", "packed"):  # byte counts
        if isinstance(facts.get(name), int):
            out[name] = human_size(facts[name])
    out["levels"] = ", ".join(LEVELS)
    if "types" in facts:
        out["types"] = one_of(facts["types"])
    return out


def one_of(options: tuple[str, ...] | list[str]) -> str:
    """'a, b or c'."""
    return ", ".join(options[:-1]) + " or " + options[-1] if len(options) > 1 else options[0]


def human_size(n: int) -> str:
    """A byte count as people say it: 512 KiB, 5.2 MiB."""
    if n >= MIB:
        return f"{n / MIB:.1f} MiB".replace(".0 ", " ")
    if n >= KIB:
        return f"{n / KIB:.1f} KiB".replace(".0 ", " ")
    return f"{n} bytes"


def pixel_words(width: int, height: int, max_side: int, max_pixels: int) -> str:
    """'30000 × 30000 pixels; the most is 10000 pixels on a side and 25 million in all'."""
    limit = f"the most is {max_side} pixels on a side and {max_pixels // 1_000_000} million in all"
    if width:
        return f"{width} × {height} pixels; {limit}"
    return f"too many pixels; {limit}"


def _missing_type(found: Found) -> str:
    return f"missing required key 'type' in {found.fact('what')} ({one_of(found.fact('types'))})"


def _file_ref_path(found: Found) -> str:
    return f"file: {WORDS[found.fact('fault')]} (found '{found.fact('ref')}')"


def _no_manifest(found: Found) -> str:
    deeper = found.fact("deeper")
    hint = f" (found {deeper}; put the package's files at the top)" if deeper else ""
    return f"the package has no module.yaml at its top level{hint}"


def _markup(found: Found) -> str:
    bounds = MarkupProblem(found.code.removeprefix("markup-"), found.line, found.fact("limit"))
    return f"this line {markup_words(bounds)}"


def _step_id_taken(found: Found) -> str:
    hint = "; give one of them its own id:" if found.fact("defaulted") else ""
    return (f"step id '{found.fact('id')}' is already used by the step on line "
            f"{found.fact('first')}{hint}")


def _key_not_for_type(found: Found) -> str:
    return (f"'{found.fact('key')}' is not used by {found.fact('kind')} questions (it belongs to "
            f"{' and '.join(found.fact('belongs'))} questions)")


def _not_an_image(found: Found) -> str:
    looks = "text" if found.fact("text") else "an unknown kind of file"
    return (f"the file is named .{found.fact('ext')} but is not a {found.fact('name')} image "
            f"(it holds {looks})")


def _too_many_pixels(found: Found) -> str:
    size = pixel_words(found.fact("width"), found.fact("height"), found.fact("max_side"),
                       found.fact("max_pixels"))
    return f"the picture is {size}; make it smaller in a picture editor and save it again"


_SPECIAL = {
    "missing-type": _missing_type,
    "file-ref-bad-path": _file_ref_path,
    "no-module-yaml": _no_manifest,
    "markup-too-deep": _markup,
    "markup-too-many": _markup,
    "markup-too-many-attributes": _markup,
    "step-id-taken": _step_id_taken,
    "key-not-for-type": _key_not_for_type,
    "media-not-image": _not_an_image,
    "media-too-many-pixels": _too_many_pixels,
}


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
