"""The course package format: read, validate, render and build modules (no Flask here)."""

from .build import build_module
from .errors import PackageError
from .package import content_hash, read_package
from .render import render_markdown
from .sanitize import sanitize_html
from .text import normalise_text_answer
from .validate import validate_package

__all__ = [
    "PackageError",
    "build_module",
    "content_hash",
    "normalise_text_answer",
    "read_package",
    "render_markdown",
    "sanitize_html",
    "validate_package",
]
