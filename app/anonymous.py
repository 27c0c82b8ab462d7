"""The paths anyone reads without logging in (app/public/routes.py), and a session interface that gives
their requests no session.

Their answers are the same for every reader, so shared caches may keep them (README, Deployment: nginx).
Flask adds `Vary: Cookie` to any answer whose request touched the session, and Flask-Login's after-request
hook touches it on every request; so a request for a public path gets an empty session of its own, opened
from nothing and never saved (Flask's documented `open_session` / `is_null_session` hooks): no user can be
loaded from it, no cookie is set, and no `Vary: Cookie` is added. The nginx configuration in deploy/nginx/
caches exactly these paths.
"""

from __future__ import annotations

from flask.sessions import SecureCookieSession, SecureCookieSessionInterface

PREFIXES = ("/r/", "/feeds/")
PAGES = frozenset({"/published"})


def is_public(path: str) -> bool:
    return path.startswith(PREFIXES) or path in PAGES


class ReaderSession(SecureCookieSession):
    """The session of a request for a public path: starts empty whatever cookie came, and is never saved.
    Writable, so an extension's bookkeeping on it (Flask-Login's remember flag) does no harm."""


class SessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, except that requests for public paths get a `ReaderSession`."""

    def open_session(self, app, request):
        if is_public(request.path):
            return ReaderSession()
        return super().open_session(app, request)

    def is_null_session(self, obj: object) -> bool:
        return isinstance(obj, ReaderSession) or super().is_null_session(obj)
