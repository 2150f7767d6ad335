"""Every payload of the XSS corpus, through the sanitiser: nothing that could run survives."""

from html.parser import HTMLParser
from pathlib import Path

import pytest

from courseware.content import render_markdown, sanitize_html

CORPUS = Path(__file__).with_name("xss_payloads.txt").read_text(encoding="utf-8").splitlines()
PAYLOADS = [line for line in CORPUS if line.strip()]
SAFE_TAGS = {"p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "code",
             "pre", "blockquote", "ul", "ol", "li", "a", "img", "table", "thead", "tbody", "tr",
             "th", "td", "dl", "dt", "dd", "abbr", "sup", "sub", "del", "kbd"}
SAFE_SCHEMES = ("http://", "https://", "mailto:", "#", "/media/")


class Inspector(HTMLParser):
    """Collects every tag and attribute of the sanitised output."""

    def __init__(self):
        super().__init__()
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in SAFE_TAGS:
            self.problems.append(f"tag <{tag}>")
        for name, value in attrs:
            value = (value or "").strip()
            if name.startswith("on") or name in ("style", "srcdoc", "formaction", "background"):
                self.problems.append(f"attribute {name}")
            if name in ("href", "src") and not value.startswith(SAFE_SCHEMES):
                self.problems.append(f"{name}={value!r}")


def problems(html: str) -> list[str]:
    inspector = Inspector()
    inspector.feed(html)
    return inspector.problems


def test_corpus_has_at_least_100_payloads():
    assert len(PAYLOADS) >= 100


@pytest.mark.parametrize("payload", PAYLOADS)
def test_markdown_rendering_leaves_nothing_that_runs(payload):
    html = render_markdown(payload, lesson_path="lessons/a.md", media={})
    assert problems(html) == [], html
    assert "xss-marker" not in html.replace("&", "")


@pytest.mark.parametrize("payload", PAYLOADS)
def test_raw_sanitiser_leaves_nothing_that_runs(payload):
    html = sanitize_html(payload, image_src=lambda src: None)
    assert problems(html) == [], html


def test_the_whole_corpus_in_one_lesson():
    html = render_markdown("\n\n".join(PAYLOADS), lesson_path="lessons/a.md", media={})
    assert problems(html) == []
