"""HTML detection and stripping used by the validate stage."""

from __future__ import annotations

import pytest

from agents.validate.markup import looks_like_html, normalise_whitespace, strip_html, word_count


@pytest.mark.parametrize(
    "text",
    [
        "<p>Pakistan recalled its ambassador.</p>",
        "Pakistan recalled<br>its ambassador.",
        "<!DOCTYPE html><html></html>",
        "<!-- comment --> text",
        '<DIV class="story">x</DIV>',
        "<a href='https://example.org'>link</a>",
    ],
)
def test_looks_like_html_detects_markup(text: str) -> None:
    assert looks_like_html(text)


@pytest.mark.parametrize(
    "text",
    [
        "Temperatures fell to < 2 degrees and rose > 3 later.",
        "The index rose 3<4 points.",
        "Use <Ctrl> to copy.",
        "Plain wire copy with no markup at all.",
    ],
)
def test_looks_like_html_ignores_prose(text: str) -> None:
    assert not looks_like_html(text)


def test_strip_html_drops_script_style_and_head() -> None:
    html = (
        "<html><head><title>Site name</title><style>p{color:red}</style></head>"
        "<body><script>var x = 'hidden';</script><p>Visible prose here.</p>"
        "<noscript>Enable JavaScript</noscript></body></html>"
    )
    assert strip_html(html) == "Visible prose here."


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<p>Tom &amp; Jerry</p>", "Tom & Jerry"),
        ("<p>It&#39;s &quot;quoted&quot;</p>", 'It\'s "quoted"'),
        ("<p>a&nbsp;b</p>", "a b"),
        ("<p>One</p><p>Two</p>", "One\n\nTwo"),
        ("One<br>Two", "One\nTwo"),
        ("<span>in</span><b>line</b>", "inline"),
        ("<div>   lots     of\n\n\n\n   space </div>", "lots of\n\nspace"),
        ("<p>unclosed <b>bold", "unclosed bold"),
    ],
)
def test_strip_html_unescapes_and_collapses(html: str, expected: str) -> None:
    assert strip_html(html) == expected


def test_normalise_whitespace_keeps_single_blank_line() -> None:
    assert normalise_whitespace(" a \t b \r\n\r\n\r\n c ") == "a b\n\nc"


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("", 0),
        ("Nine killed near Saravan.", 4),
        ("1,200 3.5 -- !!", 0),
        ("don't stop", 3),
        ("伊朗和巴基斯坦", 7),
    ],
)
def test_word_count_counts_letter_runs(text: str, count: int) -> None:
    assert word_count(text) == count
    assert word_count(text, at_most=3) == min(count, 3)
