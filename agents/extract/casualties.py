"""Killed / injured counts with qualifiers and victim breakdown, from one sentence of text.

Rules (documented conventions):
* "at least N", "more than N", "over N" => N with qualifier ``at_least``; "about/some/nearly N" => ``about``;
  "up to N" => ``at_most``; a plain number => ``exact``.
* Vague amounts ("a number of", "several", "dozens of", "scores of") => count None, qualifier ``unknown``
  (no number is invented; ACLED would code a conservative figure at aggregation time).
* Conjoined groups are summed: "three women and four children were killed" => 7, women 3, children 4.
* "including three women" after a killed count gives the breakdown without changing the total.
* "three women and four children were among the (nine) dead" / "among the dead were ...": the breakdown,
  with the toll the phrase names, else at least the breakdown's sum (qualifier ``at_least``); "the dead were
  three women and two men" is all of them, "the dead included ..." at least them.
* Singular victims ("a man was shot dead") count as 1.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from .gates import Gates, gate
from .numbers import QUALIFIER_WORDS, VAGUE_WORDS, parse_number
from .resources import lexicon

__all__ = ["CasualtyCount", "find_casualties"]

_NUM_WORDS = (
    r"(?:(?<![\d.])(?:\d{1,3}(?:,\d{3})+|\d+)(?![.,]\d)|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
    r"(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|zero|one|two|three|four|five|six|seven|"
    r"eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|"
    r"(?:a |half a )?dozen|a|an|both|a couple of)"
    r"(?: hundred)?"
)
_QUAL = "|".join(sorted((re.escape(q) for q in QUALIFIER_WORDS), key=len, reverse=True))
_VAGUE = "|".join(sorted((re.escape(q) for q in VAGUE_WORDS), key=len, reverse=True))
_KILLED_V = (
    r"(?:killed|dead|slain|murdered|died|die|dies|shot dead|shot and killed|gunned down|"
    r"(?:shot|stabbed|beaten|burned) to death|fatally (?:shot|wounded|stabbed)|found dead|found shot dead|"
    r"executed|massacred|martyred|lost their lives|lost his life|lost her life|perished)"
)
_INJURED_V = (
    r"(?:injured|wounded|hurt|hospitali[sz]ed|shot|critically injured|seriously injured|"
    r"taken to (?:a |the )?(?:local )?hospital|treated for (?:gunshot )?(?:wounds|injuries)|"
    r"suffered (?:gunshot )?(?:wounds|injuries))"
)
_ADJ = (
    r"(?:(?!(?:and|were|was|are|is|have|has|had|been|after|of|in|on|at|by|who|which|that|the|when|while)\b)"
    r"[a-z0-9'-]+ ){0,3}"
)
_BE = (
    r"(?:(?:were|was|are|is|have been|has been|had been|have|had|reportedly|also|all|allegedly|later|"
    r"been|being|left|got|found|then|(?!only\b|early\b)[a-z]{3,}ly) ){0,3}"
)
_NOT_UNITS = r"years?|days?|hours?|times|shots|rounds|miles|blocks|feet|percent|minutes|weeks|months"
_SMALL = r"\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"


@dataclass
class CasualtyCount:
    """One casualty phrase: kind ("killed"/"injured"), count (None = unknown), qualifier, breakdown, span."""

    kind: str
    count: int | None
    qualifier: str
    victims: dict[str, int | None] = field(default_factory=dict)
    start: int = 0
    end: int = 0
    singular: bool = False
    """One victim named without a number ("a man was wounded", "Smith was shot", "he was hospitalized")."""
    shot: bool = False
    """An injured count read from plain "shot" ("two men were shot"): it may include the killed."""
    another: bool = False
    """A singular victim said to be one more ("another man was shot", "the clerk was also wounded", "also
    shot and killed a neighbour"): it adds to the article's other singular victims of its kind."""
    base: int = 0
    """Where the text ``start`` and ``end`` count from begins in the article (its sentence's offset)."""


_Pattern = tuple[str, re.Pattern[str], tuple[re.Pattern[str], ...]]
"""(kind, pattern, its gates: the verbs and vague words any match contains, see :mod:`.gates`)."""


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, str], frozenset[str], re.Pattern[str], list[_Pattern], list[_Pattern]]:
    lex = lexicon()
    category: dict[str, str] = {}
    for cat in ("civilians", "militants", "soldiers", "police", "women", "children"):
        for w in lex["victim_words"][cat]:
            category.setdefault(w, cat)
    # girls are both women and children in ACLED-style breakdowns? keep children (minors) first for girls/boys
    for w in ("girl", "girls", "boy", "boys", "daughter", "daughters", "son", "sons"):
        category[w] = "children"
    nouns = set(category) | set(lex["person_words"])
    noun_re = "|".join(sorted((re.escape(n) for n in nouns), key=len, reverse=True))
    group = rf"\b(?:(?:{_QUAL}) )?{_NUM_WORDS} {_ADJ}(?:{noun_re})\b"
    groups = rf"{group}(?:(?:,| and|, and| as well as) {group})*"
    group_re = re.compile(rf"\b(?:(?P<q>{_QUAL}) )?(?P<n>{_NUM_WORDS}) {_ADJ}(?P<noun>{noun_re})\b", re.I)
    vague = gate(_VAGUE)
    pats: list[_Pattern] = []
    for kind, verb in (("killed", _KILLED_V), ("injured", _INJURED_V)):
        # "three women and four children were among the (nine) dead", "among the wounded were two officers":
        # a breakdown of a toll, at least its own sum (the toll itself when the sentence gives it)
        among_head = (
            r"(?:people |persons |civilians )?(?:dead|killed|slain|deceased|fatalities)"
            if kind == "killed"
            else r"(?:people |persons )?(?:injured|wounded|hurt)"
        )
        among = rf"among (?:the|those) (?:(?P<q2>{_QUAL}) )?(?:(?P<n2>{_NUM_WORDS}) )?{among_head}\b"
        among_gate = (gate(r"among (?:the|those) "),)
        pats.append((kind + "_among", re.compile(rf"(?P<groups>{groups}),? {_BE}{among}", re.I), among_gate))
        pats.append(
            (
                kind + "_among",
                re.compile(rf"\b{among},? (?:were|was|are|is) (?P<groups>{groups})", re.I),
                among_gate,
            )
        )
        if kind == "killed":
            # "the dead were three women, four children and two men" (all of them) / "the dead included ..."
            dead = r"\b(?:the dead|those killed|the fatalities),? "
            for k, link in ((kind, "were|are"), (kind + "_among", "included|include")):
                pats.append(
                    (
                        k,
                        re.compile(rf"{dead}(?:{link}) (?P<groups>{groups})", re.I),
                        (gate("dead|killed|fatalit"),),
                    )
                )
        # "three women and four children were killed"
        pats.append(
            (kind, re.compile(rf"(?P<groups>{groups}),? (?:who )?{_BE}{verb}\b", re.I), (gate(verb),))
        )
        # "killed three people", "killing at least 7", "left two dead", "injuring five others"
        base = (
            (
                r"killed|killing|kills|kill|left|leaving|claimed the lives of|"
                r"fatally (?:shooting|shot|stabbing|stabbed|wounding|wounded)|shot and killed|"
                r"shooting and killing|shot dead|gunned down|murdered|murdering|slaying|slew|slays|slain"
            )
            if kind == "killed"
            else (r"injured|injuring|injures|wounded|wounding|wounds|hurt|hurting|left|leaving")
        )
        tail = (
            r"(?: dead)?"
            if kind == "killed"
            else r"(?: (?:critically |seriously |badly )?(?:injured|wounded|hurt|in critical condition))?"
        )
        # a headline's "4 shot" counts the shot, as "4 were shot" does (see the filter in find_casualties)
        head_verbs = "dead|killed|died" if kind == "killed" else "injured|wounded|hurt|hospitali[sz]ed|shot"
        pats.append(
            (
                kind,
                re.compile(
                    rf"\b(?:{base}) (?P<groups>{groups}|(?:(?P<q2>{_QUAL}) )?(?P<n2>{_NUM_WORDS})"
                    rf"(?! (?:{_NOT_UNITS})\b)){tail}",
                    re.I,
                ),
                (gate(base),),
            )
        )
        # "N dead", "N killed" (headline) and "the death toll rose to N"
        if kind == "killed":
            pats.append(
                (
                    kind,
                    re.compile(
                        rf"\bdeath toll (?:\w+ ){{0,3}}(?:to|at|of|reached|is|was|stood at|stands at) "
                        rf"(?:(?P<q2>{_QUAL}) )?(?P<n2>{_NUM_WORDS})\b",
                        re.I,
                    ),
                    (),
                )
            )
        pats.append(
            (
                kind,
                re.compile(
                    rf"(?:^|[\s,(])(?:(?P<q2>{_QUAL}) )?(?P<n2>{_SMALL}) (?:more |others? )?{_BE}"
                    rf"(?:{head_verbs})\b",
                    re.I,
                ),
                (gate(head_verbs),),
            )
        )
        # vague: "a number of terrorists were killed", "killed dozens of militants"
        pats.append(
            (
                kind + "_vague",
                re.compile(rf"\b(?P<v>{_VAGUE}) {_ADJ}(?P<noun>{noun_re})\b,? (?:who )?{_BE}{verb}\b", re.I),
                (vague, gate(verb)),
            )
        )
        pats.append(
            (
                kind + "_vague",
                re.compile(rf"\b(?:{base}) (?P<v>{_VAGUE}) {_ADJ}(?P<noun>{noun_re})\b", re.I),
                (vague, gate(base)),
            )
        )
    sing = sorted(
        {n for n in nouns if not n.endswith("s") or n in ("police",)} - {"police", "other", "personnel"}
        | set(lex.get("singular_victim_words", [])),
        key=len,
        reverse=True,
    )
    sing_re = "|".join(re.escape(n) for n in sing) + r"|\d{1,2}-year-old"
    det = r"(?:a|an|the|one|his|her|their|its|another|this|that)"
    name = r"(?-i:[A-Z][a-z'’-]+(?: [A-Z]\.)?(?: [A-Z][a-z'’-]+){1,2}(?: Jr\.| Sr\.| II| III)?)"
    pron = r"(?:he|she)"
    kverb = (
        _KILLED_V[:-1]
        + r"|shot,? killed|shot(?: [a-z]+){0,4} (?:dies|died)|pronounced dead|declared dead|later died"
        + r"|succumbed)"
    )
    # subject NPs: "a 22-year-old man was shot and killed", "Smith, 23, died", "he was pronounced dead"
    subj = (
        rf"(?:(?:\b{det} |^|(?<=[:–—-] )|(?<=\bafter )|(?<=\bwhen )){_ADJ}(?:{sing_re})|\b{name}"
        rf"|^(?-i:[A-Z][a-z]{{2,}})(?= (?:was|had been|has been) )|\b{pron})"
        rf"(?: of (?-i:[A-Z][a-z]+(?: [A-Z][a-z]+)?))?"  # "Jane Roe of Ashdown"
        rf"(?:, (?:\d{{1,3}}|[^,]{{1,60}}),)?,? (?:who |that )?{_BE}"  # ", 23," / ", a cashier," / ", who"
    )
    obj_k = (
        r"(?:killed|killing|kills|shot and killed|shooting and killing|"
        r"fatally (?:shot|shooting|stabbed|stabbing)|"
        r"murdered|murdering|gunned down|shot dead|stabbed to death|beat to death|slain|slaying)"
    )
    obj_np = rf"(?:(?:{det} )?{_ADJ}(?:{sing_re})(?: {name})?|{_ADJ}(?:{sing_re}) {name}|{name}|him|her)\b"
    injured_v = rf"(?:{_INJURED_V[3:-1]}|shot and (?:injured|wounded))"
    single: list[_Pattern] = [
        # (?P<subject>): a subject and its verb, which may be active ("a man killed his wife"; see _active)
        ("killed", re.compile(rf"(?P<subject>){subj}{kverb}\b", re.I), (gate(kverb),)),
        ("killed", re.compile(rf"\b{obj_k} {obj_np}", re.I), (gate(obj_k),)),
        (
            "killed",
            re.compile(
                rf"\b(?:fatal (?:shooting|stabbing|beating)|shooting death|murder|killing|slaying|homicide) "
                rf"of {obj_np}",
                re.I,
            ),
            (),
        ),
        ("killed", re.compile(rf"\b(?:left|leaving) {obj_np} dead\b", re.I), ()),
        ("injured", re.compile(rf"(?P<subject>){subj}{injured_v}\b", re.I), (gate(injured_v),)),
        (
            "injured",
            re.compile(rf"\b(?:wounded|wounding|injured|injuring|shot and wounded) {obj_np}", re.I),
            (),
        ),
        # "a man shot his neighbour", "child shoots himself": someone was shot (dropped if a death is said)
        (
            "injured",
            re.compile(rf"\b(?:shot|shoots|shooting) (?:{obj_np}|himself|herself)(?! dead\b)", re.I),
            (),
        ),
    ]
    return category, frozenset(nouns), group_re, pats, single


