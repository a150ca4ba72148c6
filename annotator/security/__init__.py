"""Response headers, proxy trust and sign-in limits: the app's security settings in one place."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import Flask, Response, current_app, has_request_context, render_template, request
from flask.json.provider import DefaultJSONProvider
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter, Map

from annotator.services.throttling import ThrottleLimits

MAX_ROW_ID = 2**31 - 1
# No inline script or style element anywhere: pages pass data to their JS files through
# data-* attributes or <script type="application/json"> blocks, which CSP does not run.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


class BoundedJSONProvider(DefaultJSONProvider):
    """Flask's JSON, but a body nested too deeply is invalid JSON (a 400), not a crash."""

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        try:
            return super().loads(s, **kwargs)
        except RecursionError as exc:
            # json.loads recurses per level: "[[[[..." a few KB long exhausts the stack.
            raise ValueError("JSON nested too deeply") from exc


class RowIdConverter(IntegerConverter):
    """`<int:...>` in every route: ids are 32-bit in both databases, so a larger number is
    a 404 here instead of an overflow error deep in the driver. ASCII digits only: the
    default pattern would also take "١" (Arabic-Indic one) as another spelling of 1."""

    regex = r"[0-9]+"

    def __init__(self, map: Map, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", MAX_ROW_ID)
        super().__init__(map, *args, **kwargs)


READ_ONLY_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def request_may_write() -> bool:
    """Whether this context serves a request that may change state (not GET, HEAD, OPTIONS)."""
    return has_request_context() and request.method not in READ_ONLY_METHODS


def init_security(app: Flask) -> None:
    """Headers on every response, bounded JSON and ids, text checks, proxies, a 413 page."""
    app.json = BoundedJSONProvider(app)
    app.url_map.converters["int"] = RowIdConverter  # before any blueprint adds a route
    proxies = int(app.config.get("TRUSTED_PROXIES", 0))
    if proxies:
        # Behind a reverse proxy every request comes from the proxy's address; the sign-in
        # throttle needs the client's, which only a trusted proxy may tell us.
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies
        )
    from annotator.security.body_limits import init_body_limits

    init_body_limits(app)  # before the CSRF hook and the text guard read any body
    from annotator.services.importing.readers import is_web_url

    # Stored before imports checked it: an article's link is shown only if it is http(s).
    app.jinja_env.tests["web_url"] = is_web_url
    app.after_request(add_security_headers)
    app.register_error_handler(RequestEntityTooLarge, too_large)
    from annotator.security.text_guard import refuse_unstorable_text

    app.before_request(refuse_unstorable_text)


def _size(limit: int) -> str:
    return f"{limit / 2**20:.0f} MB" if limit >= 2**20 else f"{limit / 2**10:.0f} KB"


def too_large(error: RequestEntityTooLarge) -> ResponseReturnValue:
    """413 with the limit in words, as JSON under /api/ and as a page elsewhere."""
    limit = request.max_content_length or current_app.config.get("MAX_CONTENT_LENGTH") or 0
    message = _(
        "The upload is too large: the limit is %(size)s. Send fewer or smaller files.",
        size=_size(int(limit)),
    )
    if request.path.startswith("/api/"):
        return {"error": message, "field": None}, 413
    return render_template("error.html", code=413, message=message), 413


def add_security_headers(response: Response) -> Response:
    """Security headers on every response; pages with data are never cached."""
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if current_app.config.get("SESSION_COOKIE_SECURE"):
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    if request.endpoint != "static" and "Cache-Control" not in response.headers:
        # Unpublished articles must not linger in shared or browser caches.
        response.headers["Cache-Control"] = "no-store"
    return response


def throttle_limits(app: Flask) -> ThrottleLimits:
    """The sign-in limits configured for this app."""
    config = app.config
    return ThrottleLimits(
        free_failures=int(config.get("SIGN_IN_ACCOUNT_LIMIT", 10)),
        unknown_per_address=int(config.get("SIGN_IN_ADDRESS_LIMIT", 50)),
        window=timedelta(seconds=int(config.get("SIGN_IN_WINDOW_SECONDS", 900))),
        first_delay=timedelta(seconds=int(config.get("SIGN_IN_FIRST_DELAY_SECONDS", 1))),
        max_delay=timedelta(seconds=int(config.get("SIGN_IN_MAX_DELAY_SECONDS", 300))),
    )
