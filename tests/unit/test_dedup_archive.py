"""Dedup's archive: an expired event stays findable, and a late report that names it re-opens it."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agents.chain import Chain
from agents.dedup import DedupPolicy, archive_changes, archive_wanted, event_id, step
from schemas import Mention
from schemas.models import PUBLICATION_DATE, Place
from tests.unit.factories import at, latest_versions, mention, replay_dedup, shuffled_within

POLICY = DedupPolicy()  # 14 days of retention, a year of archive


def shooting(article: str, day: float, text: str, **kw: object) -> Mention:
    return mention(article, published=at(int(day)), sub="Attack", actor=None, place="Denver", text=text, **kw)


OPENER = shooting(
    "post-1",
    0,
    "A gunman shot Jordan Hale dead outside the Blue Finch tavern on Colfax Avenue.",
    killed=1,
    names=("Jordan Hale",),
)
FOLLOW = shooting(
    "news-1",
    1,
    "Jordan Hale, 31, died outside the Blue Finch tavern, police said.",
    killed=1,
    names=("Jordan Hale",),
)
ELSEWHERE = shooting(
    "post-2", 40, "A woman was wounded by a stray bullet in Montbello.", injured=1, names=("Ana Ruiz",)
)
TRIAL = shooting(
    "news-2",
    130,
    "Tom Reyes was sentenced to life for the murder of Jordan Hale outside the Blue Finch tavern.",
    killed=1,
    names=("Tom Reyes", "Jordan Hale"),
)


def chain(policy: DedupPolicy = POLICY) -> Chain:
    return Chain(extractor=None, dedup=policy)  # type: ignore[arg-type]  # dedup only


def feed(c: Chain, mentions: list[Mention]) -> list:
    return [out for m in mentions for out in c.feed_mention(m) if out.__class__.__name__ == "Event"]


def test_an_expired_event_moves_to_the_archive_and_its_state_keeps_only_what_finds_it():
    c = chain()
    feed(c, [OPENER, FOLLOW, ELSEWHERE])
    state = c.blocks["Northern America"]
    shot = event_id("post-1#1")
    assert shot not in {oe.event.id for oe in state.events}  # 40 days on: beyond twice the retention
    (ref,) = state.archived
    assert ref.id == shot and ref.last_activity == FOLLOW.published_at
    assert {"jordan", "hale", "blue", "finch"} <= set(ref.names)
    assert [m.id for m in c.archive[shot].mentions] == ["post-1#1", "news-1#1"]


def test_a_late_report_that_names_an_archived_event_reopens_it_as_its_next_version():
    c = chain()
    before = feed(c, [OPENER, FOLLOW, ELSEWHERE])
    shot = event_id("post-1#1")
    last = latest_versions(before)[shot]
    out = feed(c, [TRIAL])
    (reopened,) = [e for e in out if e.id == shot]
    assert reopened.version == last.version + 1
    assert reopened.mention_ids == ("post-1#1", "news-1#1", "news-2#1")
    assert any("shared names" in r for r in reopened.matches[-1].reasons)
    state = c.blocks["Northern America"]
    assert shot in {oe.event.id for oe in state.events}
    assert [r.id for r in state.archived] == [event_id("post-2#1")]
    assert shot not in c.archive
    assert c.event_of("news-2#1") == shot


def test_a_late_report_that_names_nothing_of_it_leaves_the_archive_alone():
    c = chain()
    feed(c, [OPENER, FOLLOW, ELSEWHERE])
    other = shooting(
        "news-3", 130, "A man was shot dead near the Blue Moon diner.", killed=1, names=("Lee Park",)
    )
    out = feed(c, [other])
    assert [e.id for e in out] == [event_id("news-3#1")]
    assert event_id("post-1#1") in {r.id for r in c.blocks["Northern America"].archived}


def test_a_report_months_later_dated_to_its_own_day_reopens_the_event_it_names_strongly():
    """A report of the arrest, dated to its own day by a phrase of a sentence that tells the shooting ("shot
    ... on Thursday" of the day it was charged): dated after the archived event, it re-opens it on names as
    strong as those that outweigh a place conflict (``conflict_identity``), and on nothing less."""
    c = chain()
    feed(c, [OPENER, FOLLOW, ELSEWHERE])
    shot = event_id("post-1#1")
    strong = shooting(
        "news-6",
        130,
        "Police say Tom Reyes shot Jordan Hale outside the Blue Finch tavern on Colfax Avenue.",
        killed=1,
        names=("Tom Reyes", "Jordan Hale"),
        date_reason="Thursday",
    )
    weak = shooting(
        "news-7",
        131,
        "Police say Jordan Hale was shot in a quarrel.",
        names=("Jordan Hale",),
        date_reason="Friday",
    )
    (reopened,) = [e for e in feed(c, [strong]) if e.id == shot]
    assert reopened.mention_ids == ("post-1#1", "news-1#1", "news-6#1")
    assert "dated after the archived event, bridged by shared names" in reopened.matches[-1].reasons
    c2 = chain()
    feed(c2, [OPENER, FOLLOW, ELSEWHERE])
    assert [e.id for e in feed(c2, [weak])] == [event_id("news-7#1")]  # two names: not enough months on


AURORA = Place(name="Aurora", admin1="Colorado", country="USA", lat=39.73, lon=-104.83, precision="city")


def charged(article: str, killed: int | None = 1, place: str | Place = "Denver", **kw: object) -> Mention:
    """A report four months on that dates the shooting to its very day and names none of its people."""
    kw.setdefault("date", OPENER.date)
    kw.setdefault("date_reason", "on Jan. 6")
    return mention(
        article,
        published=at(130),
        sub="Attack",
        actor=None,
        place=place,
        text="A man was charged on Friday in the Jan. 6 killing outside a bar.",
        killed=killed,
        names=("Sam Cole",),
        **kw,
    )


def test_a_late_report_dated_to_an_archived_event_s_very_day_reopens_it_without_naming_it():
    c = chain()
    feed(c, [OPENER, FOLLOW, ELSEWHERE])
    shot = event_id("post-1#1")
    state = c.blocks["Northern America"]
    (ref,) = state.archived
    assert ref.days == (OPENER.date,)  # FOLLOW is dated by the death it tells ("died"), not by the shooting
    late = charged("news-4")
    assert archive_wanted(state, late) == [shot]  # found by its day, not by a name
    (reopened,) = [e for e in feed(c, [late]) if e.id == shot]
    assert reopened.mention_ids == ("post-1#1", "news-1#1", "news-4#1")
    assert any("very day" in r for r in reopened.matches[-1].reasons)


@pytest.mark.parametrize(
    "late",
    [
        charged("news-5", date_reason=PUBLICATION_DATE),  # the day it was published, not a day it gives
        charged("news-5", killed=3),  # another toll
        charged("news-5", killed=None),  # no toll to compare
        charged("news-5", place=AURORA),  # a neighbouring town: same day alone is too little there
    ],
    ids=["dated-by-publication", "other-toll", "no-toll", "other-town"],
)
def test_the_same_day_alone_reopens_only_in_the_same_place_with_the_same_toll(late):
    c = chain()
    feed(c, [OPENER, FOLLOW, ELSEWHERE])
    assert [e.id for e in feed(c, [late])] == [event_id("news-5#1")]
    assert event_id("post-1#1") in {r.id for r in c.blocks["Northern America"].archived}


@pytest.mark.parametrize(
    ("injured", "killed", "reopens"),
    [(3, None, True), (3, 0, True), (5, None, False), (3, 1, False)],
    ids=["same-wounded", "same-wounded-none-dead", "other-wounded", "a-death"],
)
def test_when_nobody_died_the_number_wounded_is_the_toll_the_same_day_asks_for(injured, killed, reopens):
    wounded = shooting(
        "post-5", 0, "Three people were wounded by gunfire outside the Blue Finch tavern.", injured=3
    )
    c = chain()
    feed(c, [wounded, ELSEWHERE])
    late = charged("news-7", killed=killed, injured=injured)
    reopened = event_id("post-5#1") in {e.id for e in feed(c, [late])}
    assert reopened is reopens


def test_a_day_two_archived_events_of_one_place_share_reopens_neither():
    # a busy city's day: two shootings of Jan. 6 in Denver, each with one dead, kept apart (their reports give
    # different ages, and this policy asks a little more of a match); a report that only gives that day,
    # place and toll could be either
    policy = DedupPolicy(match_threshold=0.7)
    tavern = shooting("post-4", 0, "A 31-year-old was shot dead outside the Blue Finch tavern.", killed=1)
    avenue = shooting("post-3", 0, "A 16-year-old was shot dead on Colfax Avenue, police said.", killed=1)
    c = chain(policy)
    feed(c, [tavern, avenue, ELSEWHERE])
    assert len(c.blocks["Northern America"].archived) == 2
    assert [e.id for e in feed(c, [charged("news-6")])] == [event_id("news-6#1")]
    alone = chain(policy)  # the same report with only one of them archived does join it
    feed(alone, [tavern, ELSEWHERE])
    assert event_id("post-4#1") in {e.id for e in feed(alone, [charged("news-6")])}


def test_the_archive_forgets_an_event_a_year_and_a_retention_after_its_last_report():
    c = chain()
    feed(c, [OPENER, FOLLOW, ELSEWHERE])
    year_on = shooting(
        "news-4", 1 + 366, "Tom Reyes was sentenced for killing Jordan Hale.", names=("Jordan Hale",)
    )
    out = feed(c, [year_on])
    assert [e.id for e in out] == [event_id("news-4#1")]  # too late: an event of its own
    # kept one retention more, for a re-cluster from a report up to a retention back, then forgotten
    assert event_id("post-1#1") in c.archive
    feed(c, [shooting("news-5", 1 + 365 + 15, "A man was shot in Five Points.", names=("Lee Park",))])
    assert event_id("post-1#1") not in c.archive
    # 341 days: still there
    assert [r.id for r in c.blocks["Northern America"].archived] == [event_id("post-2#1")]


def test_without_an_archive_an_expired_event_is_gone_and_the_late_report_opens_its_own():
    c = chain(DedupPolicy(archive_days=0))
    feed(c, [OPENER, FOLLOW, ELSEWHERE])
    assert not c.blocks["Northern America"].archived and not c.archive
    out = feed(c, [TRIAL])
    assert [e.id for e in out] == [event_id("news-2#1")]
    # ``step`` without an archive mapping keeps none, whatever the policy says
    states, _ = replay_dedup([OPENER, FOLLOW, ELSEWHERE], policy=POLICY)
    us = states["Northern America"]
    assert not us.archived and archive_changes(None, us) == ([], [])


def test_an_archived_report_delivered_again_changes_nothing():
    c = chain()
    feed(c, [OPENER, FOLLOW, ELSEWHERE, shooting("post-3", 80, "A man was shot in Five Points.")])
    state = c.blocks["Northern America"]
    assert not any(x.id == "post-1#1" for x in state.closed)  # only the archive still knows it
    assert feed(c, [OPENER]) == [] and c.blocks["Northern America"] == state


def test_the_archive_does_not_depend_on_delivery_order():
    # The trial and a report of the same week come in either order; the late one re-clusters the key.
    week = shooting("post-5", 129, "A man was shot in the leg in Globeville.", injured=1, names=("Sam Ode",))
    clusterings = set()
    for order in itertools.permutations([TRIAL, week]):
        c = chain()
        feed(c, [OPENER, FOLLOW, ELSEWHERE, *order])
        state = c.blocks["Northern America"]
        clusterings.add(
            (
                frozenset(frozenset(m.id for m in oe.mentions) for oe in state.events),
                tuple(r.id for r in state.archived),
            )
        )
    assert len(clusterings) == 1
    (held, archived) = clusterings.pop()
    assert frozenset({"post-1#1", "news-1#1", "news-2#1"}) in held
    assert archived == (event_id("post-2#1"),)


def test_names_an_outlet_repeats_in_its_own_reports_do_not_reopen_an_archived_event():
    # The Post's byline (Dana Cole) is on its every report; months later it names nothing of the shooting.
    opener = OPENER.model_copy(update={"source": "post.example", "names": ("Jordan Hale", "Dana Cole")})
    follow = FOLLOW.model_copy(update={"source": "news.example"})
    byline = shooting(
        "post-6", 130, "Tom Reyes was sentenced for a robbery on Colfax Avenue.", names=("Dana Cole",)
    ).model_copy(update={"source": "post.example"})
    c = chain()
    feed(c, [opener, follow, ELSEWHERE])
    assert [e.id for e in feed(c, [byline])] == [event_id("post-6#1")]
    # The victim's name, which another outlet's report carries too, does re-open it.
    trial = TRIAL.model_copy(update={"source": "post.example"})
    assert event_id("post-1#1") in {e.id for e in feed(c, [trial])}


def test_a_step_from_an_older_state_reads_that_state_s_archive():
    # The archive's name index is memoised per state: stepping again from an earlier state (a crash replay
    # re-reads the table) must see that state's archived events, not the latest ones.
    c = chain()
    feed(c, [OPENER, FOLLOW, ELSEWHERE])
    earlier, store = c.blocks["Northern America"], dict(c.archive)
    first = step(earlier, TRIAL, POLICY, store)
    feed(c, [TRIAL, shooting("post-7", 200, "A man was shot in Lincoln Park.", names=("Lee Park",))])
    again = step(earlier, TRIAL, POLICY, store)
    assert again == first and event_id("post-1#1") in {e.id for e in again[1]}


def test_a_step_needs_only_the_archived_events_that_share_a_name_with_the_report():
    c = chain()
    feed(c, [OPENER, FOLLOW, ELSEWHERE])
    state = c.blocks["Northern America"]
    assert archive_wanted(state, TRIAL) == [event_id("post-1#1")]
    stranger = shooting(
        "news-8", 130, "A man was shot near a diner on Federal Boulevard.", names=("Lee Park",)
    )
    assert archive_wanted(state, stranger) == []
    wanted = {i: c.archive[i] for i in archive_wanted(state, TRIAL)}
    assert step(state, TRIAL, POLICY, wanted) == step(state, TRIAL, POLICY, c.archive)


def test_a_report_sorting_before_the_late_one_that_reopened_an_event_loses_no_report():
    """The trial report re-opens the shooting; a sentencing report published the day before it arrives after
    it and takes the trial report into an event of their own (both name the sentenced man). The re-cluster
    cuts the shooting back to its old reports, which must stay in an event (they were dropped, in none), and
    the delivery order must not matter."""
    sentencing = shooting(
        "news-3",
        129,
        "Tom Reyes was sentenced to life in prison on Friday, the court said.",
        killed=1,
        names=("Tom Reyes",),
    )
    in_order = [OPENER, FOLLOW, ELSEWHERE, sentencing, TRIAL]
    late = [OPENER, FOLLOW, ELSEWHERE, TRIAL, sentencing]
    clusterings = []
    for order in (in_order, late):
        live = [e for e in latest_versions(feed(chain(), order)).values() if e.superseded_by is None]
        assert {m for e in live for m in e.mention_ids} == {m.id for m in order}
        clusterings.append({frozenset(e.mention_ids) for e in live})
    assert clusterings[0] == clusterings[1]
    assert frozenset({"post-1#1", "news-1#1"}) in clusterings[1]


def test_rarity_counts_closed_events_whatever_the_key_s_clock_reached():
    """Rarity counts each closed event as one report of its names, whether the key still holds it or has
    archived it. Which of the two it is depends on how far the key's clock had run when a report came, so
    counting only archived ones made a match depend on delivery order: three old shootings on Colfax
    Avenue by the Finch bar make those names common; two reports three days apart that share only them
    need strong identity, and must not get it in one order and miss it in the other."""
    old = [
        shooting(
            f"old-{i}", 274 + i / 24, "A man was shot on Colfax Avenue by the Finch bar.", date=at(d).date()
        )
        for i, d in enumerate((250, 262, 274))
    ]
    first = shooting("news-a", 300, "A woman was shot on Colfax Avenue near the Finch bar.", injured=1)
    second = shooting("news-b", 303, "Police are looking for a shooter seen at the Finch bar on Colfax.")
    clock = mention(
        "news-c", published=at(305), sub="Attack", actor=None, place="Miami", text="A man was shot."
    )
    clusterings = []
    for tail in ([first, second, clock], [first, clock, second]):
        live = [e for e in latest_versions(feed(chain(), [*old, *tail])).values() if e.superseded_by is None]
        clusterings.append({frozenset(e.mention_ids) for e in live})
    assert clusterings[0] == clusterings[1]
    assert {"news-a#1"} in clusterings[0] and {"news-b#1"} in clusterings[0]  # the names are common here


NAMES = ["Colfax", "Finch", "Hale", "Reyes", "Ruiz"]


@st.composite
def months_of_reports(draw: st.DrawFn) -> list[Mention]:
    """4-24 reports of Denver shootings over four months (events expire, archive and re-open), naming a
    few of a handful of names, dated by a phrase up to a week back or by their publication."""
    out = []
    for i in range(draw(st.integers(4, 24))):
        published = at(draw(st.integers(0, 120)), draw(st.sampled_from([0, 9])))
        named = draw(st.lists(st.sampled_from(NAMES), min_size=0, max_size=3, unique=True))
        back = draw(st.sampled_from([None, 0, 2, 7]))
        out.append(
            mention(
                f"r{i:02d}",
                published=published,
                sub=draw(st.sampled_from(["Attack", "Attack", "Arrests"])),
                actor=None,
                place="Denver",
                date=None if back is None else (published - dt.timedelta(days=back)).date(),
                date_reason=PUBLICATION_DATE if back is None else "",
                killed=draw(st.sampled_from([None, 1, 2])),
                text=f"A man was shot, police said. {' '.join(named)}".strip(),
            )
        )
    return out


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mentions=months_of_reports(), seed=st.integers(0, 2**16))
def test_with_the_archive_the_clustering_is_the_same_in_any_order_within_a_week(mentions, seed):
    def live(order: list[Mention]) -> set[frozenset[str]]:
        events = latest_versions(feed(chain(), order)).values()
        return {frozenset(e.mention_ids) for e in events if e.superseded_by is None}

    published = sorted(mentions, key=lambda m: (m.published_at, m.id))
    in_order = live(published)
    assert {m for c in in_order for m in c} == {m.id for m in mentions}
    assert live(shuffled_within(published, lambda m: m.published_at, 7, seed)) == in_order


def test_an_id_a_bridge_retired_months_after_its_last_report_comes_back_with_its_next_version():
    """An arrest report names Colfax and Finch, a shooting a week later Colfax and Hale. Two months on, a
    report naming all three arrives first and bridges the two archived events (the shooting's id retired);
    the report of four days before it comes next, and the re-cluster splits them again, giving the shooting
    its id back. Its versions continue after the one that announced the merge: a version 1 again would be
    a second record of (id, 1), and the superseded version the subscriber kept would hide both reports."""

    def report(article: str, day: int, names: str, sub: str = "Attack") -> Mention:
        return mention(
            article,
            published=at(day),
            sub=sub,
            actor=None,
            place="Denver",
            date_reason=PUBLICATION_DATE,
            text=f"A man was shot, police said. {names}",
        )

    arrest, shot = report("arrest", 0, "Colfax Finch", "Arrests"), report("shot", 8, "Colfax Hale")
    later, bridge = report("later", 53, "Colfax Finch"), report("bridge", 57, "Colfax Finch Hale")
    events = feed(chain(), [arrest, shot, bridge, later])
    versions = [(e.id, e.version) for e in events]
    assert len(set(versions)) == len(versions)
    shooting_id = event_id("shot#1")
    assert [v for i, v in versions if i == shooting_id] == [1, 2, 3]
    live = {frozenset(e.mention_ids) for e in latest_versions(events).values() if e.superseded_by is None}
    in_order = feed(chain(), [arrest, shot, later, bridge])
    assert live == {frozenset(e.mention_ids) for e in latest_versions(in_order).values()}
    assert frozenset({"shot#1", "bridge#1"}) in live
