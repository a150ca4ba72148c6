"""One parser for integer query parameters (`?page=`, `?article=`, `?version=` …) on every route.

`str.isdigit` takes "²" and "١" and `int()` takes any length, so ad-hoc parsers let a
superscript digit or a 40-digit id through to a 500. Here only ASCII digits within the
column's range pass; anything else is a 400 that names the parameter.
"""

from __future__ import annotations

from flask import request
from flask_babel import gettext as _
from werkzeug.exceptions import BadRequest

from annotator.security import MAX_ROW_ID

MAX_PAGE = 1_000_000


class BadParameter(BadRequest):
    """A query parameter that is not what the route takes; `field` names it."""

    def __init__(self, description: str, field: str) -> None:
        super().__init__(description)
        self.field = field


def optional_int_arg(name: str, low: int = 1, high: int = MAX_ROW_ID) -> int | None:
    """The query parameter `name` as an integer in [low, high]; None when absent or empty."""
    raw = request.args.get(name, "")
    if raw == "":
        return None
    if (
        not (raw.isascii() and raw.isdigit())
        or len(raw.lstrip("0")) > len(str(high))
        or not low <= int(raw) <= high
    ):
        message = _(
            "%(name)s must be a whole number from %(low)s to %(high)s.",
            name=name,
            low=low,
            high=high,
        )
        raise BadParameter(message, name)
    return int(raw)


def int_arg(name: str, default: int, low: int = 1, high: int = MAX_ROW_ID) -> int:
    """The query parameter `name` as an integer in [low, high]; `default` when absent."""
    value = optional_int_arg(name, low, high)
    return default if value is None else value


def page_arg(name: str = "page") -> int:
    """A page number: 1 when absent."""
    return int_arg(name, 1, 1, MAX_PAGE)
