"""Bearer-token authentication and the request/response plumbing of every API route."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from flask import g, request
from flask_babel import gettext as _
from werkzeug.exceptions import BadRequest

from app.models import User
from app.services.permissions import require
from app.services.users import user_for_token
from app.web import commit, json_error


def bearer_user() -> User | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return user_for_token(token.strip())


def endpoint(capability: str = "read") -> Callable:
    """An API route for a token whose user has `capability`; the request is one transaction."""

    def decorator(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapper(*args: Any, **kwargs: Any):
            user = bearer_user()
            if user is None:
                response = json_error(401, "unauthorized",
                                      _("Send a valid API token as 'Authorization: Bearer TOKEN'."))
                response.headers["WWW-Authenticate"] = 'Bearer realm="claimdesk"'
                return response
            require(user, capability)
            g.api_user = user
            result = view(user, *args, **kwargs)
            commit()
            return result

        wrapper.capability = capability  # type: ignore[attr-defined]
        return wrapper

    return decorator


def json_body() -> dict:
    """The request's JSON object, or a 400 that says what is wrong with it."""
    if not request.is_json:
        raise BadRequest(_("Send a JSON object with 'Content-Type: application/json'."))
    try:
        data = request.get_json(force=False, silent=False)
    except BadRequest:
        raise BadRequest(_("The request body is not valid JSON.")) from None
    if not isinstance(data, dict):
        raise BadRequest(_("The request body must be a JSON object."))
    return data
