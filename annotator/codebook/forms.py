"""Forms for editing the codebook; every save needs a change note."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional

MAX_TEXT = 20_000


class VersionedForm(FlaskForm):
    """The codebook version the admin opened, and why they change it."""

    version = IntegerField(widget=HiddenField.widget, validators=[Optional()])
    note = StringField(
        _l("Change note (what changed and why)"),
        validators=[DataRequired(_l("Say what changed and why.")), Length(max=500)],
    )


class LabelSetForm(VersionedForm):
    """A label set's definition and decision rules (one rule per line)."""

    definition = TextAreaField(_l("Definition (Markdown)"), validators=[Length(max=MAX_TEXT)])
    rules = TextAreaField(
        _l("Decision rules (Markdown, one rule per line)"), validators=[Length(max=MAX_TEXT * 5)]
    )


class ExampleForm(Form):
    """One example: a quote, where it comes from, whether it is the label, and why."""

    text = TextAreaField(_l("Quote (leave empty to delete)"), validators=[Length(max=MAX_TEXT)])
    source = StringField(_l("Source"), validators=[Length(max=500)])
    positive = BooleanField(_l("An example of this label (untick: a counter-example)"))
    note = TextAreaField(_l("Why (Markdown)"), validators=[Length(max=MAX_TEXT)])


class LabelForm(VersionedForm):
    """A label's definition and examples."""

    definition = TextAreaField(_l("Definition (Markdown)"), validators=[Length(max=MAX_TEXT)])
    examples = FieldList(FormField(ExampleForm), max_entries=60)
