"""Number words and qualifiers in casualty phrases ("three", "twenty-two", "at least 7")."""

from __future__ import annotations

import re

__all__ = ["QUALIFIER_WORDS", "VAGUE_WORDS", "parse_number", "qualifier_of"]

_UNITS = {
    "zero": 0,
    "no": 0,
    "a": 1,
    "an": 1,
    "one": 1,
    "single": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "dozen": 12,
    "a dozen": 12,
    "half a dozen": 6,
    "half-dozen": 6,
    "a half-dozen": 6,
    "both": 2,
    "pair": 2,
    "a pair of": 2,
    "couple": 2,
    "a couple of": 2,
    "twin": 2,
}
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}

#: Qualifier phrases (lowercase) and the schema qualifier they imply.
QUALIFIER_WORDS: dict[str, str] = {
    "at least": "at_least",
    "more than": "at_least",
    "over": "at_least",
    "upwards of": "at_least",
    "no fewer than": "at_least",
    "not less than": "at_least",
    "a minimum of": "at_least",
    "about": "about",
    "around": "about",
    "some": "about",
    "nearly": "about",
    "almost": "about",
    "approximately": "about",
    "roughly": "about",
    "an estimated": "about",
    "close to": "about",
    "up to": "at_most",
    "as many as": "at_most",
    "at most": "at_most",
    "fewer than": "at_most",
    "less than": "at_most",
}
#: Vague amounts: ACLED codes an unknown count conservatively; strikewire keeps the count unknown
#: (killed=None, qualifier "unknown") rather than inventing a number. "dozens" is also unknown.
VAGUE_WORDS = frozenset(
    {
        "a number of",
        "several",
        "dozens of",
        "dozens",
        "scores of",
        "scores",
        "many",
        "numerous",
        "multiple",
        "a few",
        "few",
        "some",
        "hundreds of",
        "hundreds",
        "a handful of",
        "countless",
        "unknown number of",
        "an unknown number of",
        "a large number of",
        "a significant number of",
    }
)

_DIGITS = re.compile(r"^\d{1,3}(?:,\d{3})*$|^\d+$")


def parse_number(text: str) -> int | None:
    """Parse a cardinal written in digits or English words; None when it is not a definite number.

    >>> parse_number("twenty-two"), parse_number("1,200"), parse_number("a dozen"), parse_number("several")
    (22, 1200, 12, None)
    """
    t = " ".join(text.lower().replace("-", " ").split())
    if not t:
        return None
    if _DIGITS.match(t):
        return int(t.replace(",", ""))
    if t in _UNITS:
        return _UNITS[t]
    if t in ("half a dozen",):
        return 6
    total = 0
    current = 0
    seen = False
    for word in t.split():
        if word == "and":
            continue
        if word.isdigit():
            current += int(word)
            seen = True
        elif word in _UNITS and word not in ("a", "an", "no", "both", "pair", "couple", "twin", "single"):
            current += _UNITS[word]
            seen = True
        elif word in _TENS:
            current += _TENS[word]
            seen = True
        elif word in _SCALES:
            current = max(current, 1) * _SCALES[word]
            if _SCALES[word] >= 1000:
                total += current
                current = 0
            seen = True
        elif word in ("a", "an") and not seen:
            current = 1
        else:
            return None
    return total + current if seen else None


def qualifier_of(prefix: str | None) -> str:
    """Schema qualifier for a qualifier phrase ("at least" -> "at_least"); "exact" when there is none."""
    if not prefix:
        return "exact"
    return QUALIFIER_WORDS.get(" ".join(prefix.lower().split()), "exact")