_A_GUNSHOT = re.compile(
    r"(?:\b(?:one|1|a single)|\b(?:fired?|firing|took|heard|hear)\s+(?:\w+\s+)?\w+) (?:\w+ )?shot$", re.I
)
"""A count before "shot" that counts gunshots, not people shot: "one shot", "fired two shot(s)"."""
_ACTIVE_OBJECT = re.compile(
    r"\s+(?:(?:at least|about|nearly|more than|up to) )?(?:\d|(?:a|an|the|his|her|their|its|my|our|him|them|"
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens|scores|several|many|both)\b)",
    re.I,
)
_PASSIVE = re.compile(r"\b(?:was|were|is|are|been|being|got|gets)\b", re.I)
_NO_OBJECT = re.compile(r"\b(?:die[sd]?|dead|succumbed)$", re.I)
"""A verb that takes no object: "mother dies 9 days after shooting" is no active voice."""


def _active(text: str, m: re.Match[str]) -> bool:
    """Whether a "subject + verb" match is the active voice, its subject the killer: "A gunman killed six
    people", "a man wounded two officers" (the verb has an object and no auxiliary makes it passive);
    "Man killed in shooting" is a headline's passive."""
    said = m.group(0)
    if _PASSIVE.search(said) or _NO_OBJECT.search(said):
        return False
    return _ACTIVE_OBJECT.match(text, m.end()) is not None


