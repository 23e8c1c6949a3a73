"""Resolve relative and absolute date phrases against a publication date (no wall clock)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection
from dataclasses import dataclass

from .gates import Gates, gate
from .numbers import parse_number

__all__ = ["CALENDAR_NAMES", "DateExpr", "act_date", "find_dates", "holiday", "resolve_weekday"]

_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_MONTHS = {
    "january": 1,
    "jan": 1,
    "february": 2,
    "feb": 2,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "june": 6,
    "jun": 6,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sept": 9,
    "sep": 9,
    "october": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}
CALENDAR_NAMES = frozenset(
    [name.title() for name in _WEEKDAYS]
    + [max((k for k, v in _MONTHS.items() if v == n), key=len).title() for n in range(1, 13)]
)
"""The days' and months' full names, capitalised ("Monday", "January")."""
_MONTH_RE = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept\.?|Sep\.?|Oct\.?|Nov\.?|Dec\.?)"
)
_NUMWORD = r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|a|an)"

_DAY_OR_WEEK = gate("day|week")
_TODAY = "today|tonight|this morning|this afternoon|this evening|earlier today"

#: (kind, pattern, gates: pieces any match of a case-insensitive pattern contains, see :mod:`.gates`)
_PATTERNS: list[tuple[str, re.Pattern[str], tuple[re.Pattern[str], ...]]] = [
    (
        "relative_after",
        re.compile(rf"\b({_NUMWORD})\s+(day|days|week|weeks)\s+(after|before|since)\b", re.I),
        (_DAY_OR_WEEK,),
    ),
    (
        "ago",
        re.compile(rf"\b({_NUMWORD})\s+(day|days|week|weeks)\s+ago\b", re.I),
        (gate("ago"), _DAY_OR_WEEK),
    ),
    (
        "month_day",
        re.compile(rf"\b(?:on\s+)?({_MONTH_RE})\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(\d{{4}}))?", re.I),
        (gate("jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec"),),
    ),
    (
        "day_month",
        re.compile(
            rf"\b(?:on\s+)?(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH_RE})\b(?:,?\s+(\d{{4}}))?"
        ),
        (),
    ),
    (
        "holiday",
        re.compile(
            r"\b(?:(?:the\s+)?([Dd]ay|[Nn]ight)\s+(after|before)\s+)?"  # "the day after Christmas"
            r"(New\s+Year['’]s\s+[Ee]ve|New\s+Year['’]s\s+Day|Christmas\s+[Ee]ve|Christmas|Halloween|"
            r"Valentine['’]s\s+Day|(?:St\.?|Saint)\s+Patrick['’]s\s+Day|Cinco\s+de\s+Mayo|Juneteenth|"
            r"Fourth\s+of\s+July|July\s+Fourth|Easter|Thanksgiving|Memorial\s+Day|Labor\s+Day|"
            r"Mother['’]s\s+Day|Father['’]s\s+Day|Martin\s+Luther\s+King(?:,?\s+Jr\.?)?\s+Day|MLK\s+Day)"
            r"(?:\s+(?:[Dd]ay|Sunday|[Nn]ight|[Mm]orning|[Ee]vening|[Aa]fternoon|([Ww]eekend)))?\b"
            # a party, gift or season of it is no act of its day
            r"(?!\s+(?:[Pp]art(?:y|ies)|[Gg]athering|[Gg]ifts?|[Ss]hopping|[Tt]ree|[Ll]ights|"
            r"[Ss]eason|[Bb]reak))"
        ),
        (gate("eve|day|christmas|halloween|mayo|juneteenth|july|easter|thanksgiving"),),
    ),
    (
        "weekday",
        re.compile(
            r"\b(?:(on|last|this|late|early|since)\s+)?(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
            r"(?:['’]s)?(?:\s+(night|morning|evening|afternoon))?\b"
        ),
        (),
    ),
    ("yesterday", re.compile(r"\byesterday\b", re.I), (gate("yesterday"),)),
    ("last_night", re.compile(r"\b(?:last night|late last night)\b", re.I), (gate("night"),)),
    ("overnight", re.compile(r"\bovernight\b", re.I), (gate("overnight"),)),
    ("today", re.compile(rf"\b(?:{_TODAY})\b", re.I), (gate(_TODAY),)),
    ("last_week", re.compile(r"\b(?:last|past|earlier this)\s+week\b", re.I), (gate("week"),)),
    ("last_month", re.compile(r"\b(?:last|earlier this)\s+month\b", re.I), (gate("month"),)),
    ("year", re.compile(r"\bin\s+((?:19|20)\d{2})\b"), ()),
]


_FIXED_HOLIDAYS = {
    "new year's eve": (12, 31),
    "new year's day": (1, 1),
    "christmas eve": (12, 24),
    "christmas": (12, 25),
    "halloween": (10, 31),
    "valentine's day": (2, 14),
    "st. patrick's day": (3, 17),
    "cinco de mayo": (5, 5),
    "juneteenth": (6, 19),
    "fourth of july": (7, 4),
    "july fourth": (7, 4),
}
"""Holidays of a fixed day (month, day)."""
_NTH_WEEKDAY = {
    "thanksgiving": (11, 3, 4),
    "memorial day": (5, 0, -1),
    "labor day": (9, 0, 1),
    "mother's day": (5, 6, 2),
    "father's day": (6, 6, 3),
    "martin luther king day": (1, 0, 3),
}
"""Holidays on the n-th weekday of a month (month, weekday with Monday 0, n; -1 the last): the US calendar
(Thanksgiving, Memorial Day), which most countries that keep Mother's and Father's Day share."""


def _holiday_name(text: str) -> str:
    """The key in :data:`_FIXED_HOLIDAYS` or :data:`_NTH_WEEKDAY` of a holiday's name as the pattern reads it
    (without "Day", "Sunday" or "night" after it: "Christmas" of "Christmas Day"): "St Patrick's Day" ->
    "st. patrick's day", "Martin Luther King, Jr. Day" -> "martin luther king day"."""
    name = re.sub(r"\s+", " ", text.lower().replace("’", "'"))
    if name.startswith(("st ", "st. ", "saint ")):
        return "st. patrick's day"
    if name.startswith(("martin luther", "mlk")):
        return "martin luther king day"
    return name


def _easter(year: int) -> dt.date:
    """Western Easter Sunday of ``year`` (the anonymous Gregorian computus, as Meeus writes it)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    weekday = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 19 * weekday) // 433
    month = (h + weekday - 7 * m + 90) // 25
    return dt.date(year, month, (h + weekday - 7 * m + 33 * month + 19) % 32)


