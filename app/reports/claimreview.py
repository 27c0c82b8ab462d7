"""ClaimReview JSON-LD (schema.org) for each claim of the report that has a verdict.

Rating scale (SPEC): false 1, likely_false 2, mixed 3, likely_true 4, confirmed 5, worstRating 1,
bestRating 5, with the verdict's name in the report's language as `alternateName`. `unverifiable` has
no place on a true/false scale, so its Rating has no `ratingValue`, only the `alternateName` (schema.org
and Google accept a textual rating). `unverified` claims are not reviewed yet and get no ClaimReview.
A review whose verdict is not yet approved says so with `creativeWorkStatus: "Draft"`.
"""

from __future__ import annotations

import json
import re

from app.reports.labels import RATING_VALUES, verdict_name

# An attribution names a person (not an organisation) when it uses one of these words and does not
# pass the claim on from someone else ("Reuters, citing an official" is Reuters).
_PERSON = re.compile(
    r"\b(correspondent|reporter|spokes(?:wo)?man|spokesperson|minister|official|president|mayor|governor|"
    r"commander|witness|resident|journalist|analyst)\b|مراسل|متحدث|الناطق|وزير|مسؤول\b|رئيس|محافظ|قائد|شاهد|صحفي",
    re.IGNORECASE,
)
_RELAYED = re.compile(r",|،|\bciting\b|\baccording to\b|نقلا|نقلًا|\bعن\b", re.IGNORECASE)


def author_type(attributed_to: str) -> str:
    """'Person' or 'Organization' for the schema.org author of a claim, from its attribution."""
    if _PERSON.search(attributed_to) and not _RELAYED.search(attributed_to):
        return "Person"
    return "Organization"


def _rating(verdict: str, language: str) -> dict:
    rating: dict = {"@type": "Rating"}
    if verdict in RATING_VALUES:
        rating["ratingValue"] = RATING_VALUES[verdict]
    rating.update({"worstRating": 1, "bestRating": 5, "alternateName": verdict_name(verdict, language)})
    return rating


def claim_review(model: dict, claim: dict) -> dict:
    """The ClaimReview of one claim (which must have a verdict other than 'unverified')."""
    article, language = model["article"], model["language"]
    appearance: dict = {"@type": "CreativeWork", "headline": article["title"]}
    if article["url"]:
        appearance["url"] = article["url"]
    if article["publisher"]:
        appearance["publisher"] = {"@type": "Organization", "name": article["publisher"]}
    item: dict = {"@type": "Claim", "appearance": appearance}
    if claim["attributed_to"]:
        item["author"] = {"@type": author_type(claim["attributed_to"]), "name": claim["attributed_to"]}
    if article["published_at"]:
        item["datePublished"] = article["published_at"]
    organisation = model["organisation"]
    author = {"@type": "Organization", "name": organisation["name"]}
    if organisation.get("url"):
        author["url"] = organisation["url"]
    review = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": claim["url"],
        "claimReviewed": claim["statement"],
        "reviewRating": _rating(claim["verdict"], language),
        "itemReviewed": item,
        "author": author,
        "datePublished": (claim["approved_at"] or model["generated_at"])[:10],
        "inLanguage": language,
        "creativeWorkStatus": "Published" if claim["approved"] else "Draft",
    }
    publication = model.get("publication") or {}
    if publication.get("first_published_at"):
        # A frozen, versioned publication: first published with version 1, modified with this version.
        review["datePublished"] = publication["first_published_at"]
        review["dateModified"] = publication["published_at"]
    if claim["rationale"]:
        review["reviewBody"] = claim["rationale"]
    return review


def claim_reviews(model: dict, *, approved_only: bool = False) -> list[dict]:
    """The ClaimReviews of the report's reviewed claims, in article order."""
    return [claim_review(model, c) for c in model["claims"]
            if c["verdict"] != "unverified" and (c["approved"] or not approved_only)]


def build_claimreview(model: dict) -> bytes:
    """The `claimreview` format: a JSON array of ClaimReview objects (JSON-LD)."""
    return json.dumps(claim_reviews(model), ensure_ascii=False, indent=2).encode("utf-8")


_OTHER_LT = re.compile(r"<(?!/)")


def script_json(data: object) -> str:
    """JSON safe to put inside <script type="application/ld+json">: user text cannot end or nest the element.

    `</` becomes `<\\/` (so `</script>` cannot close it) and every other `<` becomes `\\u003c` (so no
    `<script` or `<!--` appears inside it); both are the same JSON for a reader of the data.
    """
    text = json.dumps(data, ensure_ascii=False, indent=1)
    return _OTHER_LT.sub("\\\\u003c", text).replace("</", "<\\/")

