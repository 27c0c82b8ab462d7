"""What a failed job tells its reader, by error code, in the reader's language.

The row keeps the worker's own message (English, with the detail: which address, which HTTP status). An
English reader gets that message; any other reader the message for the code from this table, in their
language (the stored one only for a code the table does not know).
"""

from __future__ import annotations

from typing import Any

from app.i18n import _l, current_language

ERROR_MESSAGES = {
    "fetch_refused": _l("The desk does not fetch this address (a private, local or non-web address)."),
    "fetch_failed": _l("The page could not be fetched."),
    "fetch_timeout": _l("The site took too long to answer."),
    "too_large": _l("The page is larger than the desk accepts."),
    "unsupported_type": _l("This kind of document cannot be read by the desk."),
    "no_main_text": _l("No article text was found on the page."),
    "worker_died": _l("The worker running this job stopped; please try again."),
    "job_lost": _l("The job was lost by the queue; please try again."),
    "queue_unavailable": _l("The job queue cannot be reached; please try again later."),
    "unknown_job": _l("The desk does not know this kind of job."),
    "internal_error": _l("Something went wrong on our side; it has been logged."),
    "mail_failed": _l("The e-mail could not be sent; the notification is still in the inbox."),
}


def shown_error(error: dict | None) -> dict | None:
    """A job's {"code", "message"} with the message in the reader's language (the code never changes)."""
    if not error or (current_language() == "en" and error.get("message")):
        return error
    message: Any = ERROR_MESSAGES.get(error.get("code") or "")
    return {**error, "message": str(message) if message is not None else error.get("message", "")}
