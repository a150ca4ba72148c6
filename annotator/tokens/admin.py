"""Admin pages for another user's API tokens: see them, revoke one or all."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from annotator.admin.forms import ConfirmForm
from annotator.admin.views import bp
from annotator.auth.permissions import role_required
from annotator.extensions import db
from annotator.models import ApiToken, User
from annotator.services.tokens import revoke_all_tokens, revoke_token
from annotator.services.tokens import user_tokens as tokens_of


def _user_or_404(user_id: int) -> User:
    return db.get_or_404(User, user_id, description=_("No such user."))


@bp.get("/admin/users/<int:user_id>/tokens")
@role_required("admin")
def user_tokens(user_id: int) -> ResponseReturnValue:
    """A user's API tokens, newest first, with a revoke button for each live one."""
    user = _user_or_404(user_id)
    return render_template(
        "admin/tokens.html", user=user, tokens=tokens_of(db.session, user.id), form=ConfirmForm()
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
    return redirect(url_for("admin.user_tokens", user_id=user.id))


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
    return redirect(url_for("admin.user_tokens", user_id=user.id))
