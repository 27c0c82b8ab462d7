"""The desk's settings: its name and logo text on public pages, default language, digits, time zone, month
names and whether public reports name staff. One place answers each: the environment when it set the value
(it wins, and the settings page shows it fixed), else what an admin stored, else the default.

Stored values are read in one statement and kept on the database session (so for one request or one job at
most), dropped whenever the session commits or rolls back: nothing outlives the request that read it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from app.extensions import db
from app.i18n import _l
from app.models import User
from app.models.user import DeskSetting
from app.services import audit
from app.services.permissions import require
from app.services.preferences import DIGIT_STYLES, LANGUAGES, valid_timezone
from app.services.validation import Checker

MONTH_STYLES = ("levantine", "egyptian")  # «شباط» / «فبراير»
KEY_PREFIX = "desk."
_CACHE = "claimdesk_desk_settings"


@dataclass(frozen=True)
class Setting:
    name: str
    config_key: str  # where the environment (config.py) puts it
    default: Any
    parse: Callable[[Any], Any]  # stored text or config value -> the value; None when not valid


def _text(limit: int) -> Callable[[Any], str | None]:
    def parse(value: Any) -> str | None:
        return value.strip()[:limit] if isinstance(value, str) else None

    return parse


def _one_of(choices: tuple[str, ...]) -> Callable[[Any], str | None]:
    return lambda value: value if value in choices else None


def _zone(value: Any) -> str | None:
    return value if isinstance(value, str) and valid_timezone(value) else None


def _flag(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    return {"1": True, "0": False}.get(str(value))


SETTINGS: dict[str, Setting] = {s.name: s for s in (
    Setting("org_name", "ORG_NAME", "ClaimDesk", _text(120)),
    Setting("logo_text", "LOGO_TEXT", "", _text(60)),
    Setting("language", "BABEL_DEFAULT_LOCALE", "en", _one_of(LANGUAGES)),
    Setting("digits", "DEFAULT_DIGITS", "western", _one_of(DIGIT_STYLES)),
    Setting("timezone", "BABEL_DEFAULT_TIMEZONE", "UTC", _zone),
    Setting("month_names", "MONTH_NAMES", "egyptian", _one_of(MONTH_STYLES)),
    Setting("public_staff_names", "PUBLIC_STAFF_NAMES", False, _flag),
)}


class _Environment:
    """The app's configuration (given by configure() at start-up, kept as the live mapping it is)."""

    config: Mapping[str, Any] = {}


ENVIRONMENT = _Environment()


def configure(config: Mapping[str, Any]) -> None:
    ENVIRONMENT.config = config


def fixed_by_environment(name: str) -> bool:
    """Whether the environment set this setting (then the page cannot change it)."""
    return SETTINGS[name].config_key in (ENVIRONMENT.config.get("DESK_ENV_FIXED") or ())


def _configured(setting: Setting) -> Any:
    parsed = setting.parse(ENVIRONMENT.config.get(setting.config_key, setting.default))
    return setting.default if parsed is None else parsed


def stored() -> dict[str, str]:
    """The stored values (name -> text), read once per session transaction."""
    session = db.session()
    cached = session.info.get(_CACHE)
    if cached is None:
        rows = session.execute(sa.select(DeskSetting.key, DeskSetting.value)
                               .where(DeskSetting.key.startswith(KEY_PREFIX, autoescape=True)))
        cached = session.info[_CACHE] = {key[len(KEY_PREFIX):]: text for key, text in rows}
    return cached


def value(name: str) -> Any:
    """The setting in force: the environment's if set, else the stored one, else the default."""
    setting = SETTINGS[name]
    if fixed_by_environment(name):
        return _configured(setting)
    text = stored().get(name)
    parsed = setting.parse(text) if text is not None else None
    return _configured(setting) if parsed is None else parsed


def values() -> dict[str, Any]:
    return {name: value(name) for name in SETTINGS}


def update(actor: User, data: Mapping[str, Any]) -> list[str]:
    """Store the settings given in `data` (admins only); those the environment fixes are refused with a reason.
    Returns the names that changed."""
    require(actor, "manage_users")
    checker = Checker(data)
    new: dict[str, Any] = {}
    for name in SETTINGS:
        if not checker.has(name):
            continue
        if fixed_by_environment(name):
            checker.error(name, _l("Set by the environment (%(variable)s); change it there.",
                                   variable=_variable(name)))
            continue
        new[name] = _checked(checker, name)
    checker.raise_if_errors(_l("Some settings are not valid."))
    changed = []
    for name, wanted in new.items():
        before = value(name)
        if wanted == before:
            continue
        key = KEY_PREFIX + name
        row = db.session.get(DeskSetting, key)
        if row is None:
            row = DeskSetting(key=key)
            db.session.add(row)
        row.value = ("1" if wanted else "0") if isinstance(wanted, bool) else wanted
        audit.record(actor, "updated", row, field=key, before=before, after=wanted)
        changed.append(name)
    db.session.flush()
    db.session.info.pop(_CACHE, None)
    return changed


def _checked(checker: Checker, name: str) -> Any:
    if name == "org_name":
        return checker.text(name, required=True, max_len=120)
    if name == "logo_text":
        return checker.text(name, max_len=60) or ""
    if name == "language":
        return checker.choice(name, LANGUAGES, required=True)
    if name == "digits":
        return checker.choice(name, DIGIT_STYLES, required=True)
    if name == "month_names":
        return checker.choice(name, MONTH_STYLES, required=True)
    if name == "public_staff_names":
        return checker.boolean(name)
    zone = checker.text(name, required=True, max_len=64)
    if zone and not valid_timezone(zone):
        checker.error(name, _l("Not a time zone this desk knows, e.g. Asia/Beirut or UTC."))
    return zone


ENV_VARIABLES = {"org_name": "CLAIMDESK_ORG_NAME", "logo_text": "CLAIMDESK_LOGO_TEXT",
                 "language": "CLAIMDESK_LANGUAGE", "digits": "CLAIMDESK_DIGITS", "timezone": "CLAIMDESK_TIMEZONE",
                 "month_names": "CLAIMDESK_MONTH_NAMES", "public_staff_names": "CLAIMDESK_PUBLIC_STAFF_NAMES"}


def _variable(name: str) -> str:
    return ENV_VARIABLES[name]


def names_staff(user: User | None) -> bool:
    """Whether a public report may name this person: they opted in and the desk allows it."""
    return user is not None and bool(user.public_name) and bool(value("public_staff_names"))


def _forget(session: Session, *_args: Any) -> None:
    session.info.pop(_CACHE, None)


# Another request may have changed the settings: a new transaction reads them again.
for _event in ("after_commit", "after_rollback", "after_soft_rollback"):
    sa.event.listen(Session, _event, _forget)
