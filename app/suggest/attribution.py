"""Attribution frames whose speaker and reporting verb fall in different fragments.

"Two officials at the crossing, who spoke on condition of anonymity, said a customs dispute held the
convoy up": the commas cut the speaker (with its relative clause) from "said ...".  The speaker's
fragment is a frame, never a claim; what follows the verb is the claim, with the speaker as its source.
"""

from __future__ import annotations

from collections.abc import Sequence

MIN_CONTENT_TOKENS = 3  # "said a customs dispute ...": the verb needs a clause after it, not a name


def content_after_verb(forms: Sequence[str], cap: Sequence[bool], t0: int, t1: int, attr: int,
                       has_comp: bool) -> int | None:
    """Where the said clause starts in an English fragment that opens with its reporting verb
    (", said a customs dispute held ..."), or None when the fragment is something else: a trailing
    frame (", said Tom Ellery, leader of ..."), "said that ..." (handled with the complementizer) or too
    short to hold a claim (", officials said.")."""
    if attr != t0 or has_comp:
        return None
    start = attr + 1
    if start < t1 and forms[start] in ("on", "in", "yesterday", "today", "recently") and start + 1 < t1 \
            and cap[start + 1]:  # "said on Tuesday a ..."
        start += 2
    if t1 - start < MIN_CONTENT_TOKENS or (start < t1 and cap[start]):
        return None
    return start
