"""Forms for search and the word lists."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, NumberRange, Optional

# Resolution statuses (annotator.services.resolution.STATUSES) in the UI language.
STATUS_TITLES = {
    "unlabeled": _l("unlabeled"),
    "single": _l("one annotator"),
    "agreed": _l("agreed"),
    "conflict": _l("conflict"),
    "gold": _l("gold"),
}


class SearchForm(FlaskForm):
    """The search box and its filters (a GET form: nothing changes, so no CSRF token)."""

    class Meta:
        csrf = False

    q = StringField(_l("Search"), validators=[Optional(), Length(max=200)])
    label = SelectField(_l("Label"), choices=[], validate_choice=False)
    scope = SelectField(
        _l("Label from"),
        choices=[
            SelectChoice("any", _l("any annotator")),
            SelectChoice("resolved", _l("resolved outcome")),
        ],
        default="any",
    )
    status = SelectField(
        _l("Status"),
        choices=[
            SelectChoice("", _l("any status")),
            *[SelectChoice(s, t) for s, t in STATUS_TITLES.items()],
        ],
        default="",
    )
    # Pickers: the choices (people by display name, articles by title) are filled in by the
    # view; they submit the username and the article id the search service takes.
    annotator = SelectField(
        _l("Annotated by"),
        choices=[],
        validate_choice=False,
        validators=[Optional(), Length(max=64)],
    )
    # The article picker's text: "#12", "#12 标题" or title words (services/article_titles.py).
    article = StringField(_l("Article"), validators=[Optional(), Length(max=200)])
    kind = SelectField(
        _l("Kind"),
        choices=[
            SelectChoice("", _l("any kind")),
            SelectChoice("body", _l("body")),
            SelectChoice("boilerplate", _l("boilerplate")),
        ],
        default="",
    )
    page = IntegerField(validators=[Optional(), NumberRange(min=1, max=10_000)], default=1)
