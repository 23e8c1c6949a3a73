"""A small generator of synthetic wire-style articles (valid ones and poison ones).

The texts are written from templates here; nothing is copied from ../shared/eval. Valid articles name
two states, a place, a date and casualty figures, so that extraction yields mentions, deduplication
merges cross-reports of the same synthetic incident, and escalation raises alerts.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator

import orjson

__all__ = ["bad_records", "repeat_unique", "valid_articles", "word_count"]

# (attacker, demonym, target state, target places, capital of target)
_DYADS = [
    ("Iran", "Iranian", "Pakistan", ["Panjgur", "Turbat", "Quetta"], "Islamabad"),
    ("Pakistan", "Pakistani", "Iran", ["Saravan", "Zahedan", "Chabahar"], "Tehran"),
    ("Israel", "Israeli", "Lebanon", ["Tyre", "Nabatieh", "Baalbek"], "Beirut"),
    ("Turkey", "Turkish", "Iraq", ["Duhok", "Zakho", "Sinjar"], "Baghdad"),
    ("Russia", "Russian", "Ukraine", ["Kharkiv", "Odesa", "Zaporizhzhia"], "Kyiv"),
    ("Ukraine", "Ukrainian", "Russia", ["Belgorod", "Kursk", "Bryansk"], "Moscow"),
    ("India", "Indian", "Pakistan", ["Muzaffarabad", "Bahawalpur", "Sialkot"], "Islamabad"),
    ("Azerbaijan", "Azerbaijani", "Armenia", ["Jermuk", "Goris", "Kapan"], "Yerevan"),
]
_AGENCIES = [("Reuters", "reuters.com"), ("AP", "apnews.com"), ("AFP", "afp.com"), ("DPA", "dpa.com")]
_WEAPONS = ["air strike", "drone strike", "missile strike", "artillery shelling"]
_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

_LEADS = [
    "{city}, {mon} {day} ({agency}) - {attacker_adj} forces carried out an {weapon} on the town of {place} "
    "in {target} on {weekday}, killing {killed} people including {civ} civilians, local officials said.",
    "{city}, {mon} {day} ({agency}) - An {attacker_adj} {weapon} hit a village near {place}, {target}, on "
    "{weekday}, killing {killed} people, among them {civ} civilians, according to the provincial governor.",
    "{city}, {mon} {day} ({agency}) - {attacker} struck targets in {place} in {target} on {weekday} with "
    "an {weapon} that killed {killed} people, {civ} of them civilians, and wounded {injured}, "
    "officials said.",
]
_MIDDLES = [
    "The foreign ministry of {target} condemned the attack as a violation of its sovereignty and summoned "
    "the {attacker_adj} envoy.",
    "{target} said it would respond at a time of its choosing, while {attacker} said it had targeted "
    "militant positions only.",
    "Hospital staff in {place} said {injured} wounded people were being treated, several in critical "
    "condition.",
    "Residents described loud explosions before dawn and said several houses were destroyed.",
]
_TAILS = [
    "There was no immediate comment from the government in {capital}.",
    "The United Nations called on both sides to show restraint.",
    "Analysts said the {weapon} marked a sharp escalation between the two neighbours.",
]


def word_count(text: str) -> int:
    return len(text.split())


def valid_articles(
    n: int, *, seed: int = 7, start: dt.datetime | None = None, prefix: str = "gen"
) -> list[dict[str, object]]:
    """``n`` English wire articles about ``n // 3`` synthetic incidents, each reported by up to three
    outlets a few hours apart (so deduplication has something to merge), in publication order."""
    rng = random.Random(seed)
    start = start or dt.datetime(2026, 3, 2, 6, 0, tzinfo=dt.UTC)
    out: list[dict[str, object]] = []
    incident = 0
    while len(out) < n:
        attacker, adj, target, places, capital = rng.choice(_DYADS)
        when = start + dt.timedelta(hours=7 * incident)
        facts = {
            "attacker": attacker,
            "attacker_adj": adj,
            "target": target,
            "place": rng.choice(places),
            "capital": capital,
            "weapon": rng.choice(_WEAPONS),
            "killed": rng.randint(2, 40),
            "injured": rng.randint(1, 60),
            "weekday": _WEEKDAYS[when.weekday()],
            "mon": when.strftime("%b"),
            "day": when.day,
        }
        facts["civ"] = rng.randint(1, int(facts["killed"]))  # type: ignore[arg-type]
        for copy in range(rng.randint(1, 3)):
            if len(out) >= n:
                break
            agency, domain = _AGENCIES[(incident + copy) % len(_AGENCIES)]
            text = dict(facts, agency=agency, city=rng.choice(["Dubai", "Geneva", "Istanbul", capital]))
            body = " ".join(
                [
                    rng.choice(_LEADS).format(**text),
                    *rng.sample(_MIDDLES, 2),
                    rng.choice(_TAILS),
                ]
            ).format(**text)
            published = when + dt.timedelta(hours=1 + copy * 2, minutes=rng.randint(0, 59))
            out.append(
                {
                    "id": f"{prefix}-{incident:06d}-{copy}",
                    "source": domain,
                    "url": f"https://{domain}/world/{prefix}-{incident}-{copy}",
                    "title": f"{adj} {facts['weapon']} kills {facts['killed']} "
                    f"in {target}'s {facts['place']}",
                    "body": body,
                    "published_at": published.isoformat(),
                    "language": "en",
                }
            )
        incident += 1
    return out


_FOREIGN = [
    (
        "de",
        "Bei einem Luftangriff auf ein Dorf im Grenzgebiet wurden am Dienstag mehrere Menschen getötet, "
        "teilten die Behörden mit. Die Regierung verurteilte den Angriff scharf.",
    ),
    (
        "fr",
        "Une frappe aérienne a tué plusieurs personnes mardi dans un village frontalier, ont indiqué les "
        "autorités locales. Le gouvernement a condamné l'attaque avec fermeté.",
    ),
    (
        "es",
        "Un ataque aéreo mató el martes a varias personas en una aldea fronteriza, según informaron las "
        "autoridades locales. El gobierno condenó el ataque con firmeza.",
    ),
    (
        "ru",
        "Во вторник в результате авиаудара по приграничной деревне погибли несколько человек, сообщили "
        "местные власти. Правительство резко осудило нападение.",
    ),
    (
        "ar",
        "قتل عدة أشخاص يوم الثلاثاء في غارة جوية على قرية حدودية، بحسب ما أفادت السلطات المحلية. "
        "وأدانت الحكومة الهجوم بشدة.",
    ),
]


def bad_records(n: int, *, seed: int = 11, big_bytes: int = 10 * 1024 * 1024) -> Iterator[tuple[str, bytes]]:
    """``n`` poison records as (kind, bytes), cycling through every kind; the first is the huge one."""
    rng = random.Random(seed)
    good = valid_articles(1, seed=seed)[0]

    def article(i: int, **fields: object) -> dict[str, object]:
        return dict(good, id=f"bad-{i:06d}") | fields

    def dump(value: object) -> bytes:
        return orjson.dumps(value)

    kinds = [
        "invalid_utf8",
        "truncated_json",
        "wrong_types",
        "empty",
        "whitespace",
        "deep_nesting",
        "nul_bytes",
        "escaped_nul",
        "html_only",
        "other_language",
        "not_an_object",
        "missing_field",
        "naive_date",
        "plain_text",
    ]
    yield "too_large", dump(article(0, body="x " * (big_bytes // 2)))
    for i in range(1, n):
        kind = kinds[i % len(kinds)]
        if kind == "invalid_utf8":
            raw = dump(article(i))
            cut = rng.randrange(10, len(raw) - 10)
            raw = raw[:cut] + bytes([rng.choice([0xFF, 0xFE, 0xC3, 0x80])]) + raw[cut:]
        elif kind == "truncated_json":
            raw = dump(article(i))
            raw = raw[: rng.randrange(1, len(raw) - 1)]
        elif kind == "wrong_types":
            field = rng.choice(["id", "body", "published_at", "title", "source"])
            raw = dump(article(i, **{field: rng.choice([42, 3.5, ["a"], {"b": 1}, True])}))
        elif kind == "empty":
            raw = b""
        elif kind == "whitespace":
            raw = b" \n\t " * rng.randint(1, 5)
        elif kind == "deep_nesting":
            depth = rng.randint(40, 2000)
            raw = dump(article(i))[:-1] + b',"extra":' + b"[" * depth + b"]" * depth + b"}"
        elif kind == "nul_bytes":
            raw = dump(article(i))
            cut = rng.randrange(10, len(raw) - 10)
            raw = raw[:cut] + b"\x00" + raw[cut:]
        elif kind == "escaped_nul":
            raw = dump(article(i, body=str(good["body"]) + "\u0000 trailing"))
        elif kind == "html_only":
            raw = dump(
                article(i, body="<html><body><div><p></p><script>var a=1;</script></div></body></html>")
            )
        elif kind == "other_language":
            lang, text = _FOREIGN[i % len(_FOREIGN)]
            raw = dump(article(i, title=text[:40], body=text, language=lang))
        elif kind == "not_an_object":
            raw = dump(rng.choice([[1, 2, 3], "a string", 12, None, True]))
        elif kind == "missing_field":
            raw = dump({k: v for k, v in article(i).items() if k != "body"})
        elif kind == "naive_date":
            raw = dump(article(i, published_at="2026-03-02T06:00:00"))
        else:  # plain_text
            raw = f"BREAKING: explosions reported near the border, item {i}".encode()
        yield kind, raw


def repeat_unique(articles: list[dict[str, object]], times: int) -> Iterator[dict[str, object]]:
    """``articles`` ``times`` over, with unique ids and publication dates shifted by 30 days a round."""
    for round_ in range(times):
        for article in articles:
            if round_ == 0:
                yield article
                continue
            copy = dict(article, id=f"{article['id']}~r{round_}")
            try:
                published = dt.datetime.fromisoformat(str(article["published_at"]))
            except ValueError:  # a deliberately malformed date stays as it is
                yield copy
                continue
            copy["published_at"] = (published + dt.timedelta(days=30 * round_)).isoformat()
            yield copy
