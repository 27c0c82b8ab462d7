"""Article pages. Views load, validate, call a service, commit and redirect."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app import history as history_text
from app.admin.forms import ConfirmForm
from app.articles import bp
from app.articles.forms import ClaimForm, PasteForm, SuggestionsForm, UploadForm
from app.articles.segments import segments
from app.articles.text_html import article_text
from app.extensions import db
from app.localization import ngettext
from app.reports.data import current_publication_row
from app.services import articles as article_service
from app.services import checkworthiness, claim_places, matching, suggestions
from app.services import claims as claim_service
from app.services.errors import Conflict, DomainError, ValidationError
from app.services.validation import DIGITS, Checker
from app.web import apply_errors, commit, error_text, page, render_part, url_maker


@bp.get("/")
@page("read")
def index():
    """Articles, newest first, with their claim counts."""
    checker = Checker(request.args)
    page_no = checker.integer("page", minimum=1, maximum=100_000) or 1
    archived = checker.boolean("archived")
    q = checker.text("q", max_len=200)
    if checker.errors:
        page_no, archived, q = 1, False, None
    listing = article_service.list_articles(page=page_no, per_page=30, include_archived=archived, q=q, plain=True)
    row_html = render_part("articles/_rows.html", rows=listing.rows) if listing.rows else None
    return render_template("articles/index.html", rows=listing.rows, row_html=row_html, total=listing.total,
                           exact=listing.exact,
                           page=page_no, per_page=30, archived=archived, q=q or "")


@bp.route("/new", methods=["GET", "POST"])
@page("add_articles")
def new():
    """Paste an article or upload a file."""
    paste, upload = PasteForm(prefix="paste"), UploadForm(prefix="upload")
    if paste.submit.data and paste.validate_on_submit():
        if paste.url_only:  # the desk fetches the page (app/articles/by_url.py)
            from app.articles.by_url import fetch_from_form

            return fetch_from_form(paste)
        data = {k: paste[k].data for k in ("title", "body", "language", "url", "publisher")}
        data["published_at"] = paste.published_at.data
        same = [] if paste.add_anyway.data else article_service.find_same_body(data["body"] or "")
        if same:  # the same text pasted twice: say where it is, and let the person go on if they mean it
            return render_template("articles/new.html", paste=paste, upload=upload, same=same), 200
        return _create(data, paste)
    if upload.submit.data and upload.validate_on_submit():
        try:
            data = article_service.parse_upload(upload.file.data.filename, upload.file.data.read())
            if upload.language.data:
                data["language"] = upload.language.data
            return _create(data, upload)
        except DomainError as exc:
            apply_errors(upload, exc)
    status = 422 if request.method == "POST" else 200
    return render_template("articles/new.html", paste=paste, upload=upload), status


def _create(data: dict, form):
    from app.jobs.tasks import import_is_a_job

    if import_is_a_job(data):  # a long upload with "suggest": true is a job whose page shows its progress
        return _import_as_job(data, form)
    try:
        result = article_service.create_article(current_user, data, origin="import")
        commit()
    except DomainError as exc:
        apply_errors(form, exc)
        return render_template("articles/new.html", paste=PasteForm(prefix="paste") if form.__class__ is not PasteForm
                               else form, upload=UploadForm(prefix="upload") if form.__class__ is not UploadForm
                               else form), 422
    if not result.created:
        flash(_("This URL is already in the desk: here is the existing article."), "info")
    else:
        checkworthiness.schedule_scoring(result.article)  # whole-article scoring on a worker, when there is one
    return redirect(url_for("articles.show", article_id=result.article.id))


def _import_as_job(data: dict, form):
    from app import jobs
    from app.services.urls import normalise_url

    try:
        url = data.get("url")
        existing = article_service.find_by_url(normalise_url(url)) if isinstance(url, str) and url.strip() else None
    except DomainError as exc:
        apply_errors(form, exc)
        return render_template("articles/new.html", paste=PasteForm(prefix="paste"), upload=form), 422
    if existing is not None:
        flash(_("This URL is already in the desk: here is the existing article."), "info")
        return redirect(url_for("articles.show", article_id=existing.id))
    job = jobs.enqueue("articles.import", {"data": data}, user_id=current_user.id)
    return redirect(url_for("jobs.show", job_id=job.id))


SUGGESTIONS_LISTED = 25  # the first ones in the side list (all are marked in the text); ?suggestions=all lists all


def _overlaps(pending: list, rows: tuple) -> dict:
    found = suggestions.overlapping_claims(None, [_Span(s.start, s.end) for s in pending],
                                           [_Span(r.start, r.end, r.id, r.statement) for r in rows])
    return {key: [(c.id, c.statement) for c in over] for key, over in found.items() if over}


class _Span:
    __slots__ = ("start", "end", "id", "statement")

    def __init__(self, start, end, id=None, statement=None):  # noqa: A002 - the claim's id
        self.start, self.end, self.id, self.statement = start, end, id, statement


def _render_article(article, form: ClaimForm, status: int = 200):
    """The article page: the highlighted text, the claim list and the pending suggestions, from the claims'
    rows (one statement) and the engine's suggestions."""
    rows = article_service.claim_rows(article.id)
    places = claim_places.article_places(article.id)
    pending = suggestions.pending(article, rows, keep=request.method == "GET") if not article.archived else []
    counts: dict[str, int] = {}
    states: dict[str, int] = {}
    for row in rows:
        counts[row.verdict] = counts.get(row.verdict, 0) + 1
        states[row.state] = states.get(row.state, 0) + 1
    language = article.language
    text = article_text(
        segments(article.body, [(r.id, r.start, r.end) for r in rows], [(s.start, s.end) for s in pending]),
        {r.id: r.verdict for r in rows}, [s.kind for s in pending], url_maker("claims.show", "claim_id"))
    claim_list = render_part("articles/_claims.html", claims=rows, language=language, places=places)
    listed = pending if request.args.get("suggestions") == "all" else pending[:SUGGESTIONS_LISTED]
    suggestion_list = render_part(
        "articles/_suggestions.html", language=language, overlaps=_overlaps(listed, rows), places=places,
        pending=tuple((s.start, s.end, s.quote, s.kind, s.attributed_to, s.pending) for s in listed)) if pending else None
    return render_template(
        "articles/show.html", article=article, text=text, claim_list=claim_list, suggestion_list=suggestion_list,
        claim_count=len(rows), pending=pending, listed_count=len(listed), form=form, verdict_counts=counts,
        state_counts=states,
        suggestions_form=SuggestionsForm(), confirm=ConfirmForm(), publication=current_publication_row(article.id),
    ), status


