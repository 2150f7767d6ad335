"""Every validation rule, each shown on an edited copy of the valid package with its exact error."""

import pytest

from .helpers import GIF, JPEG, WEBP, checked, edit, errors_after, png_bytes, valid_files

M = "module.yaml"
L1 = "lessons/01-what-is-social-media.md"
L2 = "lessons/02-hashtags.md"
Q = "quizzes/hashtags.yaml"
PADLOCK = "![A padlock](../media/padlock.png)"
BASW = "[the BASW site](https://www.basw.co.uk/)"
SLUG_HELP = "use lowercase letters, digits and inner hyphens, at most 64 characters"
ONE_CORRECT = "a single question needs exactly one correct choice"
REMOTE = "modules must work offline and must not track learners; put the file in media/ and write"


def test_the_valid_package_is_valid():
    assert checked(valid_files()) == []


CASES = [
    # module.yaml: format, id, version and the other module keys
    (M, "format: 1\n", "format: 2\n",
     "module.yaml:1: this package says format 2; this server reads format 1"),
    (M, "format: 1\n", "format: '1'\n", "module.yaml:1: format must be the integer 1 (found '1')"),
    (M, "format: 1\n", "", "module.yaml:1: missing required key 'format' in module.yaml"),
    (M, "id: social-media-for-technophobes", "id: Social_Media",
     f"module.yaml:2: id 'Social_Media' is not a valid id: {SLUG_HELP} (e.g. 'social-media')"),
    (M, "id: social-media-for-technophobes", "id: " + "a" * 65,
     f"module.yaml:2: id '{'a' * 65}' is not a valid id: {SLUG_HELP} (e.g. '{'a' * 64}')"),
    (M, "version: 1.0.0", "version: 1.0",
     "module.yaml:3: version must be MAJOR.MINOR.PATCH, e.g. 1.0.0 (found '1.0')"),
    (M, "version: 1.0.0", "version: v1.0.0",
     "module.yaml:3: version must be MAJOR.MINOR.PATCH, e.g. 1.0.0 (found 'v1.0.0')"),
    (M, "title: Social media for technophobes", "title: " + "x" * 121,
     "module.yaml:4: title is 121 characters long; the limit is 120"),
    (M, "title: Social media for technophobes", "title:",
     "module.yaml:4: title needs some text (found nothing)"),
    (M, "summary: A gentle", "summary: " + "y" * 400 + " A gentle",
     "module.yaml:5: summary is 477 characters long; the limit is 400"),
    (M, "duration_minutes: 45", "duration_minutes: 0",
     "module.yaml:6: duration_minutes must be a whole number from 1 to 600 (found '0')"),
    (M, "duration_minutes: 45", "duration_minutes: 601",
     "module.yaml:6: duration_minutes must be a whole number from 1 to 600 (found '601')"),
    (M, "duration_minutes: 45", "duration_minutes: forty",
     "module.yaml:6: duration_minutes must be a whole number from 1 to 600 (found 'forty')"),
    (M, "duration_minutes: 45", "duration_minutes: true",
     "module.yaml:6: duration_minutes must be a whole number from 1 to 600 (found 'true')"),
    (M, "level: beginner", "level: beginer",
     "module.yaml:7: level must be one of beginner, intermediate, advanced (found 'beginer'); "
     "did you mean 'beginner'?"),
    (M, "language: en-GB", "language: English (UK)",
     "module.yaml:8: language must be a language tag such as en-GB or cy (found 'English (UK)')"),
    (M, "tags: [social media, cpd]", "tags: cpd",
     "module.yaml:9: tags must be a list, e.g. tags: [first, second] (found 'cpd')"),
    (M, "authors: [Jo Bloggs]", "authors: [Jo Bloggs, [x]]",
     "module.yaml:10: each entry in authors must be some text (found a list)"),
    (M, "licence: CC-BY-SA-4.0", "license: CC-BY-SA-4.0",
     "module.yaml:11: unknown key 'license' in module.yaml; did you mean 'licence'?"),
    (M, "licence: CC-BY-SA-4.0", "licence: Creative Commons!",
     "module.yaml:11: licence must be an SPDX identifier such as CC-BY-SA-4.0 "
     "(found 'Creative Commons!')"),
    (M, "pass_mark: 80", "pass_mark: 80%",
     "module.yaml:14: pass_mark must be a whole number from 0 to 100 (found '80%')"),
    (M, "certificate:\n  enabled: true", "certificate: yes\ncertificat:\n  enabled: true", (
        "module.yaml:15: certificate must be a mapping of keys and values (found 'yes')",
        "module.yaml:16: unknown key 'certificat' in module.yaml; did you mean 'certificate'?")),
    (M, "  enabled: true", "  enabled: yes please",
     "module.yaml:16: enabled must be true or false (found 'yes please')"),
    (M, "  valid_for_days: 730", "  valid_for_days: 0",
     "module.yaml:17: valid_for_days must be a whole number from 1 to 36500 (found '0')"),
    (M, "  valid_for_days: 730", "  valid_for_days: 730\n  expires: never",
     "module.yaml:18: unknown key 'expires' in certificate"),
    (M, "format: 1\n", "format: 1\nformat: 1\n",
     "module.yaml:2: Line 2 repeats the key format, already on line 1. Keep one of them."),
    (M, "steps:\n", "steps: []\nold_steps:\n", (
        "module.yaml:18: steps must be a list with at least one step (found an empty list)",
        "module.yaml:19: unknown key 'old_steps' in module.yaml; did you mean 'steps'?")),
    # steps
    (M, "  - type: reflection\n", "  - just text\n  - type: reflection\n",
     "module.yaml:65: each step must be a mapping with type, title, ... (found 'just text')"),
    (M, "  - type: lesson\n    title: Hashtags", "  - title: Hashtags",
     "module.yaml:59: missing required key 'type' in this step (lesson, quiz or reflection)"),
    (M, "  - type: lesson\n    title: Hashtags", "  - type: lessen\n    title: Hashtags",
     "module.yaml:59: unknown step type 'lessen'; use lesson, quiz or reflection; "
     "did you mean 'lesson'?"),
    (M, "    title: Hashtags quiz\n", "",
     "module.yaml:62: missing required key 'title' in this quiz step"),
    (M, "    id: check-1\n", "    id: what-is-social-media\n",
     "module.yaml:24: step id 'what-is-social-media' is already used by the step on line 19"),
    (M, "    id: check-1\n", "    id: Check 1\n",
     f"module.yaml:24: id 'Check 1' is not a valid id: {SLUG_HELP} (e.g. 'check-1')"),
    (M, "    id: my-practice\n    title: What will you do differently?", "    title: Hashtags quiz",
     "module.yaml:65: step id 'hashtags-quiz' is already used by the step on line 62; "
     "give one of them its own id:"),
    (M, "    id: what-is-social-media\n", "    id: 02-hashtags\n",
     "module.yaml:59: step id '02-hashtags' is already used by the step on line 19; "
     "give one of them its own id:"),
    (M, "    title: Hashtags quiz", "    title: '!!!'",
     "module.yaml:62: cannot make an id from this step's title or file name; add an id:"),
    # lesson files
    (M, f"    file: {L1}", "    file: /etc/passwd.md",
     "module.yaml:22: file: absolute paths are not allowed; paths are relative to the package "
     "(found '/etc/passwd.md')"),
    (M, f"    file: {L1}", "    file: ../outside.md",
     "module.yaml:22: file: '..' is not allowed in paths inside a package (found '../outside.md')"),
    (M, f"    file: {L1}", "    file: lessons\\01.md",
     "module.yaml:22: file: backslashes are not allowed in paths; use / between folders "
     "(found 'lessons\\01.md')"),
    (M, f"    file: {L1}", "    file: lessons/01-what-is-social-media.txt",
     "module.yaml:22: lesson files must end in .md (found 'lessons/01-what-is-social-media.txt')"),
    (M, f"    file: {L1}", "    file: lessons/01-what-is-socal-media.md",
     "module.yaml:22: file not found: 'lessons/01-what-is-socal-media.md' is not in the package; "
     f"did you mean '{L1}'?"),
    (M, "    title: Hashtags\n", "    titel: Hashtags\n", (
        "module.yaml:59: missing required key 'title' in this lesson step",
        "module.yaml:60: unknown key 'titel' in this lesson step; did you mean 'title'?")),
    (M, "    title: Hashtags\n", "    title: Hashtags\n    prompt: x\n",
     "module.yaml:61: unknown key 'prompt' in this lesson step"),
    # quizzes and quiz files
    (M, "    pass_mark: 75", "    pass_mark: 175",
     "module.yaml:26: pass_mark must be a whole number from 0 to 100 (found '175')"),
    (M, "    shuffle: true", "    shuffle: sometimes",
     "module.yaml:27: shuffle must be true or false (found 'sometimes')"),
    (M, "    file: quizzes/hashtags.yaml", "    file: quizzes/hashtags.yml",
     "module.yaml:64: quiz files must end in .yaml (found 'quizzes/hashtags.yml')"),
    (M, "    file: quizzes/hashtags.yaml", "    file: quizzes/missing.yaml",
     "module.yaml:64: file not found: 'quizzes/missing.yaml' is not in the package; "
     "did you mean 'quizzes/hashtags.yaml'?"),
    (M, "    file: quizzes/hashtags.yaml", "    file: quizzes/hashtags.yaml\n    questions: []",
     "module.yaml:64: a quiz has either questions: or file:, not both"),
    (M, "    file: quizzes/hashtags.yaml", "",
     "module.yaml:62: a quiz needs questions: or file: quizzes/<name>.yaml"),
    (M, "    file: quizzes/hashtags.yaml", "    file: quizzes/hashtags.yaml\n    pass_mark: 50",
     "quizzes/hashtags.yaml:1: pass_mark is also set for this quiz in module.yaml (line 65); "
     "keep one"),
    (Q, "pass_mark: 100", "pass_mark: 100\nshufle: true",
     "quizzes/hashtags.yaml:2: unknown key 'shufle' in the quiz file; did you mean 'shuffle'?"),
    (Q, "pass_mark: 100", "pass_mark: 101",
     "quizzes/hashtags.yaml:1: pass_mark must be a whole number from 0 to 100 (found '101')"),
    (Q, "pass_mark: 100", "pass_mark: [1",
     "quizzes/hashtags.yaml:1: A list opened with [ on line 1 is never closed: add ] at its end."),
    (Q, "pass_mark: 100\nquestions:", "pass_mark: 100\nquestion:", (
        "quizzes/hashtags.yaml:1: missing required key 'questions' in the quiz file",
        "quizzes/hashtags.yaml:2: unknown key 'question' in the quiz file; "
        "did you mean 'questions'?")),
    (Q, "    answer: true", "    answer: maybe",
     "quizzes/hashtags.yaml:6: answer must be true or false (found 'maybe')"),
    (Q, "pass_mark: 100", "pass_mark: !!python/object/apply:os.system ['id']",
     "quizzes/hashtags.yaml:1: Python tags such as !!python/object/apply:os.system "
     "are not allowed"),
    # questions
    (M, "    questions:\n      - id: q1", "    questions: []\n    old:\n      - id: q1", (
        "module.yaml:28: questions must be a list with at least one question "
        "(found an empty list)",
        "module.yaml:29: unknown key 'old' in this quiz step")),
    (M, "      - id: q1\n", "      - q1\n      - id: q1\n",
     "module.yaml:29: each question must be a mapping with id, type, prompt, ... (found 'q1')"),
    (M, "      - id: q2\n", "      - id: q1\n",
     "module.yaml:39: question id 'q1' is already used on line 29"),
    (M, "      - id: q1\n", "      - id: Q 1\n",
     f"module.yaml:29: question id 'Q 1' is not a valid id: {SLUG_HELP} (e.g. 'q-1')"),
    (M, "      - id: q1\n", "      - ID: q1\n", (
        "module.yaml:29: unknown key 'ID' in this single question; did you mean 'id'?",
        "module.yaml:29: missing required key 'id' in this single question")),
    (M, "        type: true_false", "        type: truefalse",
     "module.yaml:40: unknown question type 'truefalse'; use single, multiple, true_false or text; "
     "did you mean 'true_false'?"),
    (M, "        type: true_false", "        kind: true_false",
     "module.yaml:39: missing required key 'type' in this question "
     "(single, multiple, true_false or text)"),
    (M, "        prompt: You can break", "        promt: You can break", (
        "module.yaml:39: missing required key 'prompt' in this true_false question",
        "module.yaml:41: unknown key 'promt' in this true_false question; did you mean 'prompt'?")),
    (M, "        answer: false", "        answer: false\n        choices: []",
     "module.yaml:43: 'choices' is not used by true_false questions "
     "(it belongs to single and multiple questions)"),
    (M, "        answer: false", "        answer: \"no\"",
     "module.yaml:42: answer must be true or false (found 'no')"),
    (M, "        answer: false", "        explanation: none",
     "module.yaml:39: missing required key 'answer' in this true_false question"),
    (M, '        accept: ["#", "hash", "hash sign"]', "        accept: []",
     'module.yaml:46: accept must be a list of at least one answer, e.g. accept: ["#", hash] '
     "(found an empty list)"),
    (M, '        accept: ["#", "hash", "hash sign"]', '        accept: "#"',
     'module.yaml:46: accept must be a list of at least one answer, e.g. accept: ["#", hash] '
     "(found '#')"),
    (M, '        accept: ["#", "hash", "hash sign"]', '        accept: ["#", {a: 1}]',
     "module.yaml:46: each entry in accept must be some text (found a mapping)"),
    (M, '        accept: ["#", "hash", "hash sign"]', '        answers: ["#"]', (
        "module.yaml:43: missing required key 'accept' in this text question",
        "module.yaml:46: unknown key 'answers' in this text question")),
    # choices
    (M, "          - text: \"@12thMW\"\n            feedback: That is a username.\n", "",
     "module.yaml:32: a single question needs 2 to 10 choices (found 1)"),
    (M, "          - text: A spreadsheet\n",
     "".join(f"          - text: Choice {n}\n" for n in range(9)),
     "module.yaml:53: a multiple question needs 2 to 10 choices (found 11)"),
    (M, "            correct: true\n            feedback: \"Yes", "            feedback: \"Yes",
     f"module.yaml:32: {ONE_CORRECT} (found 0); use type: multiple for more than one"),
    (M, "          - text: \"@12thMW\"\n",
     "          - text: \"@12thMW\"\n            correct: true\n",
     f"module.yaml:32: {ONE_CORRECT} (found 2); use type: multiple for more than one"),
    (M, "          - text: Mastodon\n            correct: true\n          - text: Bluesky\n"
        "            correct: true\n", "          - text: Mastodon\n          - text: Bluesky\n",
     "module.yaml:53: a multiple question needs at least one correct choice (found 0)"),
    (M, "          - text: A spreadsheet\n", "          - A spreadsheet\n",
     "module.yaml:58: each choice must be a mapping with text: and correct: "
     "(found 'A spreadsheet')"),
    (M, "          - text: Bluesky", "          - text: mastodon ",
     "module.yaml:56: two choices say 'mastodon' (see line 54)"),
    (M, "            correct: true\n          - text: Bluesky",
     "            correct: yes\n          - txt: Bluesky", (
         "module.yaml:56: unknown key 'txt' in this choice; did you mean 'text'?",
         "module.yaml:56: missing required key 'text' in this choice")),
    (M, "            correct: true\n          - text: Bluesky",
     "            correct: 1\n          - text: Bluesky",
     "module.yaml:55: correct must be true or false (found '1')"),
    # reflection
    (M, "    prompt: How could following a hashtag help your practice?", "    prompt: ''",
     "module.yaml:68: prompt needs some text (found nothing)"),
    (M, "    min_words: 30", "    min_words: -1",
     "module.yaml:69: min_words must be a whole number from 0 to 2000 (found '-1')"),
    (M, "    min_words: 30", "    max_words: 30",
     "module.yaml:69: unknown key 'max_words' in this reflection step; did you mean 'min_words'?"),
    # images and links in lessons
    (L1, PADLOCK, "![A padlock](https://tracker.example/p.gif)",
     f"{L1}:5: remote images are not allowed (found 'https://tracker.example/p.gif'): "
     f"{REMOTE} '../media/picture.png'"),
    (L1, PADLOCK, "![A padlock](//tracker.example/p.gif)",
     f"{L1}:5: remote images are not allowed (found '//tracker.example/p.gif'): "
     f"{REMOTE} '../media/picture.png'"),
    (L1, PADLOCK, '<img src="http://x.org/t.gif" width=1>',
     f"{L1}:5: remote images are not allowed (found 'http://x.org/t.gif'): "
     f"{REMOTE} '../media/picture.png'"),
    (L1, PADLOCK, "![A padlock](data:image/png;base64,AAAA)",
     f"{L1}:5: data: images are not allowed; put the file in media/ and write "
     "'../media/picture.png'"),
    (L1, PADLOCK, "![A padlock](file:///etc/passwd)",
     f"{L1}:5: an image must be a file in media/, written like '../media/picture.png' "
     "(found 'file:///etc/passwd')"),
    (L1, PADLOCK, "![A padlock](/media/padlock.png)",
     f"{L1}:5: image paths are relative to this file, e.g. '../media/picture.png' "
     "(found '/media/padlock.png')"),
    (L1, PADLOCK, "![A padlock](../../padlock.png)",
     f"{L1}:5: the image path '../../padlock.png' leads outside the package"),
    (L1, PADLOCK, "![A padlock](padlock.png)",
     f"{L1}:5: images must be in the media/ folder (found 'padlock.png', which is "
     "'lessons/padlock.png'); write '../media/picture.png'"),
    (L1, PADLOCK, "![A padlock](../media/padlok.png)",
     f"{L1}:5: image not found: '../media/padlok.png' (looked for media/padlok.png); "
     "did you mean 'media/padlock.png'?"),
    (L1, PADLOCK, "![A padlock]()", f"{L1}:5: an image needs a file name"),
    (L1, PADLOCK, '<img src="http://[::1">',
     f"{L1}:5: the image address 'http://[::1' is not valid; write '../media/picture.png'"),
    (L1, "| Bluesky | News |", "| Bluesky | ![x](http://a/b.png) |",
     f"{L1}:10: remote images are not allowed (found 'http://a/b.png'): "
     f"{REMOTE} '../media/picture.png'"),
    (L1, BASW, "[the BASW site](javascript:alert(1))",
     f"{L1}:12: links may only be http, https or mailto addresses (found 'javascript:alert(1)')"),
    (L1, BASW, "[the BASW site](02-hashtags.md)",
     f"{L1}:12: links may only be http, https or mailto addresses (found '02-hashtags.md')"),
    (L1, BASW, "[the BASW site](#top)",
     f"{L1}:12: links may only be http, https or mailto addresses (found '#top')"),
    (L1, BASW, "[the BASW site](https:nohost)",
     f"{L1}:12: links may only be http, https or mailto addresses (found 'https:nohost')"),
    (L1, BASW, '<a href="ftp://x.org/">the BASW site</a>',
     f"{L1}:12: links may only be http, https or mailto addresses (found 'ftp://x.org/')"),
    (L1, BASW, "[the\nBASW site](https://www.basw.co.uk/) [x](vbscript:y)",
     f"{L1}:13: links may only be http, https or mailto addresses (found 'vbscript:y')"),
    (L1, "# What", "<div>\n<p>\n<img src='http://x/y.png'>\n</p>\n</div>\n\n# What",
     f"{L1}:3: remote images are not allowed (found 'http://x/y.png'): "
     f"{REMOTE} '../media/picture.png'"),
    # Markdown in YAML: images resolve from the YAML file; a | block keeps its line numbers
    (M, "        prompt: Which of these is a **hashtag**?",
     "        prompt: Which of these is a ![x](http://t/x.png)?",
     "module.yaml:31: remote images are not allowed (found 'http://t/x.png'): "
     f"{REMOTE} 'media/picture.png'"),
    (M, "          Choose all that apply.", "          Choose all that [apply](foo.md).",
     "module.yaml:52: links may only be http, https or mailto addresses (found 'foo.md')"),
    (M, "            feedback: That is a username.", "            feedback: '![x](pic.png)'",
     "module.yaml:37: images must be in the media/ folder (found 'pic.png', which is 'pic.png'); "
     "write 'media/picture.png'"),
    (Q, "    explanation: Most sites let you follow a hashtag like a person.",
     "    explanation: '![x](../media/missing.png)'",
     "quizzes/hashtags.yaml:7: image not found: '../media/missing.png' (looked for "
     "media/missing.png)"),
]


