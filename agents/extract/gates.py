"""Word gates: a case-insensitive pattern is only run on a text holding a piece every match must contain.

The casualty and date patterns are long alternations tried at every word; most sentences lack the verb or
noun any match needs ("killed", "wounded", "week"). A *gate* is such a necessary piece (a sub-pattern the
whole pattern cannot match without), written in lower case and searched case-sensitively in the lowered
text, which is several times cheaper than trying the whole pattern with ``re.IGNORECASE``.

Searching the lowered text is exactly ``re.IGNORECASE`` on the text unless the text holds one of the three
characters that ``re.IGNORECASE`` matches to an ASCII letter although ``str.lower()`` does not turn them
into it (U+0130 "İ" and U+0131 "ı" match "i", U+017F "ſ" matches "s"): such a text is searched with
``re.IGNORECASE``. Either way a gate is found exactly when ``re.search(gate, text, re.IGNORECASE)`` would
find it, so a gate can also decide on its own (the casualty hint of a sentence).
"""

from __future__ import annotations

import re

__all__ = ["Gates", "gate"]

_CASE_ODDITIES = re.compile("[\u0130\u0131\u017f]")


def gate(pattern: str) -> re.Pattern[str]:
    """Compile a gate: a lower-case sub-pattern, matched case-sensitively against lowered text."""
    if pattern != pattern.lower():
        raise ValueError(f"a gate is written in lower case: {pattern!r}")
    return re.compile(pattern)


class Gates:
    """The gates found in one text, each searched at most once."""

    __slots__ = ("_found", "_low", "_text")

    def __init__(self, text: str) -> None:
        self._text = text
        self._low = None if _CASE_ODDITIES.search(text) else text.lower()
        self._found: dict[re.Pattern[str], bool] = {}

    def open(self, gates: tuple[re.Pattern[str], ...]) -> bool:
        """Whether the text holds every one of ``gates``, case-insensitively."""
        for g in gates:
            found = self._found.get(g)
            if found is None:
                if self._low is not None:
                    found = g.search(self._low) is not None
                else:
                    found = re.search(g.pattern, self._text, re.IGNORECASE) is not None
                self._found[g] = found
            if not found:
                return False
        return True