_HEADLINE_SUBJ = re.compile(r"(?:^|\b(?:after|when)\s+)$", re.I)
_FATALLY = re.compile(
    rf",? (?:and )?(?P<n>{_SMALL})(?: of them| of whom)? (?:fatally|was killed|were killed|died)\b", re.I
)
_NOT_SAID = re.compile(
    r"(?:\b(?:no|not|none)|\b(?:possibly|nearly|almost|narrowly|could have|would have|might have|"
    r"(?:attempt|tri|try|threaten|plann?|plot|want)(?:ed|ing|s)? to|intent to))\s*$",
    re.I,
)
"""Before a casualty phrase: it says no one ("no one was hurt") or a harm that did not happen ("nearly
killing the trooper", "tried to kill")."""
_ANOTHER = re.compile(
    r"^(?:another|a second)\b|\b(?:was|were|is|has been) also\b"
    r"|\balso (?:\w+ )?(?:shot and killed|killed|fatally shot)",
    re.I,
)
"""Words telling a victim is one more (see :func:`_is_another`)."""
_MULTIPLE = re.compile(
    r"\b(?:(?P<m>double|triple|quadruple)[- ](?P<shooting>shooting)|(?:(?P<m2>double|triple|quadruple)[- ])?"
    r"(?P<ms>murder[- ]suicide))\b",
    re.I,
)
"""A shooting named by its victims: "a double shooting" (two shot), "a murder-suicide" (at least two
dead: the victim and the killer; "a triple murder-suicide": four)."""
_MULTIPLE_GATE = (gate(r"double|triple|quadruple|suicide"),)
_MULTIPLIERS = {"double": 2, "triple": 3, "quadruple": 4}
_THEY_DIED = re.compile(
    r",? (?:and |where |but )?(?:they|both|all)(?: later)? (?:died|were pronounced dead)\b", re.I
)
"""After a count of the shot or hurt: they are the dead ("both teens were taken to a hospital, where they
died")."""
_TALLY_AFTER = re.compile(
    r"^[^.;,]{0,40}?\b(?:(?:this|last) year\b|so far\b|since (?:19|20)\d\d\b"
    r"|in (?:the \w+ of )?(?:19|20)\d\d\b|(?:in|this|last) \w+ alone\b|across the city\b|citywide\b"
    r"|in (?:separate|several|multiple|unrelated|\d+) (?:shootings|incidents|attacks)\b)",
    re.I,
)
_TALLY_BEFORE = re.compile(
    r"\b(?:(?:since|in) (?:19|20)\d\d,? (?:when|where)\b[^.;]*"
    r"|so far (?:this year|in (?:19|20)\d\d)\b[^.;]*|through the end of \w+\b[^.;]*"
    r"|\b(?:crime )?stat(?:istic)?s (?:for|from|show)\b[^.;]*)$",
    re.I,
)
"""A tally or an old case around a count ("nine officers have been shot this year", "since 2007, when a
student killed 32", "killed three men at a party in the summer of 2012", "so far in 2017, 150 people have
been murdered", "at least 10 killed in separate shootings", "80 killed in the city in November alone"):
not this article's victims."""
_NOT_A_COUNT_BEFORE = re.compile(
    r"(?:\d:|\b(?:image|photo|slide|picture|video)s? \d+ of"
    r"|\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?(?: \d{1,2},)?)\s*$",
    re.I,
)
"""Before a number that is no count: a clock or a video's length ("0:43 Homeless man found dead"), a
gallery's caption ("Image 1 of 16 A man died"), a day or a year ("Pontiac March 18 died", "December 26,
2016 Jeffco teen dies")."""
_AGE_AFTER = re.compile(r"\d+\s*-?\s*(?:years?|months?|weeks?)[- ]old\b", re.I)
"""An age, not a count: "12 year-old Traer girl killed"."""
_AGES_BEFORE = re.compile(r"[A-Z][\w'’-]+, \d{1,3}\b[^.;]*\b[A-Z][\w'’-]+,\s*$")
"""A list of people with their ages: the last age is no count ("Dennie Reeves, 66 and Ginger Reeves, 64
were found dead")."""


