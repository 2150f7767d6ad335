"""Markdown rendering and the allow-list sanitiser."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from courseware.content import normalise_text_answer, render_markdown, sanitize_html
from courseware.content.render import find_references, is_plain, render_markdown_fully

REL = 'rel="nofollow noopener noreferrer"'


@pytest.mark.parametrize(("dirty", "clean"), [
    ("<p>hi<script>alert(1)</script></p>", "<p>hi</p>"),
    ("<style>p { color: red }</style><p>text</p>", "<p>text</p>"),
    ("<SCRIPT type='text/javascript'>steal()</SCRIPT>after", "after"),
    ("<p>unclosed <script>steal()", "<p>unclosed </p>"),
    ("<iframe src='https://evil.example'>inside</iframe>ok", "ok"),
    ("<object data='x.swf'><param name=a>fallback</object>ok", "ok"),
    ("<svg><script>alert(1)</script><text>drawn</text></svg>ok", "ok"),
    ("<math><mi>x</mi></math>ok", "ok"),
    ("<noscript><p>no</p></noscript>ok", "ok"),
    ('<img src="x.png" onerror="alert(1)">', '<img src="x.png">'),
    ('<p onclick="steal()" style="color:red" class="x" id="y">hi</p>', "<p>hi</p>"),
    ('<a href="javascript:alert(1)">click</a>', f"<a {REL}>click</a>"),
    ('<a href="JaVaScRiPt:alert(1)">click</a>', f"<a {REL}>click</a>"),
    ('<a href="vbscript:x">click</a>', f"<a {REL}>click</a>"),
    ('<a href="data:text/html,<script>x</script>">click</a>', f"<a {REL}>click</a>"),
    ('<a href="other.html">rel</a>', f"<a {REL}>rel</a>"),
    ('<a href="https://example.org/" target="_blank" rel="opener">ok</a>',
     f'<a href="https://example.org/" {REL}>ok</a>'),
    ('<a href="mailto:cpd@example.org">mail</a>',
     f'<a href="mailto:cpd@example.org" {REL}>mail</a>'),
    ('<img src="data:image/png;base64,AAAA" alt="dot">', "dot"),
    ('<img src="data:image/svg+xml;base64,AAAA">', ""),
    ('<img src="//tracker.example/p.gif" alt="">', ""),
    ('<img src="https://example.org/p.png" alt="p">',
     '<img src="https://example.org/p.png" alt="p">'),
    ("<h1>Title</h1><h3>Sub</h3>", "<h2>Title</h2><h3>Sub</h3>"),
    ("<div><span>kept text</span></div><form><input name=x></form>", "kept text\n"),
    ("<!-- a comment --><p>x</p>", "<p>x</p>"),
    ('<table><tr><th scope="col" align="right" width="9">a</th><td align="left">b</td></tr>'
     "</table>",
     '<table><tbody><tr><th scope="col" align="right">a</th><td align="left">b</td></tr>'
     "</tbody></table>"),
    ("<dl><dt>CPD</dt><dd>learning</dd></dl><abbr title='Continuing'>CPD</abbr>",
     '<dl><dt>CPD</dt><dd>learning</dd></dl><abbr title="Continuing">CPD</abbr>'),
    ("<p><strong>b</strong><em>i</em><code>c</code><del>d</del><kbd>k</kbd><sup>1</sup>"
     "<sub>2</sub><b>b</b><i>i</i></p>",
     "<p><strong>b</strong><em>i</em><code>c</code><del>d</del><kbd>k</kbd><sup>1</sup>"
     "<sub>2</sub><b>b</b><i>i</i></p>"),
    ("<blockquote><ul><li>a</li></ul><ol start=3><li>b</li></ol></blockquote><hr><pre>x</pre>",
     '<blockquote><ul><li>a</li></ul><ol start="3"><li>b</li></ol></blockquote><hr><pre>x</pre>'),
    ("5 &lt; 6 &amp; <b>ok</b>", "5 &lt; 6 &amp; <b>ok</b>"),
])
def test_sanitiser(dirty, clean):
    assert sanitize_html(dirty) == clean


def test_sanitiser_is_idempotent():
    html = ('<h1>T</h1><p><a href="https://x.org/">x</a><img src="/media/abc" alt="a"></p>'
            "<table><tr><td align='left'>1</td></tr></table>")
    once = sanitize_html(html)
    assert sanitize_html(once) == once


def test_sanitiser_image_callback_replaces_or_drops():
    html = '<img src="../media/a.png" alt="A"><img src="http://t.example/x.gif" alt="B">'
    result = sanitize_html(html, image_src=lambda s: "/media/1" if s.endswith("a.png") else None)
    assert result == '<img src="/media/1" alt="A">B'


def test_markdown_renders_commonmark_and_tables():
    html = render_markdown(
        "# Title\n\nSome **bold** and *em* and `code`.\n\n"
        "| Left | Right |\n|:-----|------:|\n| a | b |\n\n- one\n- two\n\n> quoted\n"
    )
    assert html == (
        "<h2>Title</h2>\n<p>Some <strong>bold</strong> and <em>em</em> and <code>code</code>.</p>\n"
        '<table>\n<thead>\n<tr>\n<th align="left">Left</th>\n<th align="right">Right</th>\n</tr>\n'
        '</thead>\n<tbody>\n<tr>\n<td align="left">a</td>\n<td align="right">b</td>\n</tr>\n'
        "</tbody>\n</table>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n<blockquote>\n"
        "<p>quoted</p>\n</blockquote>\n"
    )


def test_markdown_images_become_media_urls_relative_to_the_lesson():
    media = {"media/padlock.png": "/media/abc123", "media/my pic.png": "/media/def456"}
    html = render_markdown(
        '![A padlock](../media/padlock.png "Locked")\n\n![Mine](<../media/my pic.png>)\n\n'
        '<img src="../media/padlock.png" width="40">',
        lesson_path="lessons/01.md", media=media,
    )
    assert html == (
        '<p><img src="/media/abc123" alt="A padlock" title="Locked"></p>\n'
        '<p><img src="/media/def456" alt="Mine"></p>\n<img src="/media/abc123" width="40">'
    )
    # From module.yaml (at the top), the same file is media/padlock.png.
    assert render_markdown("![p](media/padlock.png)", lesson_path="module.yaml", media=media) == (
        '<p><img src="/media/abc123" alt="p"></p>\n'
    )


def test_markdown_never_renders_remote_or_unknown_images():
    html = render_markdown(
        "![pixel](https://tracker.example/p.gif) ![gone](../media/missing.png) "
        "![d](data:image/png;base64,AAAA) ![abs](/etc/passwd)",
        media={"media/padlock.png": "/media/abc"},
    )
    assert html == "<p>pixel gone d abs</p>\n"


def test_markdown_links_and_raw_html():
    html = render_markdown(
        "[BASW](https://www.basw.co.uk/) [bad](javascript:alert(1)) <https://example.org>\n\n"
        "<div onclick=x><script>alert(1)</script>kept</div>\n"
    )
    assert html == (
        f'<p><a href="https://www.basw.co.uk/" {REL}>BASW</a> [bad](javascript:alert(1)) '
        f'<a href="https://example.org" {REL}>https://example.org</a></p>\n'
        "\nkept\n"
    )


@pytest.mark.parametrize(("typed", "normal"), [
    ("  Hash  Sign ", "hash sign"),
    ("HASH\tsign\n", "hash sign"),
    ("Straße", "strasse"),
    ("#", "#"),
    ("", ""),
])
def test_normalise_text_answer(typed, normal):
    assert normalise_text_answer(typed) == normal


PROSE = st.text(
    st.characters(codec="utf-8", categories=("L", "N", "P", "S", "Zs", "Cc", "Mn")),
    max_size=40,
)


@settings(max_examples=3000, deadline=None)
@given(st.one_of(PROSE, st.sampled_from([
    "True", "A post", 'It\'s a "quote" — yes.', "Well-being (and more): 5 things!", "1. one",
    "- a", "a  b", " lead", "trail ", "x < y", "a & b", "![x](y)", "www.example.org", "Ünïcödé",
    "a\u00a0b", "a\u2028b", "\ufeffa", "a:b", "é", "Q?", "(a)", "“a”", "’", "a!", "!a",
])))
def test_the_plain_text_fast_path_renders_exactly_as_markdown_does(text):
    if is_plain(text):
        assert render_markdown(text) == render_markdown_fully(text)
        assert find_references(text) == []
