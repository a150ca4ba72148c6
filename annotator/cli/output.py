"""What every command's --json prints: indented UTF-8 JSON, one document."""

from __future__ import annotations

import json
from typing import Any

import click


def echo_json(data: Any) -> None:
    """Print DATA as indented JSON with Chinese left unescaped (dates and the like as str)."""
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))
