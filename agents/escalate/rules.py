"""Escalation thresholds: frozen dataclasses, loaded from a YAML rules file (see ``rules.yaml``)."""

from __future__ import annotations

import dataclasses
import re
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from schemas.errors import ConfigurationError

__all__ = [
    "DEFAULT_RULES_FILE",
    "CivilianHarmRule",
    "CrossBorderRule",
    "DowngradeRule",
    "EpisodeRule",
    "EscalationRules",
    "FirstStrikeRule",
    "Levels",
    "NuclearRule",
    "ReciprocalRule",
    "SurgeRule",
    "load_rules",
]

DEFAULT_RULES_FILE = Path(__file__).with_name("rules.yaml")


@dataclass(frozen=True)
class Levels:
    warning: float = 3
    critical: float = 8


@dataclass(frozen=True)
class EpisodeRule:
    quiet_days: int = 10
    settle_days: int = 21


@dataclass(frozen=True)
class CrossBorderRule:
    score: float = 2
    actor_kinds: tuple[str, ...] = ("state", "state_forces", "government")
    assume_state_when_unknown: bool = True


@dataclass(frozen=True)
class ReciprocalRule:
    score: float = 5
    window_days: int = 7


@dataclass(frozen=True)
class CivilianHarmRule:
    score: float = 2
    civilians: int = 1
    women: int = 1
    children: int = 1
    figure: str = "conservative"


@dataclass(frozen=True)
class NuclearRule:
    score: float = 1
    states: tuple[str, ...] = ("USA", "RUS", "CHN", "FRA", "GBR", "IND", "PAK", "PRK", "ISR")


@dataclass(frozen=True)
class DowngradeRule:
    window_days: int = 7
    scores: dict[str, float] = field(
        default_factory=lambda: {
            "Ambassador recalled": 2,
            "Ambassador expelled": 2,
            "Envoy summoned": 1,
            "Sanctions imposed": 1,
        }
    )

    def __hash__(self) -> int:
        return hash((self.window_days, tuple(sorted(self.scores.items()))))


@dataclass(frozen=True)
class SurgeRule:
    short_hours: int = 24
    long_days: int = 7
    baseline_days: int = 30
    moderate_pct: float = 10
    large_pct: float = 25
    moderate_score: float = 1
    large_score: float = 2
    min_intensity: float = 3.0
    base_intensity: float = 1.0
    fatality_weight: float = 1.0
    scopes: tuple[str, ...] = ("dyad", "province")


@dataclass(frozen=True)
class FirstStrikeRule:
    score: float = 1
    quiet_days: int = 30


@dataclass(frozen=True)
class EscalationRules:
    """All escalation thresholds (defaults = the packaged ``rules.yaml``)."""

    levels: Levels = Levels()
    episode: EpisodeRule = EpisodeRule()
    cross_border: CrossBorderRule = CrossBorderRule()
    reciprocal: ReciprocalRule = ReciprocalRule()
    civilian_harm: CivilianHarmRule = CivilianHarmRule()
    nuclear_armed: NuclearRule = NuclearRule()
    diplomatic_downgrade: DowngradeRule = field(default_factory=DowngradeRule)
    surge: SurgeRule = SurgeRule()
    first_strike: FirstStrikeRule = FirstStrikeRule()

    @property
    def lookback_days(self) -> int:
        """How far back (event time) a rule looks from an event."""
        return 1 + max(
            self.surge.baseline_days + self.surge.long_days,
            self.first_strike.quiet_days,
            self.episode.quiet_days,
            self.reciprocal.window_days,
            self.diplomatic_downgrade.window_days,
        )

    @property
    def history_days(self) -> int:
        """How long (event time) a dyad's state remembers an event: while it is judged anew on every piece of
        evidence (``episode.settle_days``), its rules must see everything they look back at."""
        return self.episode.settle_days + self.lookback_days


_ISO3 = re.compile(r"^[A-Z]{3}$")
_FIGURES = ("conservative", "highest", "latest")
_SCOPES = ("dyad", "province")