@bp.get("/<int:article_id>/earlier-checks")
@page("read")
def earlier_checks(article_id: int):
    """Earlier fact-checks beside the listed suggestions (one batch: the encoder runs once for all of them);
    ``?part=1`` is the article page's part (the best one each), otherwise a page with three each."""
    article = article_service.get_article(article_id)
    rows = article_service.claim_rows(article.id)
    pending = suggestions.pending(article, rows, keep=False)[:SUGGESTIONS_LISTED] if not article.archived else []
    part = request.args.get("part") == "1"
    found = matching.matches_for_texts([(s.quote, article.language) for s in pending], limit=1 if part else 3)
    items = [(s, m) for s, m in zip(pending, found, strict=True) if m]
    return render_template("articles/_suggestion_matches.html" if part else "articles/earlier_checks.html",
                           article=article, items=items)


@bp.get("/<int:article_id>")
@page("read")
def show(article_id: int):
    """The article with every claim's span highlighted, the claim list, suggestions and the new-claim form."""
    article = article_service.get_article(article_id)
    return _render_article(article, ClaimForm())


@bp.post("/<int:article_id>/claims")
@page("edit_claims")
def create_claim(article_id: int):
    """Make the selected span (or the typed quote) a claim."""
    article = article_service.get_article(article_id)
    form = ClaimForm()
    if not form.validate_on_submit():
        return _render_article(article, form, 422)
    data = {"statement": form.statement.data, "kind": form.kind.data, "attributed_to": form.attributed_to.data}
    if form.start.data and form.end.data:
        data.update(start=form.start.data, end=form.end.data, quote=form.quote.data or None)
    else:
        data["quote"] = form.quote.data
    try:
        claim = claim_service.create_claim(current_user, article, data)
        commit()
    except DomainError as exc:
        apply_errors(form, exc)
        near = exc.extra.get("nearest")
        if near:  # offered, not taken: the form comes back holding the nearest passage, for the person to check
            form.start.data, form.end.data, form.quote.data = str(near["start"]), str(near["end"]), near["quote"]
            form.quote.errors = [*form.quote.errors, _("It is filled in below: check it and add the claim again.")]
        return _render_article(article, form, 422)
    flash(_("Claim #%(id)s added.", id=claim.id), "info")
    return redirect(url_for("articles.show", article_id=article.id, _anchor=f"claim-{claim.id}"))


def _ticked_spans(body_len: int) -> list[tuple[int, int]]:
    spans = []
    for raw in request.form.getlist("s")[:500]:
        start, _colon, end = raw.partition(":")  # not "_": that is gettext here
        if not (DIGITS.fullmatch(start) and DIGITS.fullmatch(end)) or not 0 <= int(start) < int(end) <= body_len:
            raise ValidationError(_("A ticked suggestion is not a valid span."), {"s": _("Invalid span.")})
        spans.append((int(start), int(end)))
    return spans


