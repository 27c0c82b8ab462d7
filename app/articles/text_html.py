"""The article text as HTML: its runs, each highlight linked to its claim, each suggestion marked.

An article of 200 claims is thousands of runs; a Jinja loop spent most of the article page's time on them
(a gettext and a label per run). Here each run is one escaped format, with the titles translated once per
verdict and per kind. The markup is the one articles/show.html and static/select.js expect.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from flask_babel import gettext
from markupsafe import Markup, escape

from app.articles.segments import Segment
from app.localization import digits, label

_PLAIN = '<span class="seg" data-s="{start}">{text}</span>'
_SUGGESTED = '<span class="seg sugg" data-s="{start}" data-sugg="{index}" title="{title}">{text}</span>'
_CLAIM = ('<a class="seg hl v-{verdict}{nested}" data-s="{start}" href="{href}" '
          'title="{title}">{text}</a>')


def _shown_as(seg: Segment) -> tuple:
    """What a run looks like on the page: its innermost claim (and whether claims nest there), else its
    suggestion, else plain text. A suggestion under a claim is not shown there."""
    if seg.claim_ids:
        return ("claim", seg.claim_ids[0], len(seg.claim_ids) > 1)
    return ("suggestion", seg.suggestion) if seg.suggestion is not None else ("plain",)


def _joined(segments: Sequence[Segment]) -> list[Segment]:
    """Neighbouring runs that look the same joined into one (a suggestion's edges inside a claim cut it into
    three runs that differ in nothing the page shows)."""
    joined: list[Segment] = []
    last = None
    for seg in segments:
        shown = _shown_as(seg)
        if joined and shown == last:
            previous = joined[-1]
            joined[-1] = Segment(previous.start, previous.text + seg.text, previous.claim_ids, previous.suggestion)
        else:
            joined.append(seg)
        last = shown
    return joined


def article_text(segments: Sequence[Segment], verdicts: Mapping[int, str], suggestion_kinds: Sequence[str],
                 claim_href: Callable[[int], str]) -> Markup:
    """The runs as HTML; `verdicts` by claim id, `suggestion_kinds` by suggestion index."""
    claim_title = gettext("Claim #%(id)s: %(verdict)s")
    suggested_title = gettext("Suggested claim: %(kind)s")
    verdict_labels = {v: label("verdict", v) for v in set(verdicts.values())}
    kind_titles = {k: escape(suggested_title % {"kind": label("kind", k)}) for k in set(suggestion_kinds)}
    parts = []
    for seg in _joined(segments):
        text = escape(seg.text)
        if seg.claim_ids:
            cid = seg.claim_ids[0]
            verdict = verdicts[cid]
            parts.append(_CLAIM.format(
                verdict=escape(verdict), nested=" nested" if len(seg.claim_ids) > 1 else "", start=seg.start,
                href=escape(claim_href(cid)), text=text,
                title=escape(claim_title % {"id": digits(cid), "verdict": verdict_labels[verdict]})))
        elif seg.suggestion is not None:
            parts.append(_SUGGESTED.format(start=seg.start, index=seg.suggestion, text=text,
                                           title=kind_titles[suggestion_kinds[seg.suggestion]]))
        else:
            parts.append(_PLAIN.format(start=seg.start, text=text))
    return Markup("".join(parts))  # noqa: S704 - every value above is escaped or a number
