"""The worker's web side: dashboard page, JSON state, Prometheus metrics, health and readiness probes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from streams.wiring import Wiring

__all__ = ["install_web"]


def install_web(w: Wiring) -> Any:
    """Install the web endpoints on the app of ``w`` (see ``streams.web.views``)."""
    from streams.web.views import install_web as install

    return install(w)