def _not_a_count(text: str, m: re.Match[str]) -> bool:
    """The match's number is a time, a caption's, a date's or an age, not a number of victims."""
    d = re.search(r"\d", m.group(0))
    if d is None:
        return False
    at = m.start() + d.start()
    lead = text[:at]
    if _AGE_AFTER.match(text, at) and not re.search(r"\b(?:a|an|the)\s*$", lead, re.I):
        return True  # "12 year-old girl killed" (in "a 22-year-old man and a boy were shot" "a" counts)
    return bool(_NOT_A_COUNT_BEFORE.search(lead) or _AGES_BEFORE.search(lead))


_OBJECT_OF = re.compile(r"\b(?:of|by|for|with|to|from|kill\w*|shot|shoot\w*|murder\w*)\s*$", re.I)
"""Before "another man ...": he is an object ("the murder of another man who was shot"), not one more."""
_NUMBER_OF = re.compile(r"\bof\s*$", re.I)
"""Before a bare number: "a mother of three is dead" is one person, not three."""
_INCLUDING = re.compile(r"\b(?:including|among them|among whom|of whom|among the dead were)\b", re.I)


def _is_another(text: str, m: re.Match[str]) -> bool:
    """One victim more: "another man was shot", "the clerk was also wounded", "also shot and killed a
    neighbour" (not "the murder of another man": an object says nothing of the count)."""
    lead = text[: m.start()]
    if _OBJECT_OF.search(lead):
        return False
    return bool(_ANOTHER.search(m.group(0)) or re.search(r"\balso (?:\w+ly )?$", lead, re.I))


