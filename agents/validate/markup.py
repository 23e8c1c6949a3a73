"""HTML detection and stripping for article bodies (stdlib only).

A body "looks like HTML" when it carries a tag of a known HTML element, a doctype or a comment.
Stripping drops ``script``/``style``/``noscript``/``template``/``svg``/``head`` content, turns
block-level elements into line breaks, unescapes entities and normalises whitespace.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from html.parser import HTMLParser

__all__ = ["looks_like_html", "normalise_whitespace", "strip_html", "word_count"]

_TAGS = (
    "a|abbr|article|aside|b|blockquote|body|br|caption|center|cite|code|dd|div|dl|dt|em|"
    "figcaption|figure|font|footer|form|h[1-6]|head|header|hr|html|i|iframe|img|input|label|li|"
    "link|main|meta|nav|noscript|ol|p|pre|q|s|script|section|small|span|strong|style|sub|sup|"
    "svg|table|tbody|td|template|tfoot|th|thead|time|title|tr|u|ul"
)
_HTML_RE = re.compile(rf"<\s*/?\s*(?:{_TAGS})(?:\s[^<>]*)?/?\s*>|<!doctype|<!--", re.IGNORECASE)

_SKIP = frozenset({"script", "style", "noscript", "template", "svg", "head", "iframe", "object"})
_BLOCK = frozenset(
    {
        "address", "article", "aside", "blockquote", "body", "br", "caption", "dd", "div", "dl",
        "dt", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
        "header", "hr", "html", "li", "main", "nav", "ol", "p", "pre", "section", "table", "tbody",
        "td", "tfoot", "th", "thead", "title", "tr", "ul",
    }
)  # fmt: skip
_VOID = frozenset({"br", "hr", "img", "input", "link", "meta", "wbr", "area", "base", "col", "source"})

_SPACES_RE = re.compile(r"[^\S\n]+")
_BLANK_LINES_RE = re.compile(r"\n{3,}")
# A word is a run of letters; in scripts written without spaces (CJK, kana) every character counts.
_WORD_RE = re.compile(
    r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]|[^\W\d_\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]+"
)


def looks_like_html(text: str) -> bool:
    """True when ``text`` carries HTML markup (a known tag, a doctype or a comment)."""
    return _HTML_RE.search(text) is not None


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            if tag not in _VOID:
                self._skip_depth += 1
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            if self._skip_depth:
                self._skip_depth -= 1
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip_depth:
            self.parts.append(data)


def strip_html(text: str) -> str:
    """Visible text of an HTML fragment or document, entities unescaped, whitespace normalised."""
    parser = _TextExtractor()
    try:
        parser.feed(text)
        parser.close()
    except Exception:
        return normalise_whitespace(_HTML_RE.sub(" ", text))
    return normalise_whitespace("".join(parser.parts))


def normalise_whitespace(text: str) -> str:
    """NFC, unified line ends, runs of spaces collapsed, at most one blank line between paragraphs."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    text = _SPACES_RE.sub(" ", text)
    text = "\n".join(line.strip() for line in text.split("\n"))
    return _BLANK_LINES_RE.sub("\n\n", text).strip()


def word_count(text: str, at_most: int | None = None) -> int:
    """Number of prose words (runs of letters; bare numbers and punctuation do not count); with
    ``at_most``, counting stops there (enough to compare with a minimum)."""
    if at_most is None:
        return len(_WORD_RE.findall(text))
    return sum(1 for _ in itertools.islice(_WORD_RE.finditer(text), at_most))
