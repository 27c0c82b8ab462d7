"""Who may do what: one table of capabilities, checked by services, pages and the API alike."""

from __future__ import annotations

from app.i18n import _l
from app.models import User
from app.services.errors import PermissionDenied

# capability -> the least role that has it (roles are ordered reviewer < editor < admin)
CAPABILITIES = {
    "read": "reviewer",
    "add_articles": "reviewer",
    "edit_claims": "reviewer",
    "add_evidence": "reviewer",
    "comment": "reviewer",
    "approve": "editor",
    "reopen": "editor",
    "archive": "editor",
    "publish": "editor",
    "manage_users": "admin",
    "import_factchecks": "admin",
}

# What each capability is called when a refusal names it.
CAPABILITY_NAMES = {
    "read": _l("reading the desk"), "add_articles": _l("adding articles"), "edit_claims": _l("editing claims"),
    "add_evidence": _l("attaching sources"), "comment": _l("commenting"), "approve": _l("approving verdicts"),
    "reopen": _l("reopening claims"), "archive": _l("archiving articles"), "publish": _l("publishing reports"),
    "manage_users": _l("managing users"),
    "import_factchecks": _l("importing earlier fact-checks"),
}


def can(actor: User | None, capability: str) -> bool:
    """True when the active user's role grants the capability."""
    if actor is None or not getattr(actor, "active", False):
        return False
    return actor.has_role(CAPABILITIES[capability])


def require_actor(actor: User | None, capability: str) -> None:
    """Like require(), but actor None is the command line, run by whoever holds the server: allowed."""
    if actor is not None:
        require(actor, capability)


def require(actor: User | None, capability: str) -> None:
    """Raise PermissionDenied unless the actor has the capability."""
    if not can(actor, capability):
        raise PermissionDenied(_l("Your role does not allow this (%(what)s).", what=CAPABILITY_NAMES.get(capability, capability)))
