"""spaCy pipeline components of the extract stage (registered factories; patterns come from data files).

* ``strikewire_paragraphs``: a line break always starts a sentence (headline, paragraphs).
* ``strikewire_triggers``: event trigger phrases (data/events.yaml) -> ``doc.spans["sw_triggers"]``,
  span label = event type, ``span._.sw_strength`` and ``span._.sw_weak``; phrases listed as
  exclusions ("hunger strike", "striker", "flu shot") suppress overlapping triggers.
* ``strikewire_actors``: gazetteer phrases (states, demonyms, capitals, groups, agencies, media)
  -> ``doc.spans["sw_actors"]``, ``span._.sw_actor`` = :class:`ActorEntry`; a state's name inside a
  person's or a building's name ("Chad Smith") is dropped once the doc has entities
  (:meth:`ActorMatcher.drop_inside_names`: the extractor runs the NER after this component).
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np
from spacy.attrs import IS_SPACE, LOWER
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from .dates import CALENDAR_NAMES
from .gazetteer import ActorGazetteer
from .resources import events_table

__all__ = ["ActorMatcher", "SlotPattern", "actor_gazetteer", "compile_slots"]

for _name, _default in (("sw_strength", 0.0), ("sw_weak", False), ("sw_needs", None), ("sw_actor", None)):
    if not Span.has_extension(_name):
        Span.set_extension(_name, default=_default)


@lru_cache(maxsize=1)
def actor_gazetteer() -> ActorGazetteer:
    """The process-wide actor gazetteer (loaded once)."""
    return ActorGazetteer()


@Language.factory("strikewire_paragraphs")
def make_paragraphs(nlp: Language, name: str) -> ParagraphBreaks:
    return ParagraphBreaks()


class ParagraphBreaks:
    """Mark the token after any whitespace token holding a newline as a sentence start."""

    def __call__(self, doc: Doc) -> Doc:
        if len(doc) == 0:
            return doc
        doc[0].is_sent_start = True
        for i in np.nonzero(doc.to_array(IS_SPACE))[0].tolist():
            if "\n" in doc[i].text and i + 1 < len(doc) and not doc[i + 1].is_space:
                doc[i + 1].is_sent_start = True
        return doc


class SlotPattern:
    """One compiled trigger pattern of the events.yaml mini-language, matched on LOWER hashes.

    A plain-Python matcher indexed by first word: on news text it is ~10x faster than running a
    spaCy ``Matcher`` with ~100 patterns over every token, and it needs no per-token predicates.
    """

    __slots__ = ("key", "slots")

    def __init__(self, key: str, slots: list[tuple[frozenset[int], tuple[tuple[int, ...], ...], bool, int]]):
        self.key = key
        self.slots = slots

    def ends(self, arr: list[int], pos: int) -> list[int]:
        return self._ends(arr, 0, pos, len(arr))

    def _ends(self, arr: list[int], k: int, pos: int, n: int) -> list[int]:
        if k == len(self.slots):
            return [pos]
        words, seqs, optional, gap = self.slots[k]
        out: list[int] = []
        if gap:
            for j in range(gap + 1):
                if pos + j <= n:
                    out += self._ends(arr, k + 1, pos + j, n)
            return out
        if pos < n and arr[pos] in words:
            out += self._ends(arr, k + 1, pos + 1, n)
        for seq in seqs:
            if tuple(arr[pos : pos + len(seq)]) == seq:
                out += self._ends(arr, k + 1, pos + len(seq), n)
        if optional:
            out += self._ends(arr, k + 1, pos, n)
        return out


def compile_slots(nlp: Language, key: str, pattern: str) -> SlotPattern:
    """Compile the events.yaml mini-language ("a|b c? ~3 d") into a :class:`SlotPattern`."""
    strings = nlp.vocab.strings
    slots: list[tuple[frozenset[int], tuple[tuple[int, ...], ...], bool, int]] = []
    for raw in pattern.split():
        if raw.startswith("~"):
            slots.append((frozenset(), (), False, int(raw[1:])))
            continue
        optional = raw.endswith("?")
        words: set[int] = set()
        seqs: list[tuple[int, ...]] = []
        for alt in raw.rstrip("?").split("|"):
            toks = [strings.add(t.lower_) for t in nlp.make_doc(alt)]
            if len(toks) == 1:
                words.add(toks[0])
            elif toks:
                seqs.append(tuple(toks))
        slots.append((frozenset(words), tuple(seqs), optional, 0))
    return SlotPattern(key, slots)


@Language.factory("strikewire_triggers", default_config={"spans_key": "sw_triggers"})
def make_triggers(nlp: Language, name: str, spans_key: str) -> TriggerMatcher:
    return TriggerMatcher(nlp, spans_key)


class TriggerMatcher:
    """Find event trigger phrases; drop those overlapping an exclusion phrase."""

    def __init__(self, nlp: Language, spans_key: str) -> None:
        table = events_table()
        self.spans_key = spans_key
        self.meta: dict[str, tuple[str, float, bool]] = {}
        self.needs: dict[str, str | None] = {}
        patterns: list[SlotPattern] = []
        for i, trig in enumerate(table["triggers"]):
            key = f"T{i}"
            self.meta[key] = (trig["type"], float(trig.get("strength", 0.8)), bool(trig.get("weak", False)))
            self.needs[key] = trig.get("needs")
            patterns.append(compile_slots(nlp, key, trig["pattern"]))
        for i, exc in enumerate(table.get("exclusions", [])):
            patterns.append(compile_slots(nlp, f"X{i}", exc))
        # index by the hashes that can start a match
        self.index: dict[int, list[SlotPattern]] = {}
        self.anywhere: list[SlotPattern] = []
        for pat in patterns:
            words, seqs, optional, gap = pat.slots[0]
            if optional or gap:
                self.anywhere.append(pat)
                continue
            for h in set(words) | {seq[0] for seq in seqs}:
                self.index.setdefault(h, []).append(pat)
        self.first_words = np.array(sorted(self.index), dtype=np.uint64)

    def _matches(self, doc: Doc) -> list[tuple[str, int, int]]:
        lower = doc.to_array(LOWER)
        arr = lower.tolist()
        out: list[tuple[str, int, int]] = []
        index = self.index
        # a match starts at a word some pattern starts with, unless a pattern can start anywhere
        starts = (
            range(len(arr)) if self.anywhere else np.flatnonzero(np.isin(lower, self.first_words)).tolist()
        )
        for i in starts:
            pats = index.get(arr[i])
            if pats is None and not self.anywhere:
                continue
            for pat in (pats or []) + self.anywhere:
                ends = pat.ends(arr, i)
                if ends:
                    end = max(ends)
                    if end > i:
                        out.append((pat.key, i, end))
        return out

    def __call__(self, doc: Doc) -> Doc:
        triggers: list[Span] = []
        excluded: set[int] = set()
        strengths: dict[tuple[int, int, str], tuple[float, bool, str | None]] = {}
        for key, start, end in self._matches(doc):
            if key.startswith("X"):
                excluded.update(range(start, end))
                continue
            etype, strength, weak = self.meta[key]
            k = (start, end, etype)
            if k not in strengths:
                triggers.append(Span(doc, start, end, label=etype))
                strengths[k] = (strength, weak, self.needs[key])
            elif strength > strengths[k][0]:
                strengths[k] = (strength, weak, self.needs[key])
        kept = []
        for span in filter_spans(triggers):
            if any(i in excluded for i in range(span.start, span.end)):
                continue
            span._.sw_strength, span._.sw_weak, span._.sw_needs = strengths[
                (span.start, span.end, span.label_)
            ]
            kept.append(span)
        doc.spans[self.spans_key] = kept
        return doc


@Language.factory("strikewire_actors", default_config={"spans_key": "sw_actors"})
def make_actors(nlp: Language, name: str, spans_key: str) -> ActorMatcher:
    return ActorMatcher(nlp, spans_key)


class ActorMatcher:
    """Gazetteer actors as written; acronyms case-sensitively (ORTH), other names by LOWER."""

    def __init__(self, nlp: Language, spans_key: str) -> None:
        self.gaz = actor_gazetteer()
        self.spans_key = spans_key
        cs, ci = self.gaz.phrases()
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.exact.add("ACTOR", [nlp.make_doc(p) for p in cs])
        self.lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.lower.add("ACTOR", [nlp.make_doc(p) for p in ci])

    def __call__(self, doc: Doc) -> Doc:
        spans = [Span(doc, s, e, label="ACTOR") for _m, s, e in self.exact(doc) if not _shouted(doc, s, e)]
        spans += [Span(doc, s, e, label="ACTOR") for _m, s, e in self.lower(doc)]
        kept = []
        for span in filter_spans(spans):
            entry = self.gaz.lookup(span.text)
            if entry is None or entry.source == "blocker":
                continue
            if entry.source != "group" and span.text == span.text.lower():
                continue  # "male", "chad", "turkey": names of states are capitalised
            if entry.source in ("country", "capital") and (
                _aged_name(doc, span.start, span.end) or _school(doc, span.end)
            ):
                continue  # "35-year-old Chad Couture", "Berlin High School": a person's or a school's name
            if entry.source in ("country", "demonym") and _veteran(doc, span.end):
                continue  # "an Iraq War veteran", "a Vietnam vet": a veteran of a war, no party to this one
            span._.sw_actor = entry
            kept.append(span)
        doc.spans[self.spans_key] = kept
        return self.drop_inside_names(doc)

    def drop_inside_names(self, doc: Doc) -> Doc:
        """Drop the states, capitals and demonyms inside a PERSON, FAC or WORK_OF_ART entity ("Chad
        Smith", "Jordan Davis"), a state's or capital's name that is the surname of a person the document
        names in full ("Erin Lee Jordan ... Jordan told responders", "Bennie G. London ... charges against
        London"), and a group's name that is part of a longer person's name ("Tom Wagner"); nothing to do
        before the NER has run."""
        names = [(e.start, e.end, e.label_) for e in doc.ents if e.label_ in ("PERSON", "FAC", "WORK_OF_ART")]
        if names:
            surnames = {
                doc[e - 1 - (doc[e - 1].text in _SUFFIXES)].text
                for s, e, label in names
                if label == "PERSON" and e - s >= 2 + (doc[e - 1].text in _SUFFIXES)
            }
            kept = [
                span
                for span in doc.spans[self.spans_key]
                if not _named(span, names)
                and not (span._.sw_actor.source in ("country", "capital") and span.text in surnames)
            ]
            doc.spans[self.spans_key] = kept
        return doc


def _named(span: Span, names: list[tuple[int, int, str]]) -> bool:
    """Whether an actor match is a piece of a name entity (see ``ActorMatcher.drop_inside_names``)."""
    source = span._.sw_actor.source
    for s, e, label in names:
        if s < span.end and span.start < e:
            if source in ("country", "capital", "demonym"):
                return True
            if source == "group" and label == "PERSON" and e - s > span.end - span.start:
                return True
    return False


_SUFFIXES = frozenset({"Jr.", "Jr", "Sr.", "Sr", "II", "III", "IV"})
"""What may follow a surname in a person's name ("Bennie G. London Jr.")."""


VETERAN_AFTER = re.compile(
    r"\s+(?:[Ww]ar\s+)?(?:(?:Army|Navy|Marine Corps|Marines?|Air Force|Coast Guard|National Guard)\s+)?"
    r"[Vv]et(?:eran)?s?\b"
)
"""What after a state's name makes it the war of a veteran: "Vietnam veteran", "an Iraq War veteran", "a
Vietnam War Air Force veteran", "Korean War vets"; not "the Vietnam War" alone, which a report may tell as
the event. Neither a party (:func:`_veteran`) nor the event's place."""


def _veteran(doc: Doc, end: int) -> bool:
    """Whether the words from token ``end`` make the state's name before them a veteran's war
    (:data:`VETERAN_AFTER`)."""
    last = doc[end - 1]
    return VETERAN_AFTER.match(doc.text, last.idx + len(last.text)) is not None


def _school(doc: Doc, end: int) -> bool:
    """Whether the words from token ``end`` make the name before them a school's ("Berlin High School",
    "June Jordan School"); not "Pakistan High Commission" nor "Kenya High Court", which are the state's."""
    nxt = doc[end : end + 2]
    return bool(nxt) and (
        nxt[0].text in ("School", "Elementary", "Academy")
        or (len(nxt) == 2 and nxt[0].text in ("High", "Middle") and nxt[1].text == "School")
    )


_AGE_BEFORE = re.compile(r"\b\d{1,3}\s*-?\s*years?\s*-?\s*old\s*$", re.IGNORECASE)


def _aged_name(doc: Doc, start: int, end: int) -> bool:
    """Whether tokens ``start:end`` begin a person's name that an age introduces ("a 35-year old Chad
    Couture") or follows ("Chad Couture, 35,"): a capitalised word comes next, and the age is next to the
    name. The NER often reads such a name as an organisation, so ``drop_inside_names`` cannot tell."""
    if end >= len(doc) or not (doc[end].is_alpha and doc[end].is_title) or doc[end].text in CALENDAR_NAMES:
        return False
    if _AGE_BEFORE.search(doc[max(0, start - 5) : start].text):
        return True
    after = doc[end + 1 : end + 4]  # ", 43," and not "Syria Monday, 12 people"
    return (
        len(after) == 3
        and after[0].text == ","
        and after[1].text.isdigit()
        and int(after[1].text) < 120
        and after[2].is_punct
    )


def _shouted(doc: Doc, start: int, end: int) -> bool:
    """Whether the words around tokens ``start:end`` are in capitals too ("TODAY IS THE ONE"): an acronym
    matched there is an ordinary word."""
    around = (*doc[max(0, start - 3) : start], *doc[end : end + 3])
    words = [t.text for t in around if t.is_alpha and len(t) > 1]
    return len(words) >= 2 and all(w.isupper() for w in words)