def _bare_number(text: str, m: re.Match[str]) -> bool:
    """Whether the match ends in a number standing alone, no noun after it ("kills five in Rafah"): a whole
    word (:data:`_AFTER_BARE` follows), not the article that "a" and "an" also are ("wounds and ...")."""
    n = m.groupdict().get("n2")
    if not n or n.lower() in ("a", "an"):
        return False
    return _AFTER_BARE.match(text, m.end("n2")) is not None


_AFTER_BARE = re.compile(
    r"\s*(?:$|[,;)]|[.:](?!\d)|(?:in|at|on|near|across|and|as|when|after|during|inside)\b)", re.I
)
"""What may follow a bare count for it to count: the end of the clause, or a place, time or second verb
("kills five in Rafah", "killed seven and wounded 12"), not a clock ("fatally shot about 12:10 a.m.")."""


def _read_groups(
    text: str, category: dict[str, str], group_re: re.Pattern[str]
) -> tuple[int | None, str, dict]:
    total = 0
    qual = "exact"
    victims: dict[str, int | None] = {}
    found = False
    for g in group_re.finditer(text):
        n = parse_number(g.group("n"))
        if n is None:
            continue
        found = True
        total += n
        if g.group("q"):
            qual = QUALIFIER_WORDS.get(g.group("q").lower(), "exact")
        cat = category.get(g.group("noun").lower())
        if cat:
            victims[cat] = (victims.get(cat) or 0) + n
    return (total if found else None), qual, victims


