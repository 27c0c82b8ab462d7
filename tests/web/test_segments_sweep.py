"""The article page's runs (app/articles/segments.py) are exactly those of the plain definition."""

import random

from app.articles.segments import segments


def plain(body, claims, suggestions=()):
    """The definition: cut at every boundary; a run lists the claims covering it, shortest first."""
    cuts = {0, len(body)}
    for _, start, end in claims:
        cuts.update((max(0, start), min(len(body), end)))
    for start, end in suggestions:
        cuts.update((max(0, start), min(len(body), end)))
    points = sorted(cuts)
    ordered = sorted(claims, key=lambda c: (c[2] - c[1], c[1]))
    out = []
    for a, b in zip(points, points[1:], strict=False):
        if a == b:
            continue
        covering = [cid for cid, s, e in ordered if s <= a and b <= e]
        sugg = next((i for i, (s, e) in enumerate(suggestions) if s <= a and b <= e), None)
        out.append((a, body[a:b], covering, sugg))
    return out


def test_nested_overlapping_and_identical_spans_match_the_definition_on_random_articles():
    rnd = random.Random(12)
    for _ in range(400):
        body = "".join(rnd.choice("ab ،.") for _ in range(rnd.randint(1, 120)))
        claims = []
        for cid in range(rnd.randint(0, 12)):
            s = rnd.randint(0, len(body) - 1)
            claims.append((cid + 1, s, rnd.randint(s + 1, len(body))))
        if claims and rnd.random() < 0.3:
            claims.append((99, claims[0][1], claims[0][2]))  # the same span twice
        suggestions = []
        for _ in range(rnd.randint(0, 6)):
            s = rnd.randint(0, len(body) - 1)
            suggestions.append((s, rnd.randint(s + 1, len(body))))
        got = [(g.start, g.text, g.claim_ids, g.suggestion) for g in segments(body, claims, suggestions)]
        assert got == plain(body, claims, suggestions)
        assert "".join(text for _, text, _, _ in got) == body
