"""The HTML report: self-contained (inline CSS, no external assets), print-ready, in the article's language."""

from __future__ import annotations

import unicodedata
from pathlib import Path
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from app.reports import text
from app.reports.claimreview import claim_reviews, script_json
from app.reports.labels import STANCE_ORDER, VERDICT_ORDER, language_name

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def text_dir(value: str | None) -> str:
    """'rtl' or 'ltr' from the first strong character (the HTML dir=auto rule, which WeasyPrint lacks)."""
    for char in value or "":
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return "auto"


def bdi(value: object) -> Markup:
    """User text as an isolated, escaped inline run: <bdi dir=…>…</bdi>, its bidi controls closed."""
    content = text.balance_bidi("" if value is None else str(value))
    return Markup('<bdi class="u" dir="{0}">{1}</bdi>').format(text_dir(content), content)


def ltr(value: str) -> Markup:
    """A left-to-right run (a date, a time, a number with signs) kept whole inside right-to-left text."""
    return Markup('<bdi dir="ltr">{0}</bdi>').format(value)


def fmt(template: str, **values: object) -> Markup:
    """A label with placeholders filled in: the label is trusted, every value is escaped (or is Markup)."""
    return escape(template).format(**values)


def count_rows(summary: dict) -> list[tuple[tuple, tuple]]:
    """Rows of the summary table: (verdict, count) beside (state, count), non-zero ones, serious first."""
    verdicts = [(v, summary["by_verdict"][v]) for v in VERDICT_ORDER if summary["by_verdict"].get(v)]
    states = [(s, n) for s, n in summary["by_state"].items() if n]
    size = max(len(verdicts), len(states))
    pad: tuple = (None, None)
    return [(verdicts[i] if i < len(verdicts) else pad, states[i] if i < len(states) else pad) for i in range(size)]


def is_long(claim: dict) -> bool:
    """True when a claim may not fit on one A4 page (about 40 lines): it may then break between its parts."""
    lines = 16 + sum(-(-len(claim[k] or "") // 85) for k in ("quote", "statement", "rationale", "attributed_to"))
    lines += sum(3 + -(-len(e["excerpt"]) // 85) for e in claim["evidence"])
    return lines > 38


def safe_href(url: str | None) -> str | None:
    """The URL when it is http(s), so that nothing typed can become a javascript: link."""
    if url and urlsplit(url).scheme.lower() in ("http", "https"):
        return url
    return None


def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True)
    env.filters.update(ltr=ltr, bdi=bdi, bal=text.balance_bidi, textdir=text_dir, href=safe_href, fmt=fmt)
    env.tests["long"] = is_long
    return env


ENV = _environment()


def render_html(model: dict, *, public: bool = False, for_pdf: bool = False, embed_claimreview: bool = False) -> str:
    """The report as one HTML document; `public` for the published link, `for_pdf` for WeasyPrint."""
    ctx = text.context(model, public)
    L, shown = ctx["L"], ctx["shown"]
    jsonld = None
    if embed_claimreview:
        # script_json escapes `</` and `<!--`, so the JSON cannot end the <script> element; it must not
        # be HTML-escaped (a data block is not entity-decoded), hence Markup here and nowhere else.
        jsonld = Markup(script_json(claim_reviews(model, approved_only=True)))  # noqa: S704
    return ENV.get_template("reports/report.html").render(
        m=model, a=model["article"], s=model["summary"], claims=model["claims"], L=L,
        histories=ctx["histories"], count_rows=count_rows(model["summary"]), public=public, for_pdf=for_pdf, jsonld=jsonld,
        when=lambda v: Markup("<bdi>{0}</bdi>").format(text.when(v, L, shown)), who=lambda ref: text.who(ref, L),
        num=lambda v: text.num(v, shown), digit_style=shown["digits"], sep="، " if model["language"] == "ar" else " · ",
        reliability=lambda g: text.reliability_text(g, L), credibility=lambda c: text.credibility_text(c, L, shown),
        reported=text.reported_text, by_stance=text.evidence_by_stance, STANCES=STANCE_ORDER,
        language_name=lambda code: language_name(code, model["language"])
    )


def build_html(model: dict) -> bytes:
    """The `html` format: the report as a UTF-8 HTML document."""
    return render_html(model).encode("utf-8")
