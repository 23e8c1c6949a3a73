"""Structured logging: one JSON object per line (``STRIKEWIRE_LOG_JSON=true``)."""

from __future__ import annotations

import datetime as dt
import json
import logging
import time
from collections.abc import Callable
from typing import Any

__all__ = ["JsonFormatter", "RepeatFilter", "install_repeat_filter", "worker_logging_config"]

_STANDARD = frozenset(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    """``{"ts", "level", "logger", "msg", ...}``; extra fields passed with ``extra=`` are kept, exceptions
    go in ``exc``."""

    def format(self, record: logging.LogRecord) -> str:
        out: dict[str, Any] = {
            "ts": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
            "process": record.process,
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                out[key] = value
        if record.exc_info:
            out["exc"] = self.formatException(record.exc_info)
        if record.stack_info:
            out["stack"] = self.formatStack(record.stack_info)
        return json.dumps(out, default=str, ensure_ascii=False)


def worker_logging_config(level: str) -> dict[str, Any]:
    """A ``logging_config`` for ``faust.Worker``: its default handler, but writing JSON lines to stdout."""
    return {
        "version": 1,
        "merge": True,
        "formatters": {"json": {"()": f"{__name__}.JsonFormatter"}},
        "handlers": {
            "default": {
                "level": level.upper(),
                "class": "logging.StreamHandler",
                "formatter": "json",
                "stream": "ext://sys.stdout",
            }
        },
    }


class RepeatFilter(logging.Filter):
    """Let a warning or error through once per ``window`` seconds per (logger, level, message template).

    Without it, aiokafka logs an ERROR line on every reconnect attempt (~100 a second) while the broker is
    gone, which buries everything else. The first line of a burst passes; the repeats inside the window are
    counted, and the next line that passes says how many were suppressed. Lines below WARNING pass.
    """

    def __init__(self, window: float = 10.0, clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__()
        self.window = window
        self.clock = clock
        self._seen: dict[tuple[str, int, str], tuple[float, int]] = {}

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < logging.WARNING:
            return True
        key = (record.name, record.levelno, str(record.msg))
        now = self.clock()
        held = self._seen.get(key)
        if held is not None and now - held[0] < self.window:
            self._seen[key] = (held[0], held[1] + 1)
            return False
        if held is not None and held[1]:
            record.msg = f"{record.msg} [{held[1]} similar lines suppressed in the last {self.window:g}s]"
        self._seen[key] = (now, 0)
        if len(self._seen) > 10_000:  # many distinct templates: forget the oldest
            for old in sorted(self._seen, key=lambda k: self._seen[k][0])[:5_000]:
                del self._seen[old]
        return True


def install_repeat_filter(window: float = 10.0) -> RepeatFilter:
    """Add one :class:`RepeatFilter` to every handler of the root logger (after logging is configured)."""
    repeat = RepeatFilter(window)
    for handler in logging.getLogger().handlers:
        if not any(isinstance(f, RepeatFilter) for f in handler.filters):
            handler.addFilter(repeat)
    return repeat
