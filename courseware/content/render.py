"""Markdown (CommonMark with tables) to sanitised HTML, and the links and images a text uses."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

from markdown_it import MarkdownIt
from markdown_it.token import Token

from .markup import TooMuchMarkup, markup_problem
from .sanitize import sanitize_html


def _markdown() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": True, "linkify": False, "typographer": False}).enable(
        "table"
    )


_RENDERER = _markdown()
# For checking, every link is kept as a link (markdown-it would leave javascript: links as
# plain text), so that the validator can name it.
_CHECKER = _markdown()
_CHECKER.validateLink = lambda url: True  # type: ignore[method-assign]


def resolve_relative(base_file: str, url: str) -> str:
    """The package path a relative URL in base_file points to (may start with '..' if outside)."""
    path = unquote(urlsplit(url).path)
    return posixpath.normpath(posixpath.join(posixpath.dirname(base_file), path))


# Characters that Markdown or HTML can read as markup anywhere in a line.
_MARKUP = re.compile(r"[\\`*_\[\]<>&#+=|~]")


def is_plain(text: str) -> bool:
    """True for one line of prose that nothing would read as markup: most quiz choices, prompts
    and feedback. Such text renders the same without the parser and the sanitiser."""
    return (
        text != "" and text.isprintable() and text == text.strip()
        and not text[0].isdigit() and text[0] != "-" and not _MARKUP.search(text)
    )


def render_markdown(
    text: str, *, lesson_path: str = "lessons/x.md", media: dict[str, str] | None = None
) -> str:
    """Render Markdown to sanitised HTML; relative images become media[resolved path] URLs."""
    if is_plain(text):  # a fast path with the same result (tests/content/test_render.py)
        escaped = text.replace('"', "&quot;")
        return f"<p>{escaped}</p>\n"
    return render_markdown_fully(text, lesson_path=lesson_path, media=media)


def render_markdown_fully(
    text: str, *, lesson_path: str = "lessons/x.md", media: dict[str, str] | None = None
) -> str:
    """render_markdown without its fast path for plain text; TooMuchMarkup over the bounds."""
    problem = markup_problem(text)
    if problem is not None:
        raise TooMuchMarkup(problem)
    tokens = _RENDERER.parse(text)
    for token in tokens:
        # Table alignment arrives as style="text-align:..."; the sanitiser keeps align= only.
        if token.type in ("th_open", "td_open") and "style" in token.attrs:
            style = str(token.attrs.pop("style"))
            token.attrs["align"] = style.partition(":")[2].strip()
    html = _RENDERER.renderer.render(tokens, _RENDERER.options, {})
    urls = media or {}

    def image_src(src: str) -> str | None:
        try:
            parts = urlsplit(src)
        except ValueError:
            return None
        if parts.scheme or parts.netloc or src.startswith("/"):
            return None  # remote, data: or absolute: never shown (no tracking pixels)
        return urls.get(resolve_relative(lesson_path, src))

    return sanitize_html(html, image_src=image_src)


@dataclass(frozen=True)
class Reference:
    """An image or link found in Markdown, at its 1-based line in that text."""

    kind: str  # "image" or "link"
    url: str
    line: int


class _TagFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str, int]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        wanted = {"img": "src", "a": "href"}.get(tag)
        for name, value in attrs:
            if name == wanted and value is not None:
                kind = "image" if tag == "img" else "link"
                self.found.append((kind, value, self.getpos()[0]))

    handle_startendtag = handle_starttag


def _raw_html_refs(html: str, first_line: int) -> list[Reference]:
    finder = _TagFinder()
    finder.feed(html)
    finder.close()
    return [Reference(kind, url, first_line + line - 1) for kind, url, line in finder.found]


def find_references(text: str) -> list[Reference]:
    """Every image and link in a Markdown text, raw HTML <img>/<a> included, with its line."""
    if is_plain(text):
        return []
    refs: list[Reference] = []
    for block in _CHECKER.parse(text):
        if block.type == "html_block" and block.map:
            refs.extend(_raw_html_refs(block.content, block.map[0] + 1))
        elif block.type == "inline" and block.map:
            refs.extend(_inline_refs(block.children or [], block.map[0] + 1))
    return refs


def _inline_refs(children: list[Token], line: int) -> list[Reference]:
    refs: list[Reference] = []
    for child in children:
        if child.type == "image":
            refs.append(Reference("image", str(child.attrs.get("src", "")), line))
            refs.extend(_inline_refs(child.children or [], line))
        elif child.type == "link_open":
            refs.append(Reference("link", str(child.attrs.get("href", "")), line))
        elif child.type == "html_inline":
            refs.extend(_raw_html_refs(child.content, line))
            line += child.content.count("\n")
        elif child.type in ("softbreak", "hardbreak"):
            line += 1
    return refs
