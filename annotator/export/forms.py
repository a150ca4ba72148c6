"""The export options form (a GET form: downloading changes nothing)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectChoice, SelectField

FORMAT_CHOICES = [
    SelectChoice("native", _l("Native JSONL (every field, per-annotator records)")),
    SelectChoice("doccano", _l("doccano text classification (JSONL)")),
    SelectChoice("doccano-spans", _l("doccano sequence labeling: spans (JSONL)")),
    SelectChoice(
        "doccano-relations", _l("doccano sequence labeling with relations: holder links (JSONL)")
    ),
    SelectChoice("label-studio", _l("Label Studio tasks (JSON)")),
]
STATUS_CHOICES = [
    SelectChoice("all", _l("All passages")),
    SelectChoice("labeled", _l("Labeled: single, agreed or gold")),
    SelectChoice("gold", _l("Gold only")),
]


class ExportForm(FlaskForm):
    """Format, status filter and whether to include boilerplate."""

    class Meta:
        csrf = False  # a read-only GET form

    format = SelectField(_l("Format"), choices=FORMAT_CHOICES, default="native")
    status = SelectField(_l("Passages"), choices=STATUS_CHOICES, default="all")
    include_boilerplate = BooleanField(_l("Include boilerplate passages"))


class ExportJobForm(ExportForm):
    """The same choices, posted to start an export with its card as a background job."""

    class Meta:
        csrf = True  # it starts work: a state change
