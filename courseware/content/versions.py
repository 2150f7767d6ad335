"""Version numbers of a module: MAJOR.MINOR.PATCH, the next ones, and which to suggest."""

from __future__ import annotations

import re

from courseware.content.format import MANIFEST, VERSION
from courseware.content.manifest import read_manifest, with_manifest
from courseware.content.yamlsafe import errors_only, load_yaml


def parse_version(version: str | None) -> tuple[int, int, int] | None:
    """MAJOR.MINOR.PATCH as three numbers, or None."""
    match = VERSION.match(version or "")
    return tuple(int(part) for part in match.groups()) if match else None  # type: ignore


def next_versions(latest: str | None) -> dict[str, str]:
    """The numbers a patch, minor or major release after latest would have."""
    parsed = parse_version(latest)
    if parsed is None:
        return {"major": "1.0.0"}
    major, minor, patch = parsed
    return {
        "patch": f"{major}.{minor}.{patch + 1}",
        "minor": f"{major}.{minor + 1}.0",
        "major": f"{major + 1}.0.0",
    }


def shape(steps: list[dict]) -> dict[str, tuple[str, tuple[str, ...]]]:
    """Each step id's type and question ids: what learners' progress depends on."""
    return {
        s["id"]: (s["type"], tuple(q["id"] for q in s.get("questions") or []))
        for s in steps
    }


def suggest_bump(old: dict | None, new: dict) -> tuple[str, str]:
    """The release kind to suggest from the steps' shape before and after, with the reason."""
    if old is None:
        return "major", "This is the module's first version."
    gone = [k for k in old if k not in new or new[k][0] != old[k][0]]
    dropped = [k for k in old if k in new and not set(old[k][1]) <= set(new[k][1])]
    if gone or dropped:
        return "major", ("Steps or questions were taken out or changed type, so this is a "
                         "major change.")
    added = [k for k in new if k not in old]
    grown = [k for k in new if k in old and set(new[k][1]) > set(old[k][1])]
    if added or grown or list(new) != [k for k in old if k in new]:
        return "minor", "Steps or questions were added or moved, so this is a minor change."
    return "patch", "The steps and questions are the same; only their words or pictures changed."


def set_version(files: dict[str, bytes], version: str) -> dict[str, bytes]:
    """The files with module.yaml's version set, changing only that line when it can."""
    text = files[MANIFEST].decode("utf-8-sig")
    node, problems = load_yaml(text)
    readable = node is not None and not errors_only(problems) and node.kind == "map"
    if readable and "version" in node.value:
        lines = text.split("\n")
        index = node.value["version"].line - 1
        line = lines[index]
        new, count = re.subn(
            r"^(\s*version\s*:\s*)(?:'[^']*'|\"[^\"]*\"|[^\s#]+)", lambda m: m.group(1) + version,
            line, count=1,
        )
        if count:
            lines[index] = new
            return {**files, MANIFEST: "\n".join(lines).encode("utf-8")}
    manifest = read_manifest(files)
    manifest["version"] = version
    return with_manifest(files, manifest)
