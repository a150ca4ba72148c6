"""Forms for the admin and account pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    HiddenField,
    IntegerField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms.validators import AnyOf, DataRequired, EqualTo, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from annotator.models import ROLES
from annotator.services.settings import MAX_ANNOTATORS
from annotator.services.users import MIN_PASSWORD_LENGTH

ROLE_CHOICES = list(ROLES)


class InviteForm(FlaskForm):
    """A new account: name, role; the password is generated."""

    username = StringField(_l("Username"), validators=[DataRequired(), Length(max=64)])
    display_name = StringField(_l("Display name"), validators=[Optional(), Length(max=128)])
    role = SelectField(_l("Role"), choices=ROLE_CHOICES, default="editor")


class RoleForm(FlaskForm):
    """Another role for a user."""

    role = SelectField(_l("Role"), choices=ROLE_CHOICES)


class ActiveForm(FlaskForm):
    """Deactivate (0) or reactivate (1) a user."""

    active = HiddenField(validators=[AnyOf(["0", "1"])])
    # "1" once an admin has confirmed deactivating their own account.
    confirmed = HiddenField(validators=[Optional(), AnyOf(["", "1"])])


class ConfirmForm(FlaskForm):
    """A button that only carries the CSRF token."""


class AccountForm(FlaskForm):
    """Change one's own password."""

    current = PasswordField(_l("Current password"), validators=[DataRequired()])
    new = PasswordField(
        _l("New password"), validators=[DataRequired(), Length(min=MIN_PASSWORD_LENGTH, max=1024)]
    )
    confirm = PasswordField(
        _l("New password again"),
        validators=[DataRequired(), EqualTo("new", message=_l("The passwords differ."))],
    )
    revoke_tokens = BooleanField(_l("Also revoke all my API tokens"))


class SettingsForm(FlaskForm):
    """The team settings."""

    annotators_per_passage = IntegerField(
        _l("Editors per passage"),
        validators=[DataRequired(), NumberRange(min=1, max=MAX_ANNOTATORS)],
    )
    blind_mode = BooleanField(
        _l("Blind mode: editors see others' labels only after saving their own")
    )


class MultiCheckboxField(SelectMultipleField):
    """Several checkboxes for one multiple choice."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class ArticleEditorsForm(FlaskForm):
    """The editors an article is restricted to (none: everyone)."""

    editors = MultiCheckboxField(_l("Editors"), coerce=int)
    # Always sent, so that a form with every box unchecked still counts as submitted.
    sent = HiddenField(default="1")


class TaggingLayoutForm(FlaskForm):
    """The editor's tagging layout; `article` is the article page to go back to."""

    compact = BooleanField(_l("Compact layout: other passages show only what was chosen"))
    cues = BooleanField(_l("Underline cue words"))
    article = IntegerField(validators=[Optional(), NumberRange(min=1)])
