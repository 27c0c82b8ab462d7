import pytest

from app.services.errors import ValidationError
from app.services.urls import normalise_url


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("HTTPS://Example.COM/", "https://example.com"),
        ("https://example.com:443/a/b/", "https://example.com/a/b"),
        ("http://example.com:80/a", "http://example.com/a"),
        ("http://example.com:8080/a", "http://example.com:8080/a"),
        ("https://example.com/a?utm_source=x&utm_medium=y&id=3", "https://example.com/a?id=3"),
        ("https://example.com/a?fbclid=abc&b=2&a=1", "https://example.com/a?a=1&b=2"),
        ("https://example.com/a#section-2", "https://example.com/a"),
        ("  https://example.com/path  ", "https://example.com/path"),
        ("https://عنب.example/خبر", "https://xn--ngb7a0b.example/%D8%AE%D8%A8%D8%B1"),
        ("https://example.com/%D8%AE%D8%A8%D8%B1", "https://example.com/%D8%AE%D8%A8%D8%B1"),
    ],
)
def test_the_same_document_gets_the_same_url(raw, expected):
    assert normalise_url(raw) == expected


def test_variants_of_one_link_collapse_to_one():
    variants = [
        "https://www.reuters.com/world/syria-troops/",
        "HTTPS://WWW.REUTERS.COM/world/syria-troops?utm_campaign=share",
        "https://www.reuters.com:443/world/syria-troops#top",
    ]
    assert len({normalise_url(v) for v in variants}) == 1


@pytest.mark.parametrize("raw", ["javascript:alert(1)", "ftp://example.com/a", "file:///etc/passwd",
                                 "data:text/html,hi", "example.com/no-scheme", "https://", "", "   ",
                                 "https://exa mple.com/", "http://[::1:bad/"])
def test_only_http_urls_are_accepted(raw):
    with pytest.raises(ValidationError) as info:
        normalise_url(raw)
    assert "url" in info.value.fields