def _split_confirmation(article, form, span: tuple[int, int], at: int | None):
    """The step between choosing where to cut and making claims: the parts, each ticked, to keep or leave.
    Without a cut (no cursor: a browser without JavaScript) it first offers where to cut, before each word."""
    if at is None:
        body = article.body
        cuts = [(i, body[max(span[0], i - 40):i], body[i:min(span[1], i + 40)])
                for i in suggestions.cut_points(article, span)]
        if not cuts:
            raise ValidationError(_("Split inside the words of the suggestion, not at its edge."),
                                  {"at": _("Place the cursor inside the suggestion.")})
        return render_template("articles/split_confirm.html", article=article, form=form, span=span, cuts=cuts)
    parts = suggestions.split_parts(article, span, at)  # a ValidationError (cut at the edge) goes back to the page
    return render_template("articles/split_confirm.html", article=article, form=form, span=span, at=at,
                           parts=[(index, article.body[a:b]) for index, (a, b) in enumerate(parts)])


@bp.post("/<int:article_id>/suggestions")
@page("edit_claims")
def review_suggestions(article_id: int):
    """Accept the ticked suggestions (each a claim), merge them into one claim, split one, or reject them."""
    article = article_service.get_article(article_id)
    form = SuggestionsForm()
    if not form.validate_on_submit():
        flash(_("The form expired; please try again."), "error")
        return redirect(url_for("articles.show", article_id=article.id))
    action = request.form.get("action", "accept")
    try:
        spans = _ticked_spans(len(article.body))
        if not spans:
            raise ValidationError(_("Tick at least one suggestion."), {"s": _("Nothing ticked.")})
        if action == "accept":
            created = suggestions.accept(current_user, article, [{"start": s, "end": e} for s, e in spans])
            message = ngettext("%(num)d claim added from suggestions.", "%(num)d claims added from suggestions.",
                               len(created))
        elif action == "merge":
            created = [suggestions.merge(current_user, article, spans)]
            message = _("Suggestions merged into one claim, keeping the first one's kind and attribution.")
        elif action == "split":
            at = Checker(request.form).integer("at", minimum=1)
            if len(spans) == 1 and at is None and not request.form.get("at"):  # no cursor (no JavaScript)
                return _split_confirmation(article, form, spans[0], None)
            if len(spans) != 1 or at is None:
                raise ValidationError(_("Tick one suggestion and put the cursor inside it where it should split."),
                                      {"at": _("Place the cursor inside the suggestion.")})
            if request.form.get("confirmed") != "1":  # first the parts, for the reviewer to choose from
                return _split_confirmation(article, form, spans[0], at)
            keep = [int(raw) for raw in request.form.getlist("part")[:10] if DIGITS.fullmatch(raw)]
            created = suggestions.split(current_user, article, spans[0], at, keep)
            message = ngettext("Suggestion split into %(num)d claim.", "Suggestion split into %(num)d claims.",
                               len(created))
        elif action == "reject":
            for start, end in spans:
                suggestions.reject(current_user, article, {"start": start, "end": end})
            created = []
            message = ngettext("%(num)d suggestion rejected; it will not be proposed again.",
                               "%(num)d suggestions rejected; they will not be proposed again.", len(spans))
        else:
            raise ValidationError(_("Unknown action."), {"action": _("accept, merge, split or reject")})
        commit()
        flash(message, "info")
    except Conflict as exc:  # someone decided first (a race, or a page left open): their outcome stands
        db.session.rollback()
        flash(error_text(exc), "error")
        return _render_article(article_service.get_article(article_id), ClaimForm(), 409)
    except DomainError as exc:
        flash(error_text(exc), "error")
        return redirect(url_for("articles.show", article_id=article.id, _anchor="suggestions"))
    if created:
        return redirect(url_for("articles.show", article_id=article.id, _anchor=f"claim-{created[0].id}"))
    return redirect(url_for("articles.show", article_id=article.id, _anchor="suggestions"))


@bp.post("/<int:article_id>/archive")
@page("archive")
def archive(article_id: int):
    """Archive or unarchive the article (nothing is deleted)."""
    article = article_service.get_article(article_id)
    if ConfirmForm().validate_on_submit():
        article_service.set_archived(current_user, article, not article.archived)
        commit()
        flash(_("Article archived.") if article.archived else _("Article restored."), "info")
    return redirect(url_for("articles.show", article_id=article.id))


@bp.get("/<int:article_id>/history")
@page("read")
def history(article_id: int):
    """Everything that happened to the article and its claims."""
    article = article_service.get_article(article_id)
    return render_template("articles/history.html", article=article,
                           history=history_text.history_html("article", article.id, link_claims=True))


@bp.app_context_processor
def _limits():
    return {"max_body_chars": current_app.config.get("MAX_BODY_CHARS")}