def holiday(name: str, year: int) -> dt.date | None:
    """The day of a holiday (a key of :func:`_holiday_name`) in ``year``; None for an unknown name."""
    if name == "easter":
        return _easter(year)
    if name in _FIXED_HOLIDAYS:
        return dt.date(year, *_FIXED_HOLIDAYS[name])
    if name not in _NTH_WEEKDAY:
        return None
    month, weekday, n = _NTH_WEEKDAY[name]
    if n > 0:
        first = dt.date(year, month, 1)
        return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    last = dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
    return last - dt.timedelta(days=(last.weekday() - weekday) % 7)


@dataclass(frozen=True)
class DateExpr:
    """One date phrase in a text: its span, resolved date (None for relative anchors), precision, kind."""

    start: int
    end: int
    text: str
    kind: str
    date: dt.date | None
    precision: str
    offset_days: int = 0
    """For kind "relative_after": signed days to add to the anchor ("two days after" => -2 for the
    event inside the after-clause relative to the main event)."""


def resolve_weekday(name: str, published: dt.date) -> dt.date:
    """Most recent ``name`` weekday on or before ``published`` ("on Tuesday")."""
    target = _WEEKDAYS.index(name.lower())
    delta = (published.weekday() - target) % 7
    return published - dt.timedelta(days=delta)


def _month_day(month: str, day: int, year: str | None, published: dt.date) -> dt.date | None:
    m = _MONTHS.get(month.lower().rstrip("."))
    if m is None:
        return None
    y = int(year) if year else published.year
    try:
        d = dt.date(y, m, day)
    except ValueError:
        return None
    if not year and d > published + dt.timedelta(days=1):
        try:
            d = dt.date(y - 1, m, day)
        except ValueError:
            return None
    return d


def find_dates(text: str, published: dt.date, gates: Gates | None = None) -> list[DateExpr]:
    """All date phrases in ``text``, in order, resolved against ``published``; ``gates``: the text's, when
    the caller has searched some already."""
    gates = gates or Gates(text)
    out: list[DateExpr] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern, needs in _PATTERNS:
        if not gates.open(needs):
            continue  # it cannot match
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            expr = _resolve(kind, m, published)
            if expr is not None:
                out.append(expr)
                taken.append((m.start(), m.end()))
    out.sort(key=lambda e: e.start)
    return out


