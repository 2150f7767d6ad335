"""Reading packages from folders and zips, and refusing hostile archives before extracting."""

import os
import stat
import struct
import warnings
import zipfile

import pytest

from courseware.content import PackageError, content_hash, read_package

from .helpers import VALID, entry, png_bytes, valid_files, zip_bytes, zip_with

EXPECTED = [
    "lessons/01-what-is-social-media.md",
    "lessons/02-hashtags.md",
    "media/padlock.png",
    "module.yaml",
    "quizzes/hashtags.yaml",
]


def errors_of(source) -> list[str]:
    with pytest.raises(PackageError) as info:
        read_package(source)
    assert str(info.value) == "\n".join(info.value.errors)
    return info.value.errors


def test_folder_is_read_into_posix_paths():
    files = read_package(VALID)
    assert sorted(files) == EXPECTED
    assert files["media/padlock.png"] == (VALID / "media/padlock.png").read_bytes()
    assert read_package(str(VALID)) == files


def test_folder_skips_hidden_and_junk_files(tmp_path):
    root = tmp_path / "pkg"
    root.mkdir()
    for name, data in valid_files().items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    (root / ".git").mkdir()
    (root / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (root / ".DS_Store").write_bytes(b"\0\0\0\1Bud1")
    (root / "lessons" / ".notes.md.swp").write_bytes(b"\0")
    (root / "Thumbs.db").write_bytes(b"\0")
    assert sorted(read_package(root)) == EXPECTED


def test_folder_refuses_symlinks(tmp_path):
    root = tmp_path / "pkg"
    (root / "lessons").mkdir(parents=True)
    (root / "module.yaml").write_text("format: 1\n")
    os.symlink("/etc/passwd", root / "lessons" / "passwd.md")
    os.symlink("/etc", root / "etc")
    assert errors_of(root) == [
        "etc: symbolic links are not allowed in a package",
        "lessons/passwd.md: symbolic links are not allowed in a package",
    ]


def test_folder_refuses_fifo_and_oversized_files(tmp_path):
    root = tmp_path / "pkg"
    (root / "media").mkdir(parents=True)
    os.mkfifo(root / "module.yaml")
    (root / "media" / "big.png").write_bytes(b"\0" * (5 * 1024 * 1024 + 1))
    assert errors_of(root) == [
        "media/big.png: the file is 5 MiB; the limit for media files is 5 MiB",
        "module.yaml: device files and other special files are not allowed",
    ]


def test_missing_path_and_non_zip_file(tmp_path):
    assert errors_of(tmp_path / "nowhere") == ["nowhere: no such folder or .zip file"]
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    assert errors_of(text) == ["notes.txt: this is not a folder or a .zip file"]
    assert errors_of(b"not a zip at all")[0].startswith("upload.zip: this is not a readable")


def test_zip_at_root_from_bytes_and_from_path(tmp_path):
    data = zip_bytes(valid_files())
    assert read_package(data) == valid_files()
    path = tmp_path / "social.zip"
    path.write_bytes(data)
    assert read_package(path) == valid_files()


def test_zip_with_one_top_level_folder_is_stripped():
    data = zip_bytes(valid_files(), top="social-media-for-technophobes/")
    assert read_package(data) == valid_files()


def test_zip_skips_macosx_junk_and_hidden_files():
    junk = {
        "__MACOSX/._module.yaml": b"\0\5\26\7",
        "__MACOSX/lessons/._02-hashtags.md": b"\0\5\26\7",
        "pkg/.DS_Store": b"\0\0\0\1Bud1",
        "pkg/.git/config": b"[core]\n",
    }
    data = zip_bytes({**{"pkg/" + k: v for k, v in valid_files().items()}, **junk})
    assert read_package(data) == valid_files()


def test_zip_directory_entries_are_skipped():
    data = zip_with([(entry("extras/", stat.S_IFDIR | 0o755), b""),
                     (entry("empty", stat.S_IFDIR | 0o755), b"")])
    assert read_package(data) == valid_files()


def test_zip_slip_is_refused():
    data = zip_with([(entry("../evil.md"), b"pwned"), (entry("lessons/../../evil2.md"), b"x")])
    assert errors_of(data) == [
        "../evil.md: '..' is not allowed in paths inside a package",
        "lessons/../../evil2.md: '..' is not allowed in paths inside a package",
    ]


def test_absolute_and_backslash_paths_are_refused():
    data = zip_with([(entry("/etc/cron.d/evil"), b"x"), (entry("C:/evil.md"), b"x"),
                     (entry("lessons\\03.md"), b"x")])
    assert errors_of(data) == [
        "/etc/cron.d/evil: absolute paths are not allowed; paths are relative to the package",
        "C:/evil.md: absolute paths are not allowed; paths are relative to the package",
        "lessons\\03.md: backslashes are not allowed in paths; use / between folders",
    ]


def test_symlink_and_device_entries_are_refused():
    data = zip_with([
        (entry("lessons/passwd.md", stat.S_IFLNK | 0o777), b"/etc/passwd"),
        (entry("media/dev.png", stat.S_IFCHR | 0o644), b""),
    ])
    assert errors_of(data) == [
        "lessons/passwd.md: symbolic links are not allowed in a package",
        "media/dev.png: device files and other special files are not allowed",
    ]


def test_zip_bomb_is_refused_from_headers_alone():
    bomb = zip_bytes({**valid_files(), "media/huge.png": b"\0" * (4 * 1024 * 1024)})
    errors = errors_of(bomb)
    assert len(errors) == 1
    assert errors[0].startswith("media/huge.png: compressed more than 100:1 (")
    assert errors[0].endswith("expands to 4 MiB); this looks like a zip bomb and was refused")


def test_small_repetitive_files_are_not_bombs():
    files = {**valid_files(), "notes.md": b"-" * 1024}
    assert read_package(zip_bytes(files)) == files


def test_oversized_files_are_refused_by_declared_size():
    files = valid_files()
    files["lessons/03-long.md"] = os.urandom(300 * 1024).hex().encode()  # 600 KiB of text
    files["module.yaml"] += b"#" + b"x" * (256 * 1024)
    errors = errors_of(zip_bytes(files, stored=True))
    assert errors == [
        "lessons/03-long.md: the file is 600 KiB; the limit for lessons is 512 KiB",
        "module.yaml: the file is 257.8 KiB; the limit for YAML files is 256 KiB",
    ]


def test_too_many_files_is_refused():
    files = {**valid_files(), **{f"media/{n}.png": png_bytes() for n in range(496)}}
    assert errors_of(zip_bytes(files)) == [
        "package: the package has 501 files; the limit is 500"
    ]


def test_whole_package_cap():
    blob = b"\0" * (5 * 1024 * 1024)
    files = {**valid_files(), **{f"media/{n}.png": blob for n in range(11)}}
    assert errors_of(zip_bytes(files, stored=True)) == [
        "package: the package is 55 MiB; the limit is 50 MiB"
    ]


def test_header_that_lies_about_size_is_caught_while_reading():
    data = bytearray(zip_bytes({"module.yaml": b"format: 1\n" * 50}, stored=True))
    # Shrink the declared size in the central directory (offset 24 in its entry).
    central = data.rfind(b"PK\x01\x02")
    data[central + 24:central + 28] = struct.pack("<I", 10)
    errors = errors_of(bytes(data))
    assert len(errors) == 1
    assert errors[0].startswith("module.yaml: could not be read from the zip (")


def test_header_that_claims_more_than_it_holds_is_caught():
    data = bytearray(zip_bytes({"module.yaml": b"format: 1\n"}, stored=True))
    central = data.rfind(b"PK\x01\x02")
    data[central + 24:central + 28] = struct.pack("<I", 100)
    assert errors_of(bytes(data)) == [
        "module.yaml: the file's real size does not match the zip's header; "
        "the archive is damaged or was made to mislead"
    ]


def test_duplicate_and_encrypted_entries_are_refused():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate name
        data = bytearray(zip_with([(entry("module.yaml"), b"format: 1\n"),
                                   (entry("media/locked.png"), png_bytes())]))
    # zipfile cannot write encrypted entries: set the "encrypted" flag in the central directory.
    central = data.rfind(b"PK\x01\x02")
    data[central + 8] |= 0x1
    assert errors_of(bytes(data)) == [
        "media/locked.png: encrypted files are not supported; zip without a password",
        "module.yaml: this file appears twice in the zip",
    ]


def test_every_problem_is_reported_at_once():
    data = zip_with([(entry("../a"), b""), (entry("/b"), b""),
                     (entry("c", stat.S_IFLNK | 0o777), b"/")])
    assert len(errors_of(data)) == 3


def test_content_hash_is_stable_and_sensitive():
    files = valid_files()
    first = content_hash(files)
    assert first == content_hash(dict(reversed(list(files.items()))))
    assert first == content_hash(read_package(zip_bytes(files, top="x/")))
    assert len(first) == 64 and int(first, 16) >= 0
    changed = dict(files)
    changed["lessons/02-hashtags.md"] = files["lessons/02-hashtags.md"].replace(b"sign", b"Sign")
    assert content_hash(changed) != first
    renamed = dict(files)
    renamed["lessons/03-hashtags.md"] = renamed.pop("lessons/02-hashtags.md")
    assert content_hash(renamed) != first
    # Length prefixes stop bytes moving between a path and its data from colliding.
    assert content_hash({"a": b"bc"}) != content_hash({"ab": b"c"})


def test_content_hash_matches_the_documented_recipe():
    import hashlib

    files = {"b.md": b"two", "a.md": b"one"}
    digest = hashlib.sha256()
    for path in ("a.md", "b.md"):
        data = files[path]
        digest.update(path.encode() + b"\0" + len(data).to_bytes(8, "big") + data)
    assert content_hash(files) == digest.hexdigest()


def test_zipfile_module_is_only_read_never_extracted(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(zipfile.ZipFile, "extract", None)
    monkeypatch.setattr(zipfile.ZipFile, "extractall", None)
    read_package(zip_bytes(valid_files()))
    assert list(tmp_path.iterdir()) == []
