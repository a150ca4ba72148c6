"""Team-wide settings kept in the Setting table; every change is an event."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from annotator.models import Setting, utcnow
from annotator.services.events import record_event

MAX_ANNOTATORS = 10


class SettingError(ValueError):
    """A setting cannot take the value asked for."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class TeamSettings:
    """How many editors tag each passage, and whether they tag blind."""

    annotators_per_passage: int = 2
    blind_mode: bool = True


def _check(key: str, value: Any) -> Any:
    if key == "annotators_per_passage":
        # bool is an int in Python; True must not pass for 1.
        if isinstance(value, bool) or not isinstance(value, int):
            raise SettingError("annotators per passage must be a whole number", key)
        if not 1 <= value <= MAX_ANNOTATORS:
            raise SettingError(f"annotators per passage must be 1 to {MAX_ANNOTATORS}", key)
        return value
    if key == "blind_mode":
        if not isinstance(value, bool):
            raise SettingError("blind mode must be on or off", key)
        return value
    raise SettingError(f"unknown setting {key!r}", "key")


def defaults_from_config(config: Mapping[str, Any]) -> TeamSettings:
    """The settings an install starts with, from the app configuration."""
    return TeamSettings(
        annotators_per_passage=int(config.get("ANNOTATORS_PER_PASSAGE", 2)),
        blind_mode=bool(config.get("BLIND_MODE", True)),
    )


def _configured_defaults() -> TeamSettings:
    """The running app's configured defaults, or the built-in ones outside an app."""
    from flask import current_app, has_app_context

    return defaults_from_config(current_app.config) if has_app_context() else TeamSettings()


def get_team_settings(session: Session, defaults: TeamSettings | None = None) -> TeamSettings:
    """Stored values over the defaults; a stored value that is no longer valid is ignored."""
    base = defaults or _configured_defaults()
    values: dict[str, Any] = {
        "annotators_per_passage": base.annotators_per_passage,
        "blind_mode": base.blind_mode,
    }
    for row in session.scalars(select(Setting).where(Setting.key.in_(list(values)))):
        try:
            values[row.key] = _check(row.key, row.value)
        except SettingError:
            continue
    return TeamSettings(**values)


def set_setting(session: Session, key: str, value: Any, actor_id: int | None) -> bool:
    """Store one setting and log it; returns whether the stored value changed."""
    value = _check(key, value)
    row = session.get(Setting, key)
    before = None if row is None else row.value
    if row is not None and before == value and type(before) is type(value):
        return False
    if row is None:
        row = Setting(key=key, value=value)
        session.add(row)
    else:
        row.value = value
        row.updated_at = utcnow()
    record_event(
        session,
        actor_id=actor_id,
        action="setting.update",
        entity="setting",
        entity_id=key,
        before={key: before} if before is not None else None,
        after={key: value},
    )
    session.flush()
    return True
