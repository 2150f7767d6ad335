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


def init_static(app: Flask) -> None:
    """Add ?v=<fingerprint> to every url_for('static', ...) and cache such files for a year."""
    folder = Path(app.static_folder)

    @app.url_defaults
    def add_fingerprint(endpoint, values):
        if endpoint != "static" or "v" in values or "filename" not in values:
            return
        path = (folder / values["filename"]).resolve()
        if path.is_file() and folder.resolve() in path.parents:
            values["v"] = fingerprint(path, path.stat().st_mtime_ns)

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
