"""Admin pages for accounts, settings and article restrictions; /account for everyone."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_user
from sqlalchemy import func, select
from wtforms.fields.choices import SelectChoice

from annotator.admin.current import current_settings, error_message
from annotator.admin.forms import (
    AccountForm,
    ActiveForm,
    ArticleEditorsForm,
    ConfirmForm,
    InviteForm,
    RoleForm,
    SettingsForm,
    TaggingLayoutForm,
)
from annotator.admin.temporary import register as register_temporary_password_check
from annotator.auth.permissions import role_required
from annotator.auth.throttle import claim_sign_in, password_confirmed, wait_message
from annotator.database import unit_of_work
from annotator.extensions import db
from annotator.models import ROLES, Article, ArticleEditor, Passage, User
from annotator.services import accounts
from annotator.services.article_editors import (
    RestrictionError,
    article_editor_ids,
    set_article_editors,
)
from annotator.services.settings import SettingError, set_setting
from annotator.services.users import UserError

bp = Blueprint("admin", __name__)
register_temporary_password_check(bp)


def _users_page(
    invite: InviteForm | None = None,
    shown_password: tuple[str, str] | None = None,
    error: str | None = None,
    status: int = 200,
) -> ResponseReturnValue:
    users = db.session.scalars(select(User).order_by(User.active.desc(), User.username)).all()
    return render_template(
        "admin/users.html",
        users=users,
        invite=invite or InviteForm(formdata=None),
        roles=ROLES,
        confirm=ConfirmForm(),
        shown_password=shown_password,
        error=error,
    ), status


@bp.get("/admin/users")
@role_required("admin")
def users() -> ResponseReturnValue:
    """List every account with controls to change it."""
    return _users_page()


@bp.post("/admin/users")
@role_required("admin")
def invite() -> ResponseReturnValue:
    """Create an account and show its temporary password once."""
    form = InviteForm()
    if not form.validate():
        return _users_page(invite=form, status=400)
    try:
        with unit_of_work(db.session):
            user, password = accounts.invite_user(
                db.session,
                form.username.data or "",
                form.role.data or "editor",
                form.display_name.data or "",
                current_user.id,
            )
    except UserError as exc:
        return _users_page(invite=form, error=error_message(exc), status=400)
    # Rendered, not flashed: the session cookie is signed but readable.
    return _users_page(shown_password=(user.username, password))


def _refused(message: str) -> ResponseReturnValue:
    """Say why a change on the users page was refused, back on that page (not the POST address)."""
    flash(message, "error")
    return redirect(url_for("admin.users"))


def _user_or_404(user_id: int) -> User:
    return db.get_or_404(User, user_id, description="No such user.")


@bp.post("/admin/users/<int:user_id>/role")
@role_required("admin")
def change_role(user_id: int) -> ResponseReturnValue:
    """Give a user another role."""
    user = _user_or_404(user_id)
    form = RoleForm()
    if not form.validate():
        return _refused(_("Choose a known role."))
    try:
        with unit_of_work(db.session):
            accounts.change_role(db.session, user, form.role.data or "", current_user.id)
    except UserError as exc:
        return _refused(error_message(exc))
    flash(_("Role of %(name)s changed.", name=user.username))
    return redirect(url_for("admin.users"))


@bp.post("/admin/users/<int:user_id>/active")
@role_required("admin")
def set_active(user_id: int) -> ResponseReturnValue:
    """Deactivate or reactivate a user; nobody is ever deleted."""
    user = _user_or_404(user_id)
    form = ActiveForm()
    if not form.validate():
        return _refused(_("Unknown request."))
    if user.id == current_user.id and form.active.data == "0" and form.confirmed.data != "1":
        return redirect(url_for("admin.confirm_deactivate_self", user_id=user.id))
    try:
        with unit_of_work(db.session):
            accounts.set_active(db.session, user, form.active.data == "1", current_user.id)
    except UserError as exc:
        return _refused(error_message(exc))
    return redirect(url_for("admin.users"))


@bp.get("/admin/users/<int:user_id>/deactivate")
@role_required("admin")
def confirm_deactivate_self(user_id: int) -> ResponseReturnValue:
    """Ask an admin to confirm deactivating their own account (they are signed out at once)."""
    user = _user_or_404(user_id)
    if user.id != current_user.id:
        return redirect(url_for("admin.users"))
    return render_template("admin/confirm_deactivate.html", user=user, form=ConfirmForm())


@bp.post("/admin/users/<int:user_id>/password")
@role_required("admin")
def reset_password(user_id: int) -> ResponseReturnValue:
    """Give a user a temporary password and show it once."""
    user = _user_or_404(user_id)
    if not ConfirmForm().validate():
        return _refused(_("Unknown request."))
    password = accounts.reset_password(db.session, user, current_user.id)
    db.session.commit()
    return _users_page(shown_password=(user.username, password))


@bp.route("/account", methods=["GET", "POST"])
@role_required("editor")
def account() -> ResponseReturnValue:
    """Let the signed-in user change their own password."""
    form = AccountForm()
    error = None
    if form.validate_on_submit():
        # Guessing the current password from a stolen session is throttled like sign-in.
        wait = claim_sign_in(current_user.username)
        if wait:
            page = render_template("admin/account.html", form=form, error=wait_message(wait))
            return page, 429, {"Retry-After": str(wait)}
        try:
            with unit_of_work(db.session):
                revoked = accounts.change_own_password(
                    db.session,
                    current_user,
                    form.current.data or "",
                    form.new.data or "",
                    revoke_tokens=bool(form.revoke_tokens.data),
                )
                password_confirmed(current_user.username)
        except UserError as exc:
            error = error_message(exc)
            if exc.field != "current":  # the current password was right
                with unit_of_work(db.session):
                    password_confirmed(current_user.username)
        else:
            # The change ended every session, this one too: start a fresh one.
            login_user(current_user._get_current_object())
            flash(_("Password changed. Other sessions were signed out."))
            if revoked:
                flash(_("%(n)s API tokens revoked.", n=revoked))
            return redirect(url_for("admin.account"))
    status = 400 if form.is_submitted() else 200
    return render_template("admin/account.html", form=form, error=error), status


@bp.route("/admin/settings", methods=["GET", "POST"])
@role_required("admin")
def settings() -> ResponseReturnValue:
    """Show and change the team settings."""
    current = current_settings()
    form = SettingsForm(
        data={
            "annotators_per_passage": current.annotators_per_passage,
            "blind_mode": current.blind_mode,
        }
    )
    error = None
    if form.validate_on_submit():
        try:
            with unit_of_work(db.session):
                for key in ("annotators_per_passage", "blind_mode"):
                    set_setting(db.session, key, getattr(form, key).data, current_user.id)
        except SettingError as exc:
            error = error_message(exc)
        else:
            flash(_("Settings saved."))
            return redirect(url_for("admin.settings"))
    status = 400 if form.is_submitted() else 200
    return render_template("admin/settings.html", form=form, error=error), status


@bp.get("/admin/articles")
@role_required("admin")
def articles() -> ResponseReturnValue:
    """List articles with the editors each is restricted to."""
    body = func.count(Passage.id).filter(Passage.kind == "body")
    rows = db.session.execute(
        select(Article.id, Article.title, Article.source, body)
        .outerjoin(Passage)
        .group_by(Article.id)
        .order_by(Article.id)
    ).all()
    restricted: dict[int, list[str]] = {}
    for article_id, username in db.session.execute(
        select(ArticleEditor.article_id, User.username).join(User).order_by(User.username)
    ):
        restricted.setdefault(article_id, []).append(username)
    return render_template("admin/articles.html", rows=rows, restricted=restricted)


@bp.route("/admin/articles/<int:article_id>/editors", methods=["GET", "POST"])
@role_required("admin")
def article_editors(article_id: int) -> ResponseReturnValue:
    """Restrict an article to some editors, or open it to all."""
    article = db.get_or_404(Article, article_id, description="No such article.")
    people = db.session.scalars(select(User).where(User.active).order_by(User.username)).all()
    form = ArticleEditorsForm(data={"editors": article_editor_ids(db.session, article_id)})
    form.editors.choices = [SelectChoice(u.id, u.display_name or u.username) for u in people]
    error = None
    if form.validate_on_submit():
        try:
            with unit_of_work(db.session):
                set_article_editors(
                    db.session, article_id, form.editors.data or [], current_user.id
                )
        except RestrictionError as exc:
            error = error_message(exc)
        else:
            flash(_("Editors of the article saved."))
            return redirect(url_for("admin.articles"))
    status = 400 if form.is_submitted() else 200
    return render_template(
        "admin/article_editors.html", article=article, form=form, error=error
    ), status


@bp.post("/account/tagging")
@role_required("editor")
def tagging_layout() -> ResponseReturnValue:
    """Save the signed-in editor's tagging layout, then go back where they were."""
    form = TaggingLayoutForm()
    if form.validate():
        current_user.compact_tagging = bool(form.compact.data)
        current_user.cue_underlines = bool(form.cues.data)
        db.session.commit()
    if form.article.data:
        return redirect(url_for("tagging.article", article_id=form.article.data))
    return redirect(url_for("admin.account"))