def find_casualties(text: str, gates: Gates | None = None) -> list[CasualtyCount]:
    """All killed/injured phrases in one sentence (non-overlapping, in order); ``gates``: the sentence's,
    when the caller has searched some already."""
    category, _nouns, group_re, pats, single = _tables()
    gates = gates or Gates(text)
    out: list[CasualtyCount] = []
    taken: list[tuple[int, int, str]] = []
    for kind, pat, needs in pats:
        if not gates.open(needs):
            continue  # it cannot match
        base_kind = kind.removesuffix("_vague").removesuffix("_among")
        for m in pat.finditer(text):
            if any(m.start() < e and s < m.end() and k == base_kind for s, e, k in taken):
                continue
            if _NOT_SAID.search(text[: m.start()]) or _not_a_count(text, m):
                continue
            if m.groupdict().get("groups") and m.start("groups") == m.start() and _active(text, m):
                continue  # "A gunman killed six people": the gunman killed; "killed six people" counts
            if m.group(0)[:1].isspace() and _NUMBER_OF.search(text[: m.start()]):
                continue  # "mother of three is dead" (the bare-number pattern's match starts at its space)
            if re.search(r"\bwho shot$", m.group(0), re.I):
                continue  # "two people who shot at the car" are the shooters
            if m.group(0).lower().endswith(" shot") and _A_GUNSHOT.search(text, 0, m.end()):
                continue  # "fired one shot", "one shot rang out": a gunshot, not a person shot
            if re.match(r"(?:left|leaving)\b", m.group(0), re.I) and not re.search(
                r"\b(?:dead|injured|wounded|hurt|condition)$" if base_kind == "injured" else r"\bdead$",
                m.group(0),
                re.I,
            ):
                continue  # "left a man injured" is not a death; "left three people" alone says nothing
            if kind.endswith("_vague"):
                cat = category.get(m.group("noun").lower())
                out.append(
                    CasualtyCount(base_kind, None, "unknown", {cat: None} if cat else {}, m.start(), m.end())
                )
            else:
                gd = m.groupdict()
                bare = not gd.get("groups")
                if not bare:
                    count, qual, victims = _read_groups(m.group("groups"), category, group_re)
                    # no noun after the number: "kills five in Rafah", "killing at least 7"
                    bare = count is None and _bare_number(text, m)
                if bare:
                    count = parse_number(gd.get("n2") or "")
                    qual = QUALIFIER_WORDS.get((gd.get("q2") or "").lower(), "exact")
                    victims = {}
                if count is None:
                    continue
                if kind.endswith("_among"):
                    toll = parse_number(gd.get("n2") or "")
                    if toll is not None and toll >= count:
                        count, qual = toll, QUALIFIER_WORDS.get((gd.get("q2") or "").lower(), "exact")
                    else:
                        qual = "at_least"  # these were among the dead: there were at least these
                if base_kind == "injured" and gd.get("groups") and re.search(r"\bshot$", m.group(0), re.I):
                    # "two men were shot" : shot but not (yet) said injured vs killed; count as injured.
                    pass
                # a breakdown after "including"
                rest = text[m.end() : m.end() + 120]
                inc = _INCLUDING.match(rest.lstrip(" ,"))
                if inc:
                    _c, _q, more = _read_groups(
                        rest.lstrip(" ,")[inc.end() : inc.end() + 100], category, group_re
                    )
                    for k, v in more.items():
                        victims.setdefault(k, v)
                shot = base_kind == "injured" and bool(re.search(r"\bshot$", m.group(0), re.I))
                out.append(
                    CasualtyCount(
                        base_kind,
                        count,
                        qual,
                        victims,
                        m.start(),
                        m.end(),
                        shot=shot,
                        another=count == 1 and _is_another(text, m),
                    )
                )
                if base_kind == "injured" and (td := _THEY_DIED.match(text, m.end())):
                    out.append(CasualtyCount("killed", count, qual, victims, m.start(), td.end()))
                    taken.append((m.start(), td.end(), "killed"))
                if shot:
                    # "two men were shot, one fatally" / "five people were shot, two of them fatally"
                    fm = _FATALLY.match(text, m.end())
                    if fm and (k := parse_number(fm.group("n"))) is not None:
                        out.append(CasualtyCount("killed", k, "exact", {}, fm.start(), fm.end()))
                        taken.append((fm.start(), fm.end(), "killed"))
            taken.append((m.start(), m.end(), base_kind))
    if gates.open(_MULTIPLE_GATE):
        for m in _MULTIPLE.finditer(text):
            if m.group("shooting"):
                n = _MULTIPLIERS[m.group("m").lower()]
                out.append(CasualtyCount("injured", n, "exact", {}, m.start(), m.end(), shot=True))
            elif not any(m.start() < e and s < m.end() and k == "killed" for s, e, k in taken):
                n = _MULTIPLIERS.get((m.group("m2") or "").lower(), 0)
                out.append(
                    CasualtyCount(
                        "killed", n + 1 if n else 2, "exact" if n else "at_least", {}, m.start(), m.end()
                    )
                )
            taken.append((m.start(), m.end(), "injured" if m.group("shooting") else "killed"))
    # one victim without a number ("a man was shot and killed", "Smith died", "the victim was hospitalized")
    for kind, pat, needs in single:
        if not gates.open(needs):
            continue
        for m in pat.finditer(text):
            if any(m.start() < e and s < m.end() and k == kind for s, e, k in taken):
                continue
            if _NOT_SAID.search(text[: m.start()]):
                continue
            if "subject" in pat.groupindex and _active(text, m):
                continue  # "A man killed his wife", "a deputy wounded two suspects": the subject acted
            if any(m.start() < e and s < m.end() for s, e, _k in taken) and kind == "injured":
                continue
            if (
                kind == "injured"
                and re.search(r"\bshot$", m.group(0), re.I)
                and not re.search(r"\b(?:was|were|is|are|been|being|got|gets)\b", m.group(0), re.I)
                and (
                    re.match(r"(?:he|she)\b", m.group(0), re.I)
                    or not _HEADLINE_SUBJ.search(text[: m.start()])
                )
            ):
                continue  # "he shot at the car" is active: only "(he was) shot" or a headline "Man shot"
            shot = kind == "injured" and bool(
                re.search(r"(?:\bshot$|^(?:shot|shoots|shooting)\b)", m.group(0), re.I)
            )
            another = _is_another(text, m)
            out.append(
                CasualtyCount(
                    kind, 1, "exact", {}, m.start(), m.end(), singular=True, shot=shot, another=another
                )
            )
            taken.append((m.start(), m.end(), kind))
    out = [
        c for c in out if not (_TALLY_AFTER.search(text[c.end :]) or _TALLY_BEFORE.search(text[: c.start]))
    ]
    killed_spans = [(c.start, c.end) for c in out if c.kind == "killed"]
    out = [
        c for c in out if c.kind == "killed" or not any(c.start < e and s < c.end for s, e in killed_spans)
    ]
    out.sort(key=lambda c: c.start)
    return out
