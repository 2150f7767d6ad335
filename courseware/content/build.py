"""Build the normalised, rendered module that the server stores for one package version."""

from __future__ import annotations

from typing import Any

from .errors import PackageError, problem
from .fields import Markdown
from .package import content_hash
from .render import render_markdown
from .validate import check_package
from .yamlsafe import errors_only


def build_module(files: dict[str, bytes], media_prefix: str = "/media/") -> dict:
    """Validate (raise PackageError(errors) if any; warnings do not stop it) and return the
    normalised module, rendered once.

    Image URLs in the HTML are media_prefix + the sha256 of the media file (content-addressed).
    """
    problems, module = check_package(files)
    errors = errors_only(problems)
    if errors or module is None:
        raise PackageError(errors or [problem("module.yaml", None, "package-unreadable")])
    urls = {path: media_prefix + entry["sha256"] for path, entry in module["media"].items()}
    cache: dict[Markdown, str] = {}

    def render(value: Any) -> Any:
        if isinstance(value, Markdown):
            if value not in cache:
                cache[value] = render_markdown(value.text, lesson_path=value.base, media=urls)
            return cache[value]
        if isinstance(value, dict):
            return {key: render(item) for key, item in value.items()}
        if isinstance(value, list):
            return [render(item) for item in value]
        return value

    steps = render(module.pop("steps"))
    media = module.pop("media")
    return {**module, "content_hash": content_hash(files), "media": media, "steps": steps}
