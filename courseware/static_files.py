"""Fingerprinted static URLs (?v=<hash of the file>), so browsers may cache them for a year."""

import hashlib
from functools import cache
from pathlib import Path

from flask import Flask, request

ONE_YEAR = 365 * 24 * 3600


@cache
def fingerprint(path: Path, mtime_ns: int) -> str:
    """A short hash of a static file's bytes (recomputed when the file changes)."""
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def fingerprint_of(folder: Path, filename: str) -> str:
    """The fingerprint of a file inside the static folder, or "" when there is none."""
    path = (folder / filename).resolve()
    if path.is_file() and folder in path.parents:
        return fingerprint(path, path.stat().st_mtime_ns)
    return ""


def init_static(app: Flask) -> None:
    """Add ?v=<fingerprint> to every url_for('static', ...) and cache such files for a year."""
    folder = Path(app.static_folder).resolve()
    known: dict[str, str] = {}  # filename -> fingerprint, or "" when there is no such file

    @app.url_defaults
    def add_fingerprint(endpoint, values):
        if endpoint != "static" or "v" in values or "filename" not in values:
            return
        filename = values["filename"]
        version = None if app.debug else known.get(filename)
        if version is None:
            version = known[filename] = fingerprint_of(folder, filename)
        if version:
            values["v"] = version

    @app.after_request
    def cache_fingerprinted(response):
        if request.endpoint == "static" and response.status_code == 200:
            response.direct_passthrough = False  # small files: read them, so they compress
            response.make_sequence()
        if request.endpoint == "static" and "v" in request.args and response.status_code == 200:
            response.cache_control.max_age = ONE_YEAR
            response.cache_control.public = True
            response.cache_control.immutable = True
        return response