@pytest.mark.parametrize(
    ("path", "old", "new", "expected"),
    CASES,
    ids=lambda value: value[:40] if isinstance(value, str) else None,
)
def test_each_rule_reports_its_place(path, old, new, expected):
    expected = [expected] if isinstance(expected, str) else list(expected)
    assert errors_after(path, old, new) == expected


def test_images_in_quiz_files_resolve_from_the_quiz_file():
    files = edit(Q, "    explanation: Most sites let you follow a hashtag like a person.",
                 "    explanation: \"![A padlock](../media/padlock.png)\"")
    assert checked(files) == []


def test_media_files_are_judged_by_their_bytes():
    files = valid_files()
    files.update({
        "media/x.svg": b"<svg xmlns='http://www.w3.org/2000/svg'><script/></svg>",
        "media/sneaky.gif": b"<?xml version='1.0'?>\n<svg></svg>",
        "media/fake.png": b"hello world\n",
        "media/binary.png": b"\x00\xff\xfe\x80" * 4,
        "media/photo.png": JPEG,
        "media/notes.txt": b"notes",
        "media/empty.webp": b"",
        "media/ok.webp": WEBP,
        "media/ok.gif": GIF,
        "media/OK.JPG": JPEG,
        "media/ok.jpeg": JPEG,
        "media/sub/ok.png": png_bytes(),
    })
    svg = "SVG images are not allowed (they can carry scripts); export the image as PNG"
    assert checked(files) == [
        "media/binary.png: the file is named .png but is not a PNG image "
        "(it holds an unknown kind of file)",
        "media/empty.webp: the image file is empty",
        "media/fake.png: the file is named .png but is not a PNG image (it holds text)",
        "media/notes.txt: media/ may hold only .png, .jpg, .jpeg, .gif and .webp images",
        "media/photo.png: the file is named .png but holds a JPEG image; rename it to .jpg",
        f"media/sneaky.gif: {svg}",
        f"media/x.svg: {svg}",
    ]


