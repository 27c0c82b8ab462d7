"""Cut an article body into runs of text, each knowing which claims and suggestions cover it."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Segment:
    start: int
    text: str
    claim_ids: list[int] = field(default_factory=list)
    suggestion: int | None = None  # index into the suggestion list

    @property
    def end(self) -> int:
        return self.start + len(self.text)


def segments(body: str, claims: list[tuple[int, int, int]], suggestions: list[tuple[int, int]] = ()) -> list[Segment]:
    """Runs of body between every span boundary; claims is [(id, start, end)], suggestions [(start, end)].

    Overlapping and nested claims are handled: each run lists every claim that covers it,
    innermost (shortest) first, so the page can link a run to its most specific claim.
    """
    cuts = {0, len(body)}
    for _, start, end in claims:
        cuts.update((max(0, start), min(len(body), end)))
    for start, end in suggestions:
        cuts.update((max(0, start), min(len(body), end)))
    points = sorted(cuts)
    ordered = sorted(claims, key=lambda c: (c[2] - c[1], c[1]))
    result = []
    for a, b in zip(points, points[1:], strict=False):
        if a == b:
            continue
        covering = [cid for cid, s, e in ordered if s <= a and b <= e]
        sugg = next((i for i, (s, e) in enumerate(suggestions) if s <= a and b <= e), None)
        result.append(Segment(a, body[a:b], covering, sugg))
    return result
