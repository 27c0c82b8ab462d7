"""A quote typed almost right (hamza, spacing, one letter) finds the passage nearest to it; a wrong one finds none."""

import pytest

from app.suggest.nearest import nearest_span

BODY = ("وقال مسؤولون أمريكيون إن نحو ألف جندي أمريكي ما زالوا في سوريا، وإن الانسحاب قد يستغرق شهرين.\n"
        "Officials said about 1,000 troops remain, and the pull-out could take two months.")


@pytest.mark.parametrize("typed,expected", [
    ("نحو الف جندي امريكي", "نحو ألف جندي أمريكي"),  # hamza left out
    ("ان  الانسحاب قد يستغرق شهرين", "إن الانسحاب قد يستغرق شهرين"),  # spacing and hamza
    ("نحو ألف جنود أمريكي", "نحو ألف جندي أمريكي"),  # one word misspelt
    ("officials said about 1000 troops", "Officials said about 1,000 troops"),
])
def test_the_nearest_passage_is_found(typed, expected):
    span = nearest_span(BODY, typed)
    assert span is not None and BODY[span[0]:span[1]] == expected


def test_a_quote_from_elsewhere_finds_nothing():
    assert nearest_span(BODY, "the weather in Cairo was mild all week") is None
