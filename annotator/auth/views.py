"""Sign in and sign out."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from annotator.auth.forms import LoginForm
from annotator.auth.permissions import public, role_required
from annotator.extensions import db
from annotator.security import throttle_limits
from annotator.services.throttling import forget_failures, record_failure, seconds_to_wait
from annotator.services.users import authenticate, end_sessions

bp = Blueprint("auth", __name__)


def _safe_next(target: str | None) -> str:
    """Only follow redirects to paths on this site."""
    if target and target.startswith("/") and not urlsplit(target).netloc and "\\" not in target:
        return target
    return "/"


@bp.route("/login", methods=["GET", "POST"])
@public
def login() -> ResponseReturnValue:
    """Show the sign-in form and sign the user in."""
    form = LoginForm()
    error = None
    if form.validate_on_submit():
        username, address = form.username.data or "", request.remote_addr or "unknown"
        limits = throttle_limits(current_app)
        wait = seconds_to_wait(db.session, username, address, limits)
        if wait:
            minutes = max(1, -(-wait // 60))
            error = _("Too many failed sign-ins. Try again in %(n)s minutes.", n=minutes)
            page = render_template("auth/login.html", form=form, error=error)
            return page, 429, {"Retry-After": str(wait)}
        user = authenticate(db.session, username, form.password.data or "")
        if user is not None:
            forget_failures(db.session, username, address)
            db.session.commit()
            lang = session.get("lang")
            session.clear()  # rotate: nothing from before sign-in carries over but the language
            if lang:
                session["lang"] = lang
            login_user(user, remember=bool(form.remember.data))
            return redirect(_safe_next(request.args.get("next")))
        record_failure(db.session, username, address, limits)
        db.session.commit()
        error = _("Wrong username or password.")
    status = 401 if error else 200
    return render_template("auth/login.html", form=form, error=error), status


@bp.post("/logout")
@role_required("editor")
def logout() -> ResponseReturnValue:
    """Sign out here and everywhere: every session and remember cookie issued before ends."""
    end_sessions(current_user)
    db.session.commit()
    logout_user()
    session.clear()
    # Flask-Login deletes the remember cookie when the session says so; clear() dropped that.
    session["_remember"] = "clear"
    return redirect(url_for("auth.login"))
