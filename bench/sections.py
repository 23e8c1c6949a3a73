"""Marked sections of a report file that different benchmark commands own.

``bench.run`` rewrites docs/BENCHMARKS.md as a whole; ``bench.extract`` and ``bench.state`` each own one
section between HTML comment markers. These helpers replace or carry over such a section.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["carry_section", "replace_section", "write_section"]


def _span(document: str, begin: str, end: str) -> tuple[int, int] | None:
    start = document.find(begin)
    stop = document.find(end, start + 1) if start >= 0 else -1
    return (start, stop + len(end)) if start >= 0 and stop > start else None


def replace_section(document: str, section: str, begin: str, end: str) -> str:
    """``document`` with its ``begin``..``end`` section replaced by ``section`` (appended if it has none)."""
    span = _span(document, begin, end)
    if span is not None:
        return document[: span[0]] + section + document[span[1] :]
    return document.rstrip("\n") + ("\n\n" if document else "") + section + "\n"


def carry_section(old: str, new: str, begin: str, end: str) -> str:
    """``new`` with the ``begin``..``end`` section of ``old`` carried over (unchanged ``new`` if none)."""
    span = _span(old, begin, end)
    return new if span is None else replace_section(new, old[span[0] : span[1]], begin, end)


def write_section(path: Path, section: str, begin: str, end: str) -> None:
    """Replace the marked section of ``path`` (or append it); the rest of the file is left as it is."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    path.write_text(replace_section(text, section, begin, end), encoding="utf-8")
