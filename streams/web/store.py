"""A bounded store of the latest version of the most recent records a worker saw, for the dashboard."""

from __future__ import annotations

from collections import OrderedDict
from typing import Any, Generic, TypeVar

__all__ = ["Recent", "RecentRecords"]

T = TypeVar("T")


class Recent(Generic[T]):
    """Latest version per id of the last ``limit`` ids touched; older ids are forgotten first.

    A version lower than the stored one (a replay after a restart) is ignored.
    """

    def __init__(self, limit: int = 200) -> None:
        self.limit = limit
        self._items: OrderedDict[str, T] = OrderedDict()

    def add(self, item: T) -> bool:
        """Store ``item`` (it needs ``id`` and ``version``); False when an equal or newer one is kept."""
        key = item.id  # type: ignore[attr-defined]
        held = self._items.get(key)
        if held is not None and held.version > item.version:  # type: ignore[attr-defined]
            return False
        if getattr(item, "superseded_by", None) is not None:  # merged into another event: not shown
            self._items.pop(key, None)
            return True
        self._items[key] = item
        self._items.move_to_end(key)
        while len(self._items) > self.limit:
            self._items.popitem(last=False)
        return True

    def latest(self, n: int | None = None) -> list[T]:
        """Most recently touched first."""
        items = list(reversed(self._items.values()))
        return items if n is None else items[:n]

    def __len__(self) -> int:
        return len(self._items)


class RecentRecords:
    """Recent canonical events and alerts of one worker."""

    def __init__(self, limit: int = 200) -> None:
        self.events: Recent[Any] = Recent(limit)
        self.alerts: Recent[Any] = Recent(limit)
