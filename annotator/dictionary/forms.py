"""Forms of the dictionary page: words, aliases, cue words, confirmations."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional


# Resolution statuses (annotator.services.resolution.STATUSES) in the UI language.
class WordForm(FlaskForm):
    """Add a dictionary word."""

    word = StringField(_l("Word"), validators=[DataRequired(), Length(max=100)])
    freq = IntegerField(_l("Frequency"), validators=[Optional(), NumberRange(min=1, max=10**9)])
    tag = StringField(_l("Tag"), validators=[Optional(), Length(max=16)])


class AliasForm(FlaskForm):
    """Add a holder alias."""

    alias = StringField(_l("Alias"), validators=[DataRequired(), Length(max=200)])
    canonical = StringField(_l("Canonical name"), validators=[DataRequired(), Length(max=200)])


class CueForm(FlaskForm):
    """Add a cue word."""

    word = StringField(_l("Word"), validators=[DataRequired(), Length(max=100)])
    label = SelectField(_l("Label"), choices=[], validate_choice=False)


class ConfirmForm(FlaskForm):
    """A button that changes something: only the CSRF token."""