def test_text_files_must_be_utf8():
    files = valid_files()
    files[L2] = "## Hashtags\n\nCafé\n".encode("latin-1")
    files[Q] = b"pass_mark: 100\n\xff\xfe\n"
    advice = ("the file is not UTF-8 text; save it as UTF-8 (most editors offer this under "
              "Save As or Encoding)")
    assert checked(files) == [f"{L2}:3: {advice}", f"{Q}:2: {advice}"]


def test_a_byte_order_mark_and_windows_line_endings_are_fine():
    files = valid_files()
    files[M] = b"\xef\xbb\xbf" + files[M].replace(b"\n", b"\r\n")
    files[L1] = files[L1].replace(b"\n", b"\r\n")
    assert checked(files) == []


def test_empty_lesson():
    files = valid_files()
    files[L2] = b"  \n\n"
    assert checked(files) == [f"{L2}: the lesson is empty"]


def test_missing_module_yaml():
    files = valid_files()
    del files[M]
    assert checked(files) == [
        "module.yaml: the package has no module.yaml at its top level"
    ]
    files["inner/module.yaml"] = b"format: 1\n"
    assert checked(files) == [
        "module.yaml: the package has no module.yaml at its top level "
        "(found inner/module.yaml; put the package's files at the top)"
    ]


