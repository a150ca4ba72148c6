"""Create-token form."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import Length

from annotator.services.tokens import MAX_NAME_LENGTH


class TokenForm(FlaskForm):
    """A name to recognise the token by."""

    name = StringField(_l("What is it for?"), validators=[Length(max=MAX_NAME_LENGTH)])