def _coerce(value: Any, tp: Any, where: str) -> Any:
    origin = typing.get_origin(tp)
    if tp is bool:
        if not isinstance(value, bool):
            raise ConfigurationError(f"{where}: expected true/false, got {value!r}")
        return value
    if tp in (int, float):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ConfigurationError(f"{where}: expected a number, got {value!r}")
        if tp is int and value != int(value):
            raise ConfigurationError(f"{where}: expected a whole number, got {value!r}")
        if value < 0:
            raise ConfigurationError(f"{where}: must not be negative, got {value!r}")
        return tp(value)
    if tp is str:
        if not isinstance(value, str):
            raise ConfigurationError(f"{where}: expected a string, got {value!r}")
        return value
    if origin is tuple:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigurationError(f"{where}: expected a list of strings, got {value!r}")
        return tuple(value)
    if origin is dict:
        if not isinstance(value, dict):
            raise ConfigurationError(f"{where}: expected a mapping, got {value!r}")
        return {str(k): _coerce(v, float, f"{where}.{k}") for k, v in value.items()}
    raise ConfigurationError(f"{where}: unsupported setting")  # pragma: no cover


def _section(cls: type, data: Any, where: str) -> Any:
    if data is None:
        return cls()
    if not isinstance(data, dict):
        raise ConfigurationError(f"{where}: expected a mapping, got {type(data).__name__}")
    hints = typing.get_type_hints(cls)
    names = {f.name for f in dataclasses.fields(cls)}
    unknown = sorted(set(data) - names)
    if unknown:
        raise ConfigurationError(f"{where}: unknown key(s) {', '.join(map(str, unknown))}")
    return cls(**{k: _coerce(v, hints[k], f"{where}.{k}") for k, v in data.items()})


def _validate(rules: EscalationRules) -> None:
    if rules.levels.warning > rules.levels.critical:
        raise ConfigurationError("levels: warning must not exceed critical")
    if rules.civilian_harm.figure not in _FIGURES:
        raise ConfigurationError(f"civilian_harm.figure: one of {', '.join(_FIGURES)}")
    bad = [s for s in rules.nuclear_armed.states if not _ISO3.match(s)]
    if bad:
        raise ConfigurationError(f"nuclear_armed.states: not ISO 3166-1 alpha-3: {', '.join(bad)}")
    if rules.surge.moderate_pct > rules.surge.large_pct:
        raise ConfigurationError("surge: moderate_pct must not exceed large_pct")
    bad = [s for s in rules.surge.scopes if s not in _SCOPES]
    if bad:
        raise ConfigurationError(f"surge.scopes: unknown scope(s) {', '.join(bad)}")
    if rules.surge.baseline_days < 1 or rules.surge.long_days < 1 or rules.surge.short_hours < 1:
        raise ConfigurationError("surge: windows must be at least 1")


def load_rules(path: str | Path | None = None) -> EscalationRules:
    """Load escalation rules from YAML; ``None`` loads the packaged defaults (``rules.yaml``).

    Raises :class:`schemas.errors.ConfigurationError` when the file is missing, not YAML, has unknown keys,
    wrong types or inconsistent thresholds.
    """
    file = Path(path) if path is not None else DEFAULT_RULES_FILE
    try:
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigurationError(f"cannot read rules file {file}: {exc}") from exc
    except yaml.YAMLError as exc:
        raise ConfigurationError(f"rules file {file} is not valid YAML: {exc}") from exc
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigurationError(f"rules file {file}: expected a mapping at the top level")
    hints = typing.get_type_hints(EscalationRules)
    unknown = sorted(set(data) - set(hints))
    if unknown:
        raise ConfigurationError(f"rules file {file}: unknown section(s) {', '.join(map(str, unknown))}")
    rules = EscalationRules(**{k: _section(hints[k], v, k) for k, v in data.items()})
    _validate(rules)
    return rules
