"""Zips built in memory, read, then validated: what an upload goes through."""

import random

import pytest

from courseware.content import (
    PackageError,
    build_module,
    read_package,
)

from .helpers import BILLION_LAUGHS, PACKAGES, checked, edit, png_bytes, valid_files, zip_bytes

SVG_MESSAGE = "SVG images are not allowed (they can carry scripts); export the image as PNG"


def upload(files: dict[str, bytes], top: str = "") -> list[str]:
    return checked(read_package(zip_bytes(files, top=top)))


def test_valid_zip_in_a_folder_with_macosx_junk_builds():
    files = {**valid_files(), "__MACOSX/._module.yaml": b"\0\5\26\7", ".DS_Store": b"\0"}
    data = zip_bytes(files, top="social-media-for-technophobes/")
    assert build_module(read_package(data)) == build_module(valid_files())


def test_svg_in_media():
    files = {**valid_files(), "media/logo.svg": b'<svg xmlns="http://www.w3.org/2000/svg"/>'}
    assert upload(files) == [f"media/logo.svg: {SVG_MESSAGE}"]


def test_png_named_file_that_is_really_text():
    files = {**valid_files(), "media/padlock.png": b"<html>not an image</html>\n"}
    assert upload(files) == [
        "media/padlock.png: the file is named .png but is not a PNG image (it holds text)"
    ]


def test_png_named_file_that_is_really_svg():
    files = {**valid_files(), "media/padlock.png": b'<?xml version="1.0"?>\n<svg onload="x"/>'}
    assert upload(files) == [f"media/padlock.png: {SVG_MESSAGE}"]


def test_alias_bomb_module_yaml():
    files = {**valid_files(), "module.yaml": BILLION_LAUGHS.encode()}
    errors = upload(files)
    assert errors[0] == (
        "module.yaml:1: YAML anchors (&a) are not allowed; write the value out in full"
    )
    assert "module.yaml:2: YAML aliases (*a) are not allowed; write the value out in full" in errors


def test_python_tag_in_a_quiz_file():
    files = edit("quizzes/hashtags.yaml", "pass_mark: 100",
                 "pass_mark: !!python/object/apply:os.system ['rm -rf /']")
    assert upload(files) == [
        "quizzes/hashtags.yaml:1: Python tags such as !!python/object/apply:os.system "
        "are not allowed"
    ]


def test_nested_top_level_folder_is_stripped_only_once():
    assert upload(valid_files(), top="outer/") == []
    assert upload(valid_files(), top="outer/inner/") == [
        "module.yaml: the package has no module.yaml at its top level "
        "(found inner/module.yaml; put the package's files at the top)"
    ]


def test_hostile_zip_never_reaches_validation():
    with pytest.raises(PackageError) as info:
        read_package(zip_bytes({**valid_files(), "../../etc/evil.png": png_bytes()}))
    assert info.value.errors == [
        "../../etc/evil.png: '..' is not allowed in paths inside a package"
    ]


def test_broken_fixture_reports_every_error_in_one_run():
    errors = checked(read_package(PACKAGES / "broken"))
    assert errors == [
        "lessons/start.md:3: remote images are not allowed "
        "(found 'https://tracker.example/pixel.gif'): modules must work offline and must not "
        "track learners; put the file in media/ and write '../media/picture.png'",
        "lessons/start.md:7: links may only be http, https or mailto addresses "
        "(found 'missing.md')",
        f"media/diagram.svg: {SVG_MESSAGE}",
        "media/photo.png: the file is named .png but is not a PNG image (it holds text)",
        "module.yaml:3: id 'Broken_Module' is not a valid id: use lowercase letters, digits and "
        "inner hyphens, at most 64 characters (e.g. 'broken-module')",
        "module.yaml:4: version must be MAJOR.MINOR.PATCH, e.g. 1.0.0 (found '1.0')",
        "module.yaml:7: duration_minutes must be a whole number from 1 to 600 (found '900')",
        "module.yaml:8: level must be one of beginner, intermediate, advanced (found 'expert')",
        "module.yaml:10: unknown key 'licnce' in module.yaml; did you mean 'licence'?",
        "module.yaml:17: file not found: 'lessons/missing.md' is not in the package; "
        "did you mean 'lessons/start.md'?",
        "module.yaml:21: step id 'quiz' is already used by the step on line 18; "
        "give one of them its own id:",
        "module.yaml:27: a single question needs exactly one correct choice (found 2); "
        "use type: multiple for more than one",
        "quizzes/quiz.yaml:4: YAML anchors (&p) are not allowed; write the value out in full",
        "quizzes/quiz.yaml:5: YAML aliases (*p) are not allowed; write the value out in full",
    ]


def test_damaged_packages_give_errors_never_exceptions():
    rng = random.Random(20240601)
    original = valid_files()
    pieces = ["\n", " ", "  ", "-", ":", "[", "]", "{", "}", "&", "*", "!", "|", ">", "'", '"',
              "#", "\t", "<img src=", "](", "![", "http://[::1", "%", "\\", "\x00", "é"]
    for _ in range(120):
        files = dict(original)
        path = rng.choice(["module.yaml", "quizzes/hashtags.yaml", "lessons/02-hashtags.md"])
        text = files[path].decode()
        for _ in range(rng.randint(1, 4)):
            at = rng.randrange(len(text))
            if rng.random() < 0.5:
                text = text[:at] + rng.choice(pieces) + text[at:]
            else:
                text = text[:at] + text[at + rng.randint(1, 20):]
        files[path] = text.encode()
        errors = checked(files)
        assert all(isinstance(e, str) and e.count(":") >= 1 for e in errors)
        if not errors:
            build_module(files)
