"""The sweeper deletes a partition's stale table keys as that partition's event-time clock moves on."""

from __future__ import annotations

import datetime as dt

from streams.sweep import Sweeper, key_partition

T0 = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
KEYS = [f"K{i:02d}" for i in range(40)]


def days(n: float) -> dt.datetime:
    return T0 + dt.timedelta(days=n)


def stale_before(limit: dt.timedelta):
    """A state is its last event time; stale when older than ``limit`` before the clock."""
    return lambda last, now: last < now - limit


def test_sweep_key_partition_spreads_keys_and_is_stable():
    parts = [key_partition(k, 4) for k in KEYS]
    assert set(parts) == {0, 1, 2, 3}
    assert parts == [key_partition(k, 4) for k in KEYS]


def test_sweep_deletes_only_stale_keys_of_the_partition_being_processed():
    table = {k: days(0) for k in KEYS}
    table["K00"] = days(95)  # recent
    sweeper = Sweeper(table, 4, stale_before(dt.timedelta(days=90)))
    p = key_partition("K01", 4)
    gone = sweeper.observe(p, days(100), keep="K01")
    assert gone and all(key_partition(k, 4) == p for k in gone)
    assert "K01" in table and "K00" in table  # kept: the key just written, and a recent one
    assert set(table) == set(KEYS) - set(gone)
    others = [k for k in KEYS if key_partition(k, 4) != p]
    assert all(k in table for k in others)  # their changelog lives on other partitions


def test_sweep_runs_once_per_period_of_its_partition_clock():
    table = {k: days(0) for k in KEYS}
    sweeper = Sweeper(table, 4, stale_before(dt.timedelta(days=90)), every=dt.timedelta(days=1))
    p = key_partition("K05", 4)
    assert sweeper.observe(p, days(50)) == []  # first record: sweeps, nothing is stale yet
    assert sweeper.observe(p, days(90.5)) != []  # the clock moved 40 days: sweeps, K.. are stale now
    table.update({k: days(0) for k in KEYS})
    assert sweeper.observe(p, days(91)) == []  # half a day later: no sweep
    assert sweeper.observe(p, days(60)) == []  # a late record does not move the clock back
    assert sweeper.clock[p] == days(91)
    assert sweeper.observe(p, days(91.6)) != []  # a day after the last sweep
