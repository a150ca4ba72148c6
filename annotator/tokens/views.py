"""API tokens: list, create and revoke your own; admins see and revoke another user's."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from annotator.admin.forms import ConfirmForm
from annotator.auth.permissions import role_required
from annotator.database import unit_of_work
from annotator.extensions import db
from annotator.models import ApiToken, User
from annotator.services.tokens import (
    TokenError,
    create_token,
    revoke_all_tokens,
    revoke_token,
)
from annotator.services.tokens import user_tokens as tokens_of
from annotator.tokens.forms import TokenForm

bp = Blueprint("tokens", __name__)


def _page(form: TokenForm, new_token: str | None = None, status: int = 200) -> ResponseReturnValue:
    return render_template(
        "tokens/index.html",
        form=form,
        tokens=tokens_of(db.session, current_user.id),
        new_token=new_token,
        revoke_form=FlaskForm(),
    ), status


@bp.get("/tokens")
@role_required("editor")
def index() -> ResponseReturnValue:
    """Your tokens and a form for a new one."""
    return _page(TokenForm())


@bp.post("/tokens")
@role_required("editor")
def create() -> ResponseReturnValue:
    """Make a token and show it this once."""
    form = TokenForm()
    if not form.validate_on_submit():
        return _page(form, status=400)
    try:
        with unit_of_work(db.session):
            _, token = create_token(
                db.session, current_user, form.name.data or "", actor_id=current_user.id
            )
    except TokenError as exc:
        form.name.errors = [str(exc)]
        return _page(form, status=400)
    # Rendered, not redirected: the token must never sit in a URL, a cookie or a flash.
    return _page(TokenForm(formdata=None), new_token=token)


@bp.post("/tokens/<int:token_id>/revoke")
@role_required("editor")
def revoke(token_id: int) -> ResponseReturnValue:
    """Revoke one of your tokens."""
    if not FlaskForm().validate_on_submit():
        abort(400, description=_("The form expired; reload the page and try again."))
    row = db.session.get(ApiToken, token_id) if token_id <= 2**31 - 1 else None
    if row is None or row.user_id != current_user.id:
        abort(404, description=_("No such token."))
    revoke_token(db.session, row, actor_id=current_user.id)
    db.session.commit()
    flash(_("Token %(prefix)s… revoked.", prefix=row.prefix))
    return redirect(url_for("tokens.index"))


def _user_or_404(user_id: int) -> User:
    return db.get_or_404(User, user_id, description=_("No such user."))


@bp.get("/admin/users/<int:user_id>/tokens")
@role_required("admin")
def user_tokens(user_id: int) -> ResponseReturnValue:
    """A user's API tokens, newest first, with a revoke button for each live one."""
    user = _user_or_404(user_id)
    return render_template(
        "tokens/user.html", user=user, tokens=tokens_of(db.session, user.id), form=ConfirmForm()
    )


@bp.post("/admin/users/<int:user_id>/tokens/<int:token_id>/revoke")
@role_required("admin")
def revoke_user_token(user_id: int, token_id: int) -> ResponseReturnValue:
    """Revoke one token of a user."""
    user = _user_or_404(user_id)
    if not ConfirmForm().validate():
        abort(400, description=_("Unknown request."))
    row = db.session.get(ApiToken, token_id)
    if row is None or row.user_id != user.id:
        abort(404, description=_("No such token."))
    revoke_token(db.session, row, actor_id=current_user.id)
    db.session.commit()
    flash(_("Token %(prefix)s… revoked.", prefix=row.prefix))
    return redirect(url_for("tokens.user_tokens", user_id=user.id))


@bp.post("/admin/users/<int:user_id>/tokens/revoke")
@role_required("admin")
def revoke_user_tokens(user_id: int) -> ResponseReturnValue:
    """Revoke every live token of a user."""
    user = _user_or_404(user_id)
    if not ConfirmForm().validate():
        abort(400, description=_("Unknown request."))
    revoked = revoke_all_tokens(db.session, user.id, current_user.id)
    db.session.commit()
    flash(_("%(n)s API tokens revoked.", n=revoked))
    return redirect(url_for("tokens.user_tokens", user_id=user.id))
