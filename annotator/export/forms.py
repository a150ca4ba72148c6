"""The export options form (a GET form: downloading changes nothing)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField

FORMAT_CHOICES = [
    ("native", _l("Native JSONL (every field, per-annotator records)")),
    ("doccano", _l("doccano text classification (JSONL)")),
    ("doccano-spans", _l("doccano sequence labeling: spans (JSONL)")),
    ("label-studio", _l("Label Studio tasks (JSON)")),
]
STATUS_CHOICES = [
    ("all", _l("All passages")),
    ("labeled", _l("Labeled: single, agreed or gold")),
    ("gold", _l("Gold only")),
]


class ExportForm(FlaskForm):
    """Format, status filter and whether to include boilerplate."""

    class Meta:
        csrf = False  # a read-only GET form

    format = SelectField(_l("Format"), choices=FORMAT_CHOICES, default="native")
    status = SelectField(_l("Passages"), choices=STATUS_CHOICES, default="all")
    include_boilerplate = BooleanField(_l("Include boilerplate passages"))