def _resolve(kind: str, m: re.Match[str], published: dt.date) -> DateExpr | None:
    s, e, t = m.start(), m.end(), m.group(0)
    if kind == "relative_after":
        n = parse_number(m.group(1)) or 1
        days = n * (7 if m.group(2).lower().startswith("week") else 1)
        sign = -1 if m.group(3).lower() in ("after", "since") else 1
        return DateExpr(s, e, t, kind, None, "day", sign * days)
    if kind == "ago":
        n = parse_number(m.group(1)) or 1
        weeks = m.group(2).lower().startswith("week")
        d = published - dt.timedelta(days=n * (7 if weeks else 1))
        return DateExpr(s, e, t, kind, d, "week" if weeks else "day")
    if kind == "month_day":
        md = _month_day(m.group(1), int(m.group(2)), m.group(3), published)
        return DateExpr(s, e, t, kind, md, "day") if md else None
    if kind == "day_month":
        dm = _month_day(m.group(2), int(m.group(1)), m.group(3), published)
        return DateExpr(s, e, t, kind, dm, "day") if dm else None
    if kind == "weekday":
        if (m.group(1) or "").lower() == "since":
            return None
        d = resolve_weekday(m.group(2), published)
        if (m.group(1) or "").lower() == "last" and d == published:
            d -= dt.timedelta(days=7)
        return DateExpr(s, e, t, kind, d, "day")
    if kind in ("yesterday", "last_night"):
        return DateExpr(s, e, t, kind, published - dt.timedelta(days=1), "day")
    if kind in ("today", "overnight"):
        # "overnight" in a report is the night that ended that morning: its acts came after midnight, on
        # the day of publication (a late-evening act is "last night")
        return DateExpr(s, e, t, kind, published, "day")
    if kind == "last_week":
        return DateExpr(s, e, t, kind, published - dt.timedelta(days=7), "week")
    if kind == "last_month":
        first = published.replace(day=1) - dt.timedelta(days=1)
        return DateExpr(s, e, t, kind, first.replace(day=1), "month")
    if kind == "holiday":
        # the last one before publication; one in the next two weeks is the coming one ("ahead of Christmas"),
        # not the act's day, unless the report is of its weekend, under way (a Monday holiday's Saturday)
        name = _holiday_name(m.group(3))
        day = holiday(name, published.year)
        if day is None:
            return None
        weekend = m.group(4) is not None
        if day > published + dt.timedelta(days=3 if weekend else 0):
            if (day - published).days <= 14:
                return None
            day = holiday(name, published.year - 1) or day
        if m.group(1):  # "the day after Christmas", "the night before Thanksgiving"
            day += dt.timedelta(days=1 if m.group(2).lower() == "after" else -1)
        if weekend:
            return DateExpr(s, e, t, kind, min(day, published), "week")
        return DateExpr(s, e, t, kind, day, "day")
    if kind == "year":
        y = int(m.group(1))
        if y >= published.year:
            return None
        return DateExpr(s, e, t, kind, dt.date(y, 1, 1), "unknown")
    return None


_HAPPENED = re.compile(
    r"\b([A-Za-z]+)\s+(?i:happened|occurred|took place)\b(?:[^.;!?\n]|\.(?!\s+[A-Z])){0,40}$"
)
"""A sentence saying when its act happened, up to a date phrase ("It happened around 7 p.m. on")."""
_ACT_BEFORE = re.compile(r"\b([a-z]+)\s+$", re.I)
_ACT_AFTER = re.compile(r"(?:['’]s)?\s+([a-z-]+)(?:\s+([a-z]+))?", re.I)
"""The one or two words after a date phrase ("shooting", "fatal shooting")."""


def act_date(text: str, published: dt.date, act_nouns: Collection[str]) -> DateExpr | None:
    """The first date ``text`` gives a violent act by naming it: "the Jan. 5 shooting", "Saturday's fatal
    shooting", "the shooting on Saturday night", "It happened around 7 p.m. Friday" (not "the hearing
    took place Monday"); ``act_nouns`` are the nouns that name such an act (lowercase)."""
    for d in find_dates(text, published):
        if d.date is None or d.kind == "year":
            continue
        before = text[max(0, d.start - 60) : d.start]
        after = _ACT_AFTER.match(text, d.end)
        noun_before = _ACT_BEFORE.search(before)
        happened = _HAPPENED.search(before)
        if (
            (happened is not None and happened.group(1).lower() in (*act_nouns, "it"))
            or (after is not None and any((w or "").lower() in act_nouns for w in after.groups()))
            or (noun_before is not None and noun_before.group(1).lower() in act_nouns)
        ):
            return d
    return None
