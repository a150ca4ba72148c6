"""The upload form: files of the supported types, an optional source, skip-invalid."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from wtforms import BooleanField, StringField
from wtforms.validators import DataRequired, Length, Optional

ACCEPT = ".txt,.md,.jsonl,.csv,.html,.htm,.docx"


class UploadForm(FlaskForm):
    """Article files to import."""

    files = MultipleFileField(_l("Files"), validators=[DataRequired()])
    source = StringField(
        _l("Source (for files that do not name one)"), validators=[Optional(), Length(max=200)]
    )
    skip_invalid = BooleanField(_l("Import the valid lines of JSONL/CSV files"))
