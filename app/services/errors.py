"""Domain errors. Pages turn them into form errors or flashes, the API into its one error shape."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    status = 400
    code = "bad_request"

    def __init__(self, message: Any, fields: dict[str, Any] | None = None, **extra: Any):
        super().__init__(message)
        # Kept lazy (app.i18n) and read as text: `message` and `fields` speak the language of whoever
        # reads them (the request's, else English), so every caller simply gets strings.
        self._message = message
        self._fields = fields or {}
        self.extra = extra

    @property
    def message(self) -> str:
        return str(self._message)

    @property
    def fields(self) -> dict[str, str]:
        return {name: str(value) for name, value in self._fields.items()}

    def __str__(self) -> str:
        return self.message

    def to_dict(self) -> dict:
        body: dict[str, Any] = {"code": self.code, "message": self.message, "fields": self.fields}
        body.update(self.extra)
        return {"error": body}


class Malformed(DomainError):
    """A request the server cannot read at all: not UTF-8, not JSON, nested too deeply."""

    status = 400
    code = "bad_request"


class ValidationError(DomainError):
    status = 422
    code = "validation_error"


class NotFound(DomainError):
    status = 404
    code = "not_found"


class PermissionDenied(DomainError):
    status = 403
    code = "forbidden"


class Conflict(DomainError):
    """A write based on a stale version: nothing was changed."""

    status = 409
    code = "conflict"


class Gone(DomainError):
    status = 410
    code = "gone"


class Unavailable(DomainError):
    """The database or another service the desk needs is down: try again later (nothing was changed)."""

    status = 503
    code = "unavailable"
