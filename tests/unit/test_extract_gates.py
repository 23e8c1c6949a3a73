"""Word gates (pure helper, no model): a closed gate never hides a match of the casualty or date pattern
it guards.

Every sentence is written for strikewire.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agents.extract.casualties import _tables
from agents.extract.dates import _PATTERNS as _DATE_PATTERNS
from agents.extract.extractor import _CASUALTY_HINT
from agents.extract.gates import Gates, gate

# words of the casualty and date patterns, in odd cases, and the characters re.IGNORECASE folds unlike
# str.lower() does
_WORDS = [
    "killed", "KILLED", "Dead", "died", "two", "Three", "men", "women", "were", "was", "shot", "and",
    "wounded", "Injured", "hospitalized", "at least", "dozens of", "a number of", "police", "officers",
    "a", "man", "he", "Smith", "Jones", "fatally", "stabbed", "to death", "left", "hurt", "gunned down",
    "two days after", "a Week ago", "on Jan. 16", "last NIGHT", "this morning", "TODAY", "yesterday",
    "last month", "Dozens OF", "ago", ",", ".",
    "\u0130", "\u0131", "\u017f", "\u212a", "\u017flain", "d\u0130ed", "K\u0130LLED", "\u212aILLED",
    "\u212ailled",
]  # fmt: skip


def _patterns() -> list[tuple[re.Pattern[str], tuple[re.Pattern[str], ...]]]:
    _category, _nouns, _group_re, pats, single = _tables()
    return [(pat, needs) for _kind, pat, needs in pats + single + _DATE_PATTERNS]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=12))
def test_gates_never_hide_a_match(words: list[str]) -> None:
    text = " ".join(words)
    gates = Gates(text)
    for pat, needs in _patterns():
        if pat.search(text):
            assert gates.open(needs), (pat.pattern[:60], text)
        for g in (*needs, *_CASUALTY_HINT):  # each gate is found exactly as re.IGNORECASE finds it
            assert gates.open((g,)) is bool(re.search(g.pattern, text, re.IGNORECASE)), (g.pattern, text)


@pytest.mark.parametrize(
    ("text", "opened"),
    [
        ("Two men were KILLED in the raid.", True),
        ("Two men were wounded in the raid.", False),
        ("Two men were \u212aILLED in the raid.", True),  # KELVIN SIGN lowers to "k"
        ("Two men were K\u0130LLED in the raid.", True),  # dotted capital I matches "i"
        ("Two men were wounded \u0131n the raid.", False),  # a dotless i: searched with re.IGNORECASE
    ],
)
def test_gates_follow_ignorecase(text: str, opened: bool) -> None:
    assert Gates(text).open((gate("killed"),)) is opened
    assert bool(re.search("killed", text, re.I)) is opened


def test_gate_is_written_in_lower_case() -> None:
    with pytest.raises(ValueError, match="lower case"):
        gate("Killed")
