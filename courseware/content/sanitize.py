"""The allow-list HTML sanitiser: the one place in the project that calls bleach."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from urllib.parse import urlsplit

import bleach
from bleach.html5lib_shim import Filter

ALLOWED_TAGS = frozenset({
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "code", "pre",
    "blockquote", "ul", "ol", "li", "a", "img", "table", "thead", "tbody", "tr", "th", "td",
    "dl", "dt", "dd", "abbr", "sup", "sub", "del", "kbd",
})
ALLOWED_ATTRIBUTES = {
    "a": ["href", "title"],
    "img": ["src", "alt", "title", "width", "height"],
    "th": ["scope", "align"],
    "td": ["align"],
    "abbr": ["title"],
    "ol": ["start"],
}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow noopener noreferrer"

# Elements removed together with everything inside them (bleach alone would keep their text).
DROP_WITH_CONTENT = frozenset({
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "svg", "math",
    "template", "noscript", "noembed", "noframes", "xmp", "textarea", "select", "title",
})

_HREF = (None, "href")
_SRC = (None, "src")
_ALT = (None, "alt")


def _dropping_walker(walker: Callable) -> Callable:
    """Wrap bleach's tree walker so dangerous elements vanish with their content."""

    class DropDangerous(Filter):
        def __iter__(self) -> Iterator[dict]:
            depth = 0
            for token in super().__iter__():
                kind, name = token["type"], token.get("name")
                if name in DROP_WITH_CONTENT and kind in ("StartTag", "EndTag", "EmptyTag"):
                    if kind == "StartTag":
                        depth += 1
                    elif kind == "EndTag":
                        depth = max(depth - 1, 0)
                    continue
                if not depth:
                    yield token

    return lambda dom: DropDangerous(walker(dom))


def _safe_href(href: str) -> bool:
    if href.startswith("#"):
        return True
    try:
        scheme = urlsplit(href).scheme.lower()
    except ValueError:
        return False
    return scheme in ALLOWED_PROTOCOLS and "\\" not in href


def _safe_img_src(src: str) -> bool:
    if "\\" in src or src.startswith("//"):
        return False
    try:
        scheme = urlsplit(src).scheme.lower()
    except ValueError:
        return False
    return scheme in ("", "http", "https")


def _finishing_filter(image_src: Callable[[str], str | None] | None) -> type[Filter]:
    """After sanitising: demote h1, fix links' rel, drop unsafe hrefs and unwanted images."""

    class Finish(Filter):
        def __iter__(self) -> Iterator[dict]:
            for token in super().__iter__():
                kind = token["type"]
                if kind not in ("StartTag", "EndTag", "EmptyTag"):
                    yield token
                    continue
                name = token["name"]
                if name == "h1":
                    token["name"] = "h2"
                elif name == "a" and kind == "StartTag":
                    attrs = token["data"]
                    if _HREF in attrs and not _safe_href(attrs[_HREF]):
                        del attrs[_HREF]
                    attrs[(None, "rel")] = LINK_REL
                elif name == "img":
                    attrs = token["data"]
                    src = attrs.get(_SRC, "")
                    if src and image_src is not None:
                        src = image_src(src) or ""
                    elif src and not _safe_img_src(src):
                        src = ""
                    if not src:
                        alt = attrs.get(_ALT, "")
                        if alt:
                            yield {"type": "Characters", "data": alt}
                        continue
                    attrs[_SRC] = src
                yield token

    return Finish


def sanitize_html(html: str, *, image_src: Callable[[str], str | None] | None = None) -> str:
    """Clean HTML through the allow-list; the project's only call to bleach.

    Disallowed tags are stripped (their text kept), but script, style, iframe, object, svg,
    math and similar go with all their content. h1 becomes h2 (the page's own title is the h1).
    Links keep only http, https, mailto or #fragment hrefs and get rel="nofollow noopener
    noreferrer". Images keep http(s) or relative srcs; with ``image_src`` every src is passed
    to it instead and replaced by what it returns, or the image is replaced by its alt text
    when it returns None.
    """
    cleaner = bleach.Cleaner(
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        protocols=ALLOWED_PROTOCOLS,
        strip=True,
        strip_comments=True,
        filters=[_finishing_filter(image_src)],
    )
    # Let the parser build the dangerous elements (bleach's tokenizer would otherwise turn them
    # into bare text, content and all) so the walker can drop them whole.
    cleaner.parser.tags = ALLOWED_TAGS | DROP_WITH_CONTENT
    cleaner.walker = _dropping_walker(cleaner.walker)
    return cleaner.clean(html)