def test_module_yaml_must_be_a_mapping():
    files = valid_files()
    files[M] = b"- a\n- b\n"
    assert checked(files) == [
        "module.yaml:1: the file must be a mapping of keys and values (found a list)"
    ]
    files[M] = b"# nothing yet\n"
    assert checked(files) == ["module.yaml:1: The file is empty."]


def test_anchors_and_aliases_in_module_yaml_are_refused():
    files = edit(M, "title: Social media for technophobes", "title: &t Social media")
    files = edit(M, "    title: Hashtags\n", "    title: *t\n", files)
    assert checked(files) == [
        "module.yaml:4: YAML anchors (&t) are not allowed; write the value out in full",
        "module.yaml:60: YAML aliases (*t) are not allowed; write the value out in full",
    ]


def test_unquoted_text_keeps_what_the_author_typed():
    files = edit(M, "          - text: A spreadsheet", "          - text: No")
    assert checked(files) == []


def test_question_ids_may_repeat_across_quizzes():
    assert checked(edit(Q, "  - id: follow", "  - id: q1")) == []


def test_every_error_is_reported_in_one_run_sorted_by_file_then_line():
    files = edit(M, "duration_minutes: 45", "duration_minutes: 0")
    files = edit(M, "level: beginner", "level: expert", files)
    files = edit(M, "    answer: false", "    answer: maybe", files)
    files = edit(Q, "    answer: true", "    answer: 3", files)
    files = edit(L1, PADLOCK, "![A padlock](http://x/p.png)", files)
    files["media/bad.svg"] = b"<svg/>"
    errors = checked(files)
    assert [e.split(": ")[0] for e in errors] == [
        f"{L1}:5", "media/bad.svg", "module.yaml:6", "module.yaml:7", "module.yaml:42",
        f"{Q}:6",
    ]


def test_file_dicts_that_bypass_read_package_are_still_checked():
    files = valid_files()
    files["../escape.md"] = b"x"
    files["lessons/huge.md"] = b"x" * (512 * 1024 + 1)
    assert checked(files) == [
        "../escape.md: '..' is not allowed in paths inside a package",
        "lessons/huge.md: the file is 512 KiB; the limit for lessons is 512 KiB",
    ]
    many = {**valid_files(), **{f"lessons/extra-{n}.md": b"x" for n in range(496)}}
    assert checked(many) == ["package: the package has 501 files; the limit is 500"]
