"""The gold form, built per label schema, and the reopen and filter forms."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    Field,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from annotator.admin.forms import MultiCheckboxField
from annotator.models import Label
from annotator.services.annotating.gold import MAX_REASON
from annotator.services.records import SpanKey
from annotator.services.resolution import LabelSetInfo

NONE = ""  # the "no label" choice of a single-choice set


def span_key(span: SpanKey) -> str:
    """How a span travels in the form: start:end:label."""
    return f"{span[0]}:{span[1]}:{span[2]}"


def parse_span_key(value: str) -> SpanKey:
    start, end, label = value.split(":", 2)
    return int(start), int(end), label


class GoldFormBase(FlaskForm):
    """Fields every gold form has; the label-set fields are added per schema."""

    token = HiddenField()
    reason = TextAreaField(_l("Reason"), validators=[Optional(), Length(max=MAX_REASON)])
    new_start = IntegerField(_l("Start"), validators=[Optional(), NumberRange(min=0)])
    new_end = IntegerField(_l("End"), validators=[Optional(), NumberRange(min=1)])
    new_label = SelectField(_l("Span label"), validators=[Optional()], validate_choice=False)


def gold_form(
    sets: list[LabelSetInfo],
    labels: dict[str, list[Label]],
    span_choices: list[SpanKey],
    locale: str,
    **kwargs: Any,
) -> GoldFormBase:
    """A form with one field per choice set and a checkbox per known span."""
    fields: dict[str, Field] = {}
    for s in sets:
        choices = [SelectChoice(x.name, x.title(locale)) for x in labels[s.name]]
        if s.kind == "single":
            fields[f"set_{s.name}"] = RadioField(
                s.name, choices=[SelectChoice(NONE, str(_l("no label"))), *choices], default=NONE
            )
        else:
            fields[f"set_{s.name}"] = MultiCheckboxField(s.name, choices=choices)
    fields["spans"] = MultiCheckboxField("spans", choices=[span_key(sp) for sp in span_choices])
    form_class = type("GoldForm", (GoldFormBase,), fields)
    form: GoldFormBase = form_class(**kwargs)
    span_labels = [
        SelectChoice(x.name, x.title(locale))
        for name, items in labels.items()
        if name not in {s.name for s in sets}
        for x in items
    ]
    form.new_label.choices = [SelectChoice("", "—"), *span_labels]
    return form


class ReopenForm(FlaskForm):
    """Why settled gold must be looked at again."""

    reason = StringField(_l("Why reopen"), validators=[DataRequired(), Length(max=MAX_REASON)])
