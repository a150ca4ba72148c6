"""Sign in and sign out."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from annotator.auth.forms import LoginForm
from annotator.auth.permissions import public, role_required
from annotator.auth.throttle import claim_sign_in, sign_in_succeeded, wait_message
from annotator.extensions import db
from annotator.services.users import authenticate, end_sessions

bp = Blueprint("auth", __name__)


def _safe_next(target: str | None) -> str:
    """The path of `target` on this site, rebuilt from its parts; "/" for anything else.

    Browsers read `////evil.example/x` and `/\\evil.example` as other hosts, so the
    target is parsed and only its path, query and fragment are kept, with one leading slash.
    """
    if not target or not target.startswith("/") or "\\" in target:
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or any(ord(c) < 0x21 for c in target):
        return "/"
    path = "/" + parts.path.lstrip("/")
    rebuilt = urlunsplit(("", "", path, parts.query, parts.fragment))
    if urlsplit(rebuilt).netloc or not rebuilt.startswith("/") or rebuilt.startswith("//"):
        return "/"
    return rebuilt


@bp.route("/login", methods=["GET", "POST"])
@public
def login() -> ResponseReturnValue:
    """Show the sign-in form and sign the user in."""
    form = LoginForm()
    error = None
    if form.validate_on_submit():
        username = form.username.data or ""
        wait = claim_sign_in(username)
        if wait:
            error = wait_message(wait)
            page = render_template("auth/login.html", form=form, error=error)
            return page, 429, {"Retry-After": str(wait)}
        user = authenticate(db.session, username, form.password.data or "")
        if user is not None:
            response = redirect(_safe_next(request.args.get("next")))
            sign_in_succeeded(username, response)
            db.session.commit()
            lang = session.get("lang")
            session.clear()  # rotate: nothing from before sign-in carries over but the language
            if lang:
                session["lang"] = lang
            login_user(user, remember=bool(form.remember.data))
            return response
        error = _("Wrong username or password.")
    status = 401 if error else 200
    return render_template("auth/login.html", form=form, error=error), status


@bp.post("/language")
@public
def language() -> ResponseReturnValue:
    """Keep the chosen UI language in the session and go back to the page."""
    chosen = request.form.get("lang")
    if chosen in current_app.config["LANGUAGES"]:
        session["lang"] = chosen
    return redirect(_safe_next(request.form.get("next")))


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
