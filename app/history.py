"""History as sentences: audit events turned into lines a person reads, in the reader's language.

"Amal set the verdict from «Unverified» to «Likely true»"; text fields get a word-level diff (<del>/<ins>).
Every value a person typed is escaped and isolated in <bdi>; codes and URLs are isolated left to right.
Pure presentation: it reads events (and, for assignees, user names) and returns Markup, never writes.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from markupsafe import Markup, escape

from app.extensions import db
from app.i18n import N_
from app.localization import format_date_value, idno, label, ngettext
from app.models import Event, User
from app.services import audit
from app.web import render_part

# Fields whose before/after are free text: shown as a diff, not as two values.
TEXT_FIELDS = ("statement", "rationale", "attributed_to", "excerpt", "note", "title", "publisher")
# Fields whose values are codes with a label in both languages.
LABELLED_FIELDS = ("verdict", "confidence", "kind", "state", "stance", "reliability", "credibility")
# How many unchanged words a diff keeps on each side of a change before it elides the rest.
DIFF_CONTEXT = 8


@dataclass(frozen=True)
class Line:
    """One sentence of a history: when, who (a name or None for the desk), the sentence, an optional diff."""

    at: dt.datetime
    actor: str | None
    text: Markup
    diff: Markup | None = None
    claim_id: int | None = None
    event_id: int | None = None


# --- small helpers ---------------------------------------------------------------------------------------

def fmt(translated: str, **values: Any) -> Markup:
    """A translated sentence with its values escaped (plain values) or kept (Markup) in their places."""
    return escape(translated) % {k: v if isinstance(v, Markup) else escape(v) for k, v in values.items()}


def quoted(value: Any) -> Markup:
    """A value in «guillemets», isolated so an Arabic value cannot reorder an English line (or the reverse)."""
    return Markup("«<bdi>{0}</bdi>»").format(value)


def ltr(value: Any) -> Markup:
    """A code, number or URL, always left to right inside any line."""
    return Markup('<bdi dir="ltr">{0}</bdi>').format(value)


def user_text(value: Any) -> Markup:
    return Markup('<bdi dir="auto">{0}</bdi>').format(value)


def _date_text(value: Any) -> str:
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value[:10])
        except ValueError:
            return value
    if isinstance(value, dt.date):
        return format_date_value(value)
    return str(value)


_TOKENS = re.compile(r"\s+|\w+|[^\w\s]", re.UNICODE)


def word_diff(before: str | None, after: str | None, context: int = DIFF_CONTEXT) -> Markup:
    """A word-level diff of two texts: removed words in <del>, added ones in <ins>, long unchanged runs elided."""
    a, b = _TOKENS.findall(before or ""), _TOKENS.findall(after or "")
    out: list[Markup] = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    opcodes = matcher.get_opcodes()
    for index, (op, i1, i2, j1, j2) in enumerate(opcodes):
        if op == "equal":
            run = a[i1:i2]
            words = [k for k, tok in enumerate(run) if not tok.isspace()]
            keep_head = index > 0  # context after the previous change
            keep_tail = index < len(opcodes) - 1  # context before the next change
            if len(words) > 2 * context + 1:
                head = run[: words[context - 1] + 1] if keep_head and context else []
                tail = run[words[-context]:] if keep_tail and context else []
                out.append(escape("".join(head)))
                out.append(Markup('<span class="elided">{0}</span>').format(" … "))
                out.append(escape("".join(tail)))
            else:
                out.append(escape("".join(run)))
            continue
        if op in ("delete", "replace"):
            out.append(Markup("<del>{0}</del>").format("".join(a[i1:i2])))
        if op in ("insert", "replace"):
            out.append(Markup("<ins>{0}</ins>").format("".join(b[j1:j2])))
    return Markup('<bdi dir="auto" class="diff">{0}</bdi>').format(Markup("").join(out))


# Marked for the catalogue here, translated when shown (field_name is called once a history line).
_FIELD_NAMES = {
    "verdict": N_("the verdict"), "confidence": N_("the confidence"), "kind": N_("the kind"),
    "state": N_("the review state"), "statement": N_("the statement"), "rationale": N_("the rationale"),
    "attributed_to": N_("the attribution"), "recheck_on": N_("the re-check date"), "span": N_("the quote"),
    "assignee_id": N_("the assignee"), "stance": N_("the stance"), "credibility": N_("the information's credibility"),
    "reliability": N_("the source's grade"), "excerpt": N_("the excerpt"), "note": N_("the note"),
    "title": N_("the title"), "publisher": N_("the publisher"), "published_at": N_("the publication date"),
    "reported_value": N_("the reported figure"), "reported_unit": N_("the reported unit"),
    "role": N_("the role"), "active": N_("the account status"),
}


def field_name(field: str | None) -> str:
    name = _FIELD_NAMES.get(field or "")
    return _(name) if name else (field or "")


def _value(field: str | None, value: Any, people: Mapping[int, str]) -> Markup:
    """A before/after value as a person reads it: a label, a date, a name, or the text itself."""
    if field in LABELLED_FIELDS:
        return quoted(label(field, value))
    if field == "assignee_id":
        return quoted(people.get(value, _("a former user")) if value is not None else _("nobody"))
    if field in ("recheck_on", "published_at"):
        return quoted(_date_text(value))
    if field == "active":
        return quoted(_("active") if value else _("deactivated"))
    if field == "role":
        return quoted(label("role", value))
    return quoted(value)


# Notes the desk itself writes on a transition; anything else in a note is a person's reason.
_CHANGED_NOTE = re.compile(r"^changed: ([a-z_, ]+)$")
_FROM_CLAIM = re.compile(r"^(?:evidence )?(?:copied )?from claim #(\d+)$")


def _note(note: str | None) -> Markup | None:
    if not note:
        return None
    match = _CHANGED_NOTE.match(note)
    if match:
        fields = [field_name(name.strip()) for name in match.group(1).split(",") if name.strip()]
        return fmt(_("because %(fields)s changed"), fields=_(", ").join(fields))
    if note == "evidence added":
        return escape(_("because a source was attached"))
    if note == "evidence removed":
        return escape(_("because a source was detached"))
    if note.startswith("evidence changed"):
        return escape(_("because evidence changed"))
    match = _FROM_CLAIM.match(note)
    if match:
        return fmt(_("copied from claim %(id)s"), id=idno(match.group(1)))
    return fmt(_("reason: %(reason)s"), reason=quoted(note))


# --- the sentences ----------------------------------------------------------------------------------------

def _claim_sentence(e: Event, who: Markup, people: Mapping[int, str]) -> tuple[Markup, Markup | None]:
    after = e.after if isinstance(e.after, Mapping) else {}
    before = e.before if isinstance(e.before, Mapping) else {}
    if e.action == "created":
        origin = after.get("origin")
        how = after.get("how")
        if origin == "suggested" and how == "edited":
            return fmt(_("%(who)s accepted a suggested claim with its span changed"), who=who), None
        if origin == "suggested" and how == "merged":
            return fmt(_("%(who)s merged suggestions into one claim"), who=who), None
        if origin == "suggested" and how == "split":
            return fmt(_("%(who)s split a suggestion into claims"), who=who), None
        if origin == "suggested" and how == "manual":
            return fmt(_("%(who)s added the claim"), who=who), None
        if origin == "suggested":
            return fmt(_("%(who)s accepted a suggested claim"), who=who), None
        if origin == "import":
            return fmt(_("%(who)s imported the claim"), who=who), None
        return fmt(_("%(who)s added the claim"), who=who), None
    if e.action == "deleted":
        return fmt(_("%(who)s deleted the claim %(statement)s"), who=who,
                   statement=quoted(before.get("statement") or before.get("quote") or "")), None
    if e.action == "copied":
        count = int(after.get("evidence") or 0)
        source = (e.note or "").rpartition("#")[2]
        if after.get("fields"):
            text = ngettext("%(who)s copied %(num)d evidence item and the verdict from claim %(id)s",
                            "%(who)s copied %(num)d evidence items and the verdict from claim %(id)s",
                            count, who="%(who)s", id="%(id)s")
        else:
            text = ngettext("%(who)s copied %(num)d evidence item from claim %(id)s",
                            "%(who)s copied %(num)d evidence items from claim %(id)s", count, who="%(who)s", id="%(id)s")
        return fmt(text, who=who, id=idno(source)), None
    if e.action == "transition":
        note = _note(e.note)
        if e.after == "approved":
            text = fmt(_("%(who)s approved the claim"), who=who)
        elif e.before in ("awaiting_approval", "approved") and e.after == "in_review":
            text = fmt(_("%(who)s sent the claim back to review"), who=who)
        elif e.after == "awaiting_approval":
            text = fmt(_("%(who)s asked for approval"), who=who)
        else:
            text = fmt(_("%(who)s moved the claim from %(before)s to %(after)s"), who=who,
                       before=quoted(label("state", e.before)), after=quoted(label("state", e.after)))
        if note is not None:
            text = fmt(_("%(sentence)s (%(note)s)"), sentence=text, note=note)
        return text, None
    if e.action == "updated":
        return _field_change(e, who, people, _("the claim"))
    return _generic(e, who), None


def _field_change(e: Event, who: Markup, people: Mapping[int, str], _owner: str) -> tuple[Markup, Markup | None]:
    field = e.field
    name = field_name(field)
    if field == "span":
        before = e.before.get("quote") if isinstance(e.before, Mapping) else None
        after = e.after.get("quote") if isinstance(e.after, Mapping) else None
        return fmt(_("%(who)s moved the quote to another span of the article"), who=who), word_diff(before, after)
    if field in TEXT_FIELDS:
        if not e.before:
            return fmt(_("%(who)s wrote %(field)s: %(value)s"), who=who, field=name, value=quoted(e.after)), None
        if not e.after:
            return fmt(_("%(who)s cleared %(field)s"), who=who, field=name), word_diff(e.before, "")
        return fmt(_("%(who)s edited %(field)s"), who=who, field=name), word_diff(str(e.before), str(e.after))
    if e.before is None or e.before == "":
        if field == "assignee_id":
            return fmt(_("%(who)s assigned the claim to %(after)s"), who=who,
                       after=_value(field, e.after, people)), None
        return fmt(_("%(who)s set %(field)s to %(after)s"), who=who, field=name,
                   after=_value(field, e.after, people)), None
    if e.after is None or e.after == "":
        if field == "assignee_id":
            return fmt(_("%(who)s unassigned the claim from %(before)s"), who=who,
                       before=_value(field, e.before, people)), None
        return fmt(_("%(who)s cleared %(field)s (was %(before)s)"), who=who, field=name,
                   before=_value(field, e.before, people)), None
    if field == "assignee_id":
        return fmt(_("%(who)s reassigned the claim from %(before)s to %(after)s"), who=who,
                   before=_value(field, e.before, people), after=_value(field, e.after, people)), None
    return fmt(_("%(who)s set %(field)s from %(before)s to %(after)s"), who=who, field=name,
               before=_value(field, e.before, people), after=_value(field, e.after, people)), None


def _evidence_sentence(e: Event, who: Markup, people: Mapping[int, str]) -> tuple[Markup, Markup | None]:
    after = e.after if isinstance(e.after, Mapping) else {}
    before = e.before if isinstance(e.before, Mapping) else {}
    if e.action == "created":
        text = fmt(_("%(who)s attached the source %(url)s (%(stance)s)"), who=who, url=ltr(after.get("url", "")),
                   stance=label("stance", after.get("stance")))
        if e.note:
            text = fmt(_("%(sentence)s (%(note)s)"), sentence=text, note=_note(e.note))
        return text, None
    if e.action == "deleted":
        return fmt(_("%(who)s detached the source %(url)s (%(stance)s)"), who=who, url=ltr(before.get("url", "")),
                   stance=label("stance", before.get("stance"))), None
    if e.action == "updated":
        text, diff = _field_change(e, who, people, _("the evidence"))
        return fmt(_("%(sentence)s on an evidence item"), sentence=text), diff
    return _generic(e, who), None


def _source_sentence(e: Event, who: Markup, people: Mapping[int, str]) -> tuple[Markup, Markup | None]:
    after = e.after if isinstance(e.after, Mapping) else {}
    if e.action == "created":
        return fmt(_("%(who)s added the source %(url)s to the desk, graded %(grade)s"), who=who,
                   url=ltr(after.get("url", "")), grade=quoted(label("reliability", after.get("reliability")))), None
    if e.action == "updated" and e.field == "reliability":
        return fmt(_("%(who)s regraded a source from %(before)s to %(after)s"), who=who,
                   before=_value("reliability", e.before, people), after=_value("reliability", e.after, people)), None
    if e.action == "updated":
        return fmt(_("%(who)s completed %(field)s of a source: %(value)s"), who=who, field=field_name(e.field),
                   value=_value(e.field, e.after, people)), None
    return _generic(e, who), None


def _article_sentence(e: Event, who: Markup) -> Markup:
    after = e.after if isinstance(e.after, Mapping) else {}
    if e.action == "created":  # one line: the title, never the body
        return fmt(_("%(who)s added the article %(title)s"), who=who, title=quoted(after.get("title") or ""))
    if e.action == "archived":
        return fmt(_("%(who)s archived the article"), who=who)
    if e.action == "unarchived":
        return fmt(_("%(who)s restored the article from the archive"), who=who)
    if e.action == "suggestion_rejected":
        if after.get("how") == "split":  # the part of a split suggestion left unticked
            return fmt(_("%(who)s split a suggestion and rejected its part %(quote)s"), who=who,
                       quote=quoted(after.get("quote") or ""))
        return fmt(_("%(who)s rejected the suggestion %(quote)s"), who=who, quote=quoted(after.get("quote") or ""))
    return _generic(e, who)


def _publication_sentence(e: Event, who: Markup) -> Markup:
    after = e.after if isinstance(e.after, Mapping) else {}
    if e.action == "published":
        pending = int(after.get("not_approved") or 0)
        if pending:
            text = ngettext("%(who)s published the report, %(num)d claim marked not yet approved",
                            "%(who)s published the report, %(num)d claims marked not yet approved",
                            pending, who="%(who)s")
            return fmt(text, who=who)
        return fmt(_("%(who)s published the report"), who=who)
    if e.action == "withdrawn":
        return fmt(_("%(who)s withdrew the published report"), who=who)
    return _generic(e, who)


def _generic(e: Event, who: Markup) -> Markup:
    if e.field:
        return fmt(_("%(who)s changed %(field)s"), who=who, field=field_name(e.field))
    return fmt(_("%(who)s recorded %(action)s"), who=who, action=ltr(e.action))


def sentence(e: Event, people: Mapping[int, str] | None = None) -> Line:
    """One event as a Line in the current locale."""
    people = people or {}
    actor = e.actor.display_name if e.actor is not None else None
    who = Markup('<bdi class="actor" dir="auto">{0}</bdi>').format(actor) if actor else Markup(
        '<span class="actor">{0}</span>').format(_("The desk"))
    diff = None
    if e.object_type == "claim":
        text, diff = _claim_sentence(e, who, people)
    elif e.object_type == "evidence":
        text, diff = _evidence_sentence(e, who, people)
    elif e.object_type == "source":
        text, diff = _source_sentence(e, who, people)
    elif e.object_type == "comment":
        text = fmt(_("%(who)s commented"), who=who)
    elif e.object_type == "article":
        text = _article_sentence(e, who)
    elif e.object_type == "publication":
        text = _publication_sentence(e, who)
    else:
        text = _generic(e, who)
    return Line(at=e.created_at, actor=actor, text=text, diff=diff, claim_id=e.claim_id, event_id=e.id)


def _people(events: Iterable[Event]) -> dict[int, str]:
    """Names of the people the events assign claims to: one statement, whatever the number of events."""
    ids: set[int] = set()
    for e in events:
        if e.field == "assignee_id":
            ids.update(v for v in (e.before, e.after) if isinstance(v, int))
    if not ids:
        return {}
    return {u.id: u.display_name for u in db.session.scalars(sa.select(User).where(User.id.in_(ids)))}


def sentences(events: Iterable[Event]) -> list[Line]:
    """Events (actors loaded) as Lines, in the order given."""
    events = list(events)
    people = _people(events)
    return [sentence(e, people) for e in events]


# --- a history list as HTML --------------------------------------------------------------------------------

def history_html(owner: str, owner_id: int, *, link_claims: bool = False, latest: int | None = None) -> Markup:
    """The history of a claim or an article ('claim' or 'article') as sentences; with `latest`, only its
    last `latest` events, and a link to the whole history when there are more."""
    find = audit.claim_history if owner == "claim" else audit.article_history
    events = find(owner_id, None if latest is None else latest + 1)
    more = latest is not None and len(events) > latest
    if more:
        events = events[1:]
    return render_part("_history.html", lines=sentences(events), link_claims=link_claims, owner=owner,
                       owner_id=owner_id, more=more)
