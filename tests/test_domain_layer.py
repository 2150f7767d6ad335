"""The domain layer never reads the request, flashes, aborts or asks who is signed in: the views
do, and pass the domain plain values (a user id, a form's data)."""

import ast
from pathlib import Path

DOMAIN = Path(__file__).resolve().parent.parent / "courseware" / "domain"
FORBIDDEN = {"flask": {"abort", "flash", "request"}, "flask_login": {"current_user"}}
NOT_YET: set[str] = set()  # files still allowed to use the request: none


def uses_of_the_request(path: Path) -> list[str]:
    """Where a module imports or reaches for abort, flash, request or current_user."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.ImportFrom) and node.module in FORBIDDEN:
            names = sorted({a.name for a in node.names} & FORBIDDEN[node.module])
            found += [f"{path.name}:{node.lineno}: {node.module}.{name}" for name in names]
        elif (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
              and node.attr in FORBIDDEN.get(node.value.id, ())):
            found.append(f"{path.name}:{node.lineno}: {node.value.id}.{node.attr}")
    return found


def test_the_domain_layer_uses_no_request_flash_abort_or_current_user():
    found = []
    for path in sorted(DOMAIN.rglob("*.py")):
        if path.name not in NOT_YET:
            found += uses_of_the_request(path)
    assert found == []


def test_the_check_finds_them(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("import flask\nfrom flask import abort, current_app\n"
                      "from flask_login import current_user\nflask.request.args\n")
    assert uses_of_the_request(sample) == [
        "sample.py:2: flask.abort", "sample.py:3: flask_login.current_user",
        "sample.py:4: flask.request"]
    assert all((DOMAIN / name).exists() for name in NOT_YET)
