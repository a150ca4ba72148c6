"""Why a change to an annotation was refused; messages are msgids the API translates."""

from __future__ import annotations

from typing import Any


class AnnotationError(Exception):
    """A refused change: an HTTP-like status, the field at fault and a message."""

    status = 400

    def __init__(self, message: str, field: str | None = None, **params: Any) -> None:
        # An English msgid with %(name)s placeholders (the field among them), so the
        # API can translate it before filling it in.
        self.message = message
        self.field = field
        self.params = {"field": field, **params}
        super().__init__(message % self.params)


class InvalidAnnotation(AnnotationError):
    """The request names an unknown or retired label, a bad span or a bad value."""


class NotFound(AnnotationError):
    """The passage or label set does not exist."""

    status = 404


class NotAllowed(AnnotationError):
    """The article is restricted to other editors: to this user it does not exist."""

    status = 404


class VersionConflict(AnnotationError):
    """The stored version is not the one the client saw; `current` is what is stored."""

    status = 409

    def __init__(self, current: dict[str, Any] | None) -> None:
        super().__init__(
            "Changed in another tab or by another editor; the current state is shown.",
            field="version",
        )
        self.current = current
