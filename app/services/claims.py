"""Claims: spans of an article's body, their edits, and the version rule that prevents lost updates."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from app.extensions import db
from app.i18n import N_, _l, _nl
from app.models import Article, Claim, ClaimKey, Comment, Event, Evidence, User
from app.models.base import CONFIDENCES, KINDS, ORIGINS, VERDICTS, utcnow
from app.services import audit, notifications, outcomes, search
from app.services.errors import Conflict, NotFound, ValidationError
from app.services.permissions import require, require_actor
from app.services.settings import LIMITS
from app.services.validation import Checker, check_version
from app.suggest.nearest import nearest_span
from app.suggest.normalize import fold
from app.suggest.similar import claim_keys

# Fields a person edits on a claim page or by PATCH; each change is one Event.
EDITABLE = ("statement", "kind", "attributed_to", "verdict", "confidence", "rationale", "assignee_id", "recheck_on")
# A change to any of these alters what a second person approves, so it sends the claim back to review.
# Confidence is not among them: it grades the verdict, it does not change what was approved (SPEC).
SUBSTANTIVE = {"statement", "kind", "attributed_to", "verdict", "rationale", "span"}
ACCEPTED_FIELDS = set(EDITABLE) | {"version", "assignee", "start", "end", "quote"}


def get_claim(claim_id: int, *, detail: bool = False) -> Claim:
    """A claim, or NotFound; detail=True loads what its page shows in a fixed number of statements."""
    options = []
    if detail:
        options = [selectinload(Claim.evidence).joinedload(Evidence.source),
                   selectinload(Claim.comments).joinedload(Comment.author),
                   joinedload(Claim.article), joinedload(Claim.assignee), joinedload(Claim.verdict_set_by),
                   joinedload(Claim.approved_by)]
    claim = db.session.get(Claim, claim_id, options=options)
    if claim is None:
        raise NotFound(_l("No claim %(id)s.", id=claim_id))
    return claim


def resolve_span(body: str, data: Mapping[str, Any], prefix: str = "") -> tuple[int, int]:
    """(start, end) from start+end or from a quote; body[start:end] == quote is guaranteed."""
    checker = Checker(data, prefix)
    has_offsets = checker.has("start") or checker.has("end")
    quote = checker.text("quote", strip=False, max_len=LIMITS.max_text_chars)
    if has_offsets:
        start = checker.integer("start", required=True, minimum=0, maximum=len(body))
        end = checker.integer("end", required=True, minimum=0, maximum=len(body))
        checker.raise_if_errors(_l("The span is not valid."))
        assert start is not None and end is not None
        if end <= start:
            checker.error("end", _l("Must be greater than start."))
        elif quote is not None and body[start:end] != quote:
            checker.error("quote", _l("Does not match the article text at start:end."))
        elif not body[start:end].strip():
            checker.error("start", _l("The span holds only white space."))
        checker.raise_if_errors(_l("The span is not valid."))
        return start, end
    if not quote:
        checker.error("quote", _l("Give a quote from the article, or start and end offsets."))
        checker.raise_if_errors(_l("The span is not valid."))
    assert quote is not None
    count = body.count(quote)
    if count == 0:
        near = nearest_span(body, quote)
        if near is not None:  # typed almost right: say which passage is nearest, for the person to take
            passage = body[near[0]:near[1]]
            raise ValidationError(_l("The span is not valid."), {f"{prefix}quote": _l(
                "Not found exactly. The nearest passage is “%(passage)s”.", passage=passage)},
                nearest={"start": near[0], "end": near[1], "quote": passage})
        checker.error("quote", _l("Not found in the article text."))
    elif count > 1:
        checker.error("quote", _nl("Occurs %(num)d time in the article; give start and end to say which.",
                                         "Occurs %(num)d times in the article; give start and end to say which.", count))
    elif not quote.strip():
        checker.error("quote", _l("The quote holds only white space."))
    checker.raise_if_errors(_l("The span is not valid."))
    start = body.index(quote)
    return start, start + len(quote)


def derived(quote: str, statement: str, attributed_to: str | None, language: str | None) -> tuple[str, list[str]]:
    """The folded search text and the similarity keys of a claim's text (one function for one claim and
    for many: the bulk path stores exactly what refresh_derived does)."""
    search_text = fold(" ".join(filter(None, (quote, statement, attributed_to))))
    # the key column holds 120 characters; two long keys cut to the same prefix are one key
    keys = sorted({k[:120] for k in claim_keys(f"{quote} {statement}", language)})
    return search_text, keys


def refresh_derived(claim: Claim) -> None:
    """Recompute the folded search text and the similarity keys after a text change."""
    language = claim.article.language if claim.article else None
    claim.search_text, keys = derived(claim.quote, claim.statement, claim.attributed_to, language)
    # Replacing the collection loads the old keys first; without this that load would flush the claim's
    # versioned UPDATE here, away from the caller's flush.
    with db.session.no_autoflush:
        claim.keys = [ClaimKey(key=k) for k in keys]


SNAPSHOT = ("start", "end", "quote", "statement", "kind", "attributed_to", "origin", "state", "verdict")


def snapshot(claim: Claim) -> dict:
    return {name: getattr(claim, name) for name in SNAPSHOT}


def claim_row(actor: User | None, article: Article, data: Mapping[str, Any], *, origin: str = "manual",
              prefix: str = "", values: dict | None = None) -> dict[str, Any]:
    """Every check a new claim's input gets, nothing written: the claim's column values (without its
    article), or ValidationError naming the fields under ``prefix``. Used by create_claim and create_claims."""
    if origin not in ORIGINS:
        raise ValidationError(_l("Unknown origin."),
                              {prefix + "origin": _l("Must be one of: %(values)s.", values=", ".join(ORIGINS))})
    start, end = resolve_span(article.body, data, prefix)
    checker = Checker(data, prefix)
    quote = article.body[start:end]
    statement = checker.text("statement", max_len=LIMITS.max_text_chars) or quote.strip()
    kind = checker.choice("kind", KINDS, default="other")
    attributed_to = checker.text("attributed_to", max_len=500) or None
    recheck_on = checker.date("recheck_on")
    checker.raise_if_errors(_l("The claim is not valid."))
    return {"start": start, "end": end, "quote": quote, "statement": statement, "kind": kind,
            "attributed_to": attributed_to, "origin": origin, "recheck_on": recheck_on, "values": values,
            "created_by_id": actor.id if actor else None}


def _taken(claim_id: int, prefix: str) -> ValidationError:
    return ValidationError(_l("Claim #%(id)s already rests on this span.", id=claim_id),
                           {prefix + "quote": _l("Already claim #%(id)s.", id=claim_id)})


def create_claim(
    actor: User | None,
    article: Article,
    data: Mapping[str, Any],
    *,
    origin: str = "manual",
    prefix: str = "",
    values: dict | None = None,
    how: str | None = None,
) -> Claim:
    """Anchor a new claim to a span of the article (by offsets or by a quote found once); `how` it came from
    the suggestions ('accepted', 'edited', 'merged', 'split') is kept in its history."""
    require_actor(actor, "edit_claims")
    ensure_writable(article)
    row = claim_row(actor, article, data, origin=origin, prefix=prefix, values=values)
    # Claims on one article are created one at a time (PostgreSQL row lock; SQLite has one writer anyway), so
    # two people accepting the same suggestion at once get one claim and a clear "already claim #N".
    audit.lock_for_writing(Article, article.id)
    span = (row["start"], row["end"])
    outcomes.refuse_decided(article.id, [(span, prefix + "quote")], outcomes.outcomes_of(article.id, span))
    duplicate = db.session.scalar(  # a claim stored without its outcome row (a bench's direct insert)
        sa.select(Claim.id).where(Claim.article_id == article.id, Claim.start == row["start"],
                                  Claim.end == row["end"])
    )
    if duplicate is not None:
        raise _taken(duplicate, prefix)
    claim = Claim(article=article, **row)
    db.session.add(claim)
    refresh_derived(claim)
    with outcomes.deciding(article.id, [(span, prefix + "quote")]):
        db.session.flush()
        outcomes.claimed(article.id, [(claim.id, *span)], actor.id if actor else None)
    audit.record(actor, "created", claim, after={**snapshot(claim), **({"how": how} if how else {})})
    if origin == "manual" and actor is not None:  # a person marked it without a suggestion: worth checking
        from app.services import checkworthiness

        checkworthiness.record(actor, article, claim.start, claim.end, True, "manual", claim)
    return claim


# What a new claim's "created" event snapshots beyond its input: the model's defaults, read from the model.
_DEFAULT_STATE = {name: Claim.__table__.c[name].default.arg for name in ("state", "verdict")}


def create_claims(
    actor: User | None,
    article: Article,
    items: Sequence[tuple[Mapping[str, Any], dict | None]],
    *,
    origin: str = "manual",
    prefix: str = "",
    how: Callable[[list[tuple[int, int]]], list[str]] | None = None,
) -> list[Claim]:
    """Many claims on one article at once, all or none: ``items`` are (data, values) as create_claim takes
    them, ``prefix`` a template with ``{index}`` naming an item's fields in errors (``claims[{index}].``).

    The same checks, rows, keys and "created" events as create_claim one at a time, but every input is
    checked first and each table gets one multi-row INSERT: an article's hundreds of suggested claims cost
    a few statements, not four per claim (bench/bulk_store.py). Returns the claims, loaded, in input order.
    """
    if not items:
        return []
    require_actor(actor, "edit_claims")
    ensure_writable(article)
    audit.lock_for_writing(Article, article.id)  # as create_claim: no one adds a claim here meanwhile
    taken = {(start, end): claim_id for start, end, claim_id in db.session.execute(
        sa.select(Claim.start, Claim.end, Claim.id).where(Claim.article_id == article.id))}
    decided = outcomes.outcomes_of(article.id)
    rows: list[dict[str, Any]] = []
    first_at: dict[tuple[int, int], int] = {}
    fields: list[tuple[tuple[int, int], str]] = []
    for index, (data, values) in enumerate(items):
        where = prefix.format(index=index)
        row = claim_row(actor, article, data, origin=origin, prefix=where, values=values)
        span = (row["start"], row["end"])
        outcomes.refuse_decided(article.id, [(span, where + "quote")], decided)
        if span in taken:
            raise _taken(taken[span], where)
        if span in first_at:  # given twice: one at a time, the second would name the first's id
            raise _taken(_insert_claims(article, rows)[first_at[span]], where)
        first_at[span] = len(rows)
        rows.append(row)
        fields.append((span, where + "quote"))
    with outcomes.deciding(article.id, fields):
        ids = _insert_claims(article, rows)
        outcomes.claimed(article.id, [(claim_id, row["start"], row["end"]) for claim_id, row in zip(ids, rows, strict=True)],
                         actor.id if actor else None)
    made = [{**_DEFAULT_STATE, **row} for row in rows]
    # how each came from the suggestions (accepted as suggested, edited, merged, split), for its history
    hows = how([(row["start"], row["end"]) for row in rows]) if how is not None else [None] * len(rows)
    audit.record_many(actor, "created", "claim", [
        {"object_id": claim_id, "claim_id": claim_id, "article_id": article.id,
         "after": {**{name: claim[name] for name in SNAPSHOT}, **({"how": kind} if kind else {})}}
        for claim_id, claim, kind in zip(ids, made, hows, strict=True)])
    # The session did not see these rows: the article's claim list is read again when next asked for.
    db.session.expire(article, ["claims"])
    loaded = {c.id: c for c in db.session.scalars(sa.select(Claim).where(
        Claim.article_id == article.id, Claim.id.between(min(ids), max(ids))))}
    claims = [loaded[claim_id] for claim_id in ids]
    if origin == "manual" and actor is not None:
        from app.services import checkworthiness

        for claim in claims:
            checkworthiness.record(actor, article, claim.start, claim.end, True, "manual", claim)
    return claims


def _insert_claims(article: Article, rows: Sequence[dict[str, Any]]) -> list[int]:
    """Write checked claim rows with their derived columns and keys (no events); their ids in order."""
    if not rows:
        return []
    table, keys_of = Claim.__table__, []
    full = []
    for row in rows:
        search_text, keys = derived(row["quote"], row["statement"], row["attributed_to"], article.language)
        full.append({**row, "article_id": article.id, "search_text": search_text})
        keys_of.append(keys)
    postgresql = db.session.get_bind().dialect.name == "postgresql"
    if postgresql:
        # The ids first, then a plain executemany (psycopg's pipeline): an INSERT ... RETURNING of many rows
        # is one statement of 16 placeholders a row that psycopg rewrites client-side, a third of the time.
        ids = sorted(db.session.scalars(_NEXT_CLAIM_IDS, {"n": len(full)}))
        db.session.execute(table.insert(), [{**row, "id": claim_id} for row, claim_id in zip(full, ids, strict=True)])
    else:
        # Matched by span (unique in the batch) rather than by position: asking SQLite for RETURNING in
        # parameter order makes it insert one row per statement.
        id_of = {(start, end): claim_id for claim_id, start, end in db.session.execute(
            table.insert().returning(table.c.id, table.c.start, table.c.end), full)}
        ids = [id_of[(row["start"], row["end"])] for row in rows]
    # written without the ORM, so the flush hook does not see them: indexed here, from the same values
    search.index_rows("claim", [(claim_id, row["quote"], row["statement"], "", row["attributed_to"])
                                for claim_id, row in zip(ids, rows, strict=True)])
    key_rows = [(claim_id, key) for claim_id, keys in zip(ids, keys_of, strict=True) for key in keys]
    if not key_rows:
        return ids
    if postgresql:
        # About ten keys a claim: executemany sends 50,000 rows one by one (a third of a 500,000-character
        # import's storing time); two array parameters are one statement.
        claim_ids, keys = zip(*key_rows, strict=True)
        db.session.execute(_KEYS_FROM_ARRAYS, {"claim_ids": list(claim_ids), "keys": list(keys)})
    else:  # SQLite's executemany is a loop in C
        db.session.execute(ClaimKey.__table__.insert(), [{"claim_id": c, "key": k} for c, k in key_rows])
    return ids


_NEXT_CLAIM_IDS = sa.text("SELECT nextval(pg_get_serial_sequence('claim', 'id')) FROM generate_series(1, :n)")
_KEYS_FROM_ARRAYS = sa.text(
    "INSERT INTO claim_key (claim_id, key) SELECT * FROM unnest(CAST(:claim_ids AS integer[]), CAST(:keys AS varchar[]))"
)


def changes_since(claim: Claim, version: int) -> list[dict]:
    """What others changed on the claim after `version`, newest last, for a 409 answer."""
    events = db.session.scalars(
        sa.select(Event)
        .where(Event.claim_id == claim.id, Event.object_type == "claim", Event.action.in_(("updated", "transition")))
        .options(sa.orm.joinedload(Event.actor))
        .order_by(Event.id.desc())
        .limit(max(0, claim.version - version) * 5 + 5)
    )
    return [audit.event_dict(e) for e in reversed(list(events))]


def ensure_version(claim: Claim, version: int) -> None:
    """Raise Conflict (changing nothing) when the write is based on a stale version."""
    if version != claim.version:
        raise Conflict(
            _l("Claim #%(id)s was changed by someone else (you had version %(yours)s, it is now %(now)s). "
               "Nothing was saved.", id=claim.id, yours=version, now=claim.version),
            current_version=claim.version,
            changes=changes_since(claim, version),
        )


def flush_claim(claim: Claim) -> None:
    """Flush, naming the claim when a concurrent write won the race (the session turns every lost race,
    autoflush and commit included, into Conflict: see app.extensions.Session)."""
    claim_id = claim.id
    try:
        db.session.flush()
    except Conflict:
        raise Conflict(_l("Claim #%(id)s was changed by someone else at the same moment. Nothing was saved.",
                          id=claim_id)) from None


def _assignee(checker: Checker) -> int | None:
    value = checker.data.get("assignee_id", checker.data.get("assignee"))
    if value in (None, "", 0, "0"):
        return None
    if isinstance(value, str) and "@" in value:
        from app.services.users import find_user

        email = Checker({"assignee": value}).text("assignee", max_len=254)
        user = find_user(email) if email else None
        if user is None or not user.active:
            checker.error("assignee", _l("No such active user."))
            return None
        return user.id
    sub = Checker({"assignee_id": value})
    user_id = sub.integer("assignee_id", minimum=1)
    user = db.session.get(User, user_id) if user_id is not None and not sub.errors else None
    if user is None or not user.active:
        checker.error("assignee_id", _l("No such active user."))
        return None
    return user_id


ARCHIVED_MESSAGE = N_("The article is archived; an editor must restore it before anything changes.")


def ensure_writable(article: Article) -> None:
    """An archived article and its claims are read-only until it is restored (the one place that says so)."""
    if article.archived:
        raise ValidationError(_l(ARCHIVED_MESSAGE), {"article": _l("Archived.")})


def revokes_approval(claim: Claim, changes: Mapping[str, Any]) -> list[str]:
    """The fields of an edit that would send this approved (or submitted) claim back to review."""
    if claim.state not in ("awaiting_approval", "approved"):
        return []
    return sorted(name for name in SUBSTANTIVE & set(changes) if getattr(claim, name, None) != changes[name])


def back_to_review(actor: User | None, claim: Claim, why: str) -> None:
    """A claim whose substance changed after it was submitted or approved goes back to review."""
    if claim.state in ("awaiting_approval", "approved"):
        _move(actor, claim, "in_review", note=why)


def update_claim(actor: User, claim: Claim, data: Mapping[str, Any]) -> list[str]:
    """Apply the given fields of a claim edit based on data['version']; returns the changed fields."""
    require(actor, "edit_claims")
    unknown = sorted(set(data) - ACCEPTED_FIELDS)
    if unknown:
        raise ValidationError(_l("Some fields cannot be set this way."),
                              {name: _l("Unknown or read-only field (states change through transitions).") for name in unknown})
    version = check_version(data)
    ensure_version(claim, version)
    ensure_writable(claim.article)
    checker = Checker(data)
    new: dict[str, Any] = {}
    if checker.has("statement"):
        new["statement"] = checker.text("statement", required=True, max_len=LIMITS.max_text_chars)
    if checker.has("kind"):
        new["kind"] = checker.choice("kind", KINDS, required=True)
    if checker.has("attributed_to"):
        new["attributed_to"] = checker.text("attributed_to", max_len=500) or None
    if checker.has("verdict"):
        new["verdict"] = checker.choice("verdict", VERDICTS, required=True)
    if checker.has("confidence"):
        new["confidence"] = checker.choice("confidence", CONFIDENCES) or None
    if checker.has("rationale"):
        new["rationale"] = checker.text("rationale", max_len=LIMITS.max_text_chars) or ""
    if checker.has("assignee_id") or checker.has("assignee"):
        new["assignee_id"] = _assignee(checker)
    if checker.has("recheck_on"):
        new["recheck_on"] = checker.date("recheck_on")
    span_change = checker.has("start") or checker.has("end") or checker.has("quote")
    if span_change:
        start, end = resolve_span(claim.article.body, data)
    checker.raise_if_errors(_l("The claim is not valid."))

    changed: list[str] = []
    for name, value in new.items():
        before = getattr(claim, name)
        if before != value:
            audit.record(actor, "updated", claim, field=name, before=before, after=value)
            setattr(claim, name, value)
            changed.append(name)
    if span_change and (start, end) != (claim.start, claim.end):
        with db.session.no_autoflush:  # one flush per edit, so the version goes up by one
            clash = db.session.scalar(
                sa.select(Claim.id).where(
                    Claim.article_id == claim.article_id, Claim.start == start, Claim.end == end, Claim.id != claim.id
                )
            )
            decided = outcomes.outcomes_of(claim.article_id, (start, end)).get((start, end))
        if clash is not None:
            raise ValidationError(_l("Claim #%(id)s already rests on this span.", id=clash),
                                  {"quote": _l("Already claim #%(id)s.", id=clash)})
        if decided is not None and decided.claim_id != claim.id:  # a rejected suggestion's span
            raise outcomes.already_decided(decided)
        before_span = {"start": claim.start, "end": claim.end, "quote": claim.quote}
        claim.start, claim.end, claim.quote = start, end, claim.article.body[start:end]
        audit.record(actor, "updated", claim, field="span", before=before_span,
                     after={"start": start, "end": end, "quote": claim.quote})
        changed.append("span")
    if "verdict" in changed:
        # Only the verdict makes its setter: that person may not approve it (four eyes).
        claim.verdict_set_by_id = actor.id
        claim.verdict_set_at = utcnow()
        if claim.state == "open":
            _move(actor, claim, "in_review")
    substantive = sorted(SUBSTANTIVE & set(changed))
    if substantive:
        back_to_review(actor, claim, "changed: " + ", ".join(substantive))
    if set(changed) & {"statement", "attributed_to", "span"}:
        refresh_derived(claim)
    if changed:
        flush_claim(claim)
    if "assignee_id" in changed:
        notifications.claim_assigned(actor, claim, claim.assignee_id)
    if "span" in changed:  # the span's outcome row follows the claim: the old span is free, the new one taken
        with outcomes.deciding(claim.article_id, [((claim.start, claim.end), "quote")]):
            outcomes.moved(claim.id, (claim.start, claim.end))
    return changed


def _move(actor: User | None, claim: Claim, to: str, note: str | None = None) -> None:
    audit.record(actor, "transition", claim, field="state", before=claim.state, after=to, note=note)
    claim.state = to
    if to != "approved":
        claim.approved_by_id = None
        claim.approved_at = None


def delete_claim(actor: User, claim: Claim, version: int) -> None:
    """Remove a claim (made by mistake); its history stays in the log."""
    require(actor, "edit_claims")
    ensure_version(claim, version)
    ensure_writable(claim.article)
    if claim.state == "approved":
        raise ValidationError(_l("An approved claim cannot be deleted; reopen it first."), {"state": _l("Approved.")})
    audit.record(actor, "deleted", claim, before=snapshot(claim))
    db.session.delete(claim)
    flush_claim(claim)
