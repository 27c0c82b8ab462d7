"""The fetch client against local sites: pinned connections, redirects, time, size and type limits, charsets."""

from __future__ import annotations

import socket

import pytest

from app.fetch import ARTICLE_TYPES, SOURCE_TYPES, FetchError, Policy, fetch
from app.fetch.policy import parse_allowed_hosts
from app.fetch.text import decoded, extract
from tests.site import ARABIC_ARTICLE, ENGLISH_ARTICLE, Page


def policy_for(*sites, **kw) -> Policy:
    return Policy(allowed_hosts=parse_allowed_hosts([s.host for s in sites]), **kw)


def test_an_arabic_windows_1256_page_is_decoded_and_its_main_text_extracted(site):
    site.pages["/ar"] = Page(ARABIC_ARTICLE.encode("cp1256"), content_type="text/html")
    exchange = fetch(site.url("/ar"), policy_for(site))
    assert exchange.status == 200 and exchange.body == ARABIC_ARTICLE.encode("cp1256")
    data = extract(exchange)
    assert "نقلت وكالة رويترز عن مسؤولين أميركيين" in data["text"]
    assert "الرئيسية" not in data["text"] and "جميع الحقوق" not in data["text"]  # navigation and footer dropped
    assert data["title"] == "إخلاء قاعدة قصرك خلال شهر"
    assert data["publisher"] == "وكالة الأنباء المحلية" and data["published_at"] == "2026-11-20"


def test_the_charset_header_wins_and_plain_text_is_its_own_text(site):
    site.pages["/t"] = Page("عنوان\nنص الخبر كما هو.".encode("cp1256"), content_type="text/plain; charset=windows-1256")
    exchange = fetch(site.url("/t"), policy_for(site))
    assert decoded(exchange) == "عنوان\nنص الخبر كما هو."
    assert extract(exchange)["title"] == "عنوان"


def test_the_connection_goes_to_the_checked_address_with_the_names_host_header(site):
    site.pages["/p"] = Page(ENGLISH_ARTICLE.encode())
    asked = []

    def resolver(host, port):
        asked.append(host)
        return ["127.0.0.1"]

    policy = Policy(allowed_hosts=parse_allowed_hosts([f"news.example:{site.port}"]), resolver=resolver)
    exchange = fetch(f"http://news.example:{site.port}/p", policy)
    assert exchange.address == "127.0.0.1" and asked == ["news.example"]
    assert site.hits[-1][1]["Host"] == f"news.example:{site.port}"


def test_redirects_are_followed_and_each_hop_checked(site):
    site.pages["/old"] = Page(status=301, headers={"Location": "/new"})
    site.pages["/new"] = Page(ENGLISH_ARTICLE.encode())
    exchange = fetch(site.url("/old"), policy_for(site))
    assert exchange.final_url == site.url("/new") and exchange.redirects == [site.url("/old")]


@pytest.mark.parametrize("location", ["{other}/secret", "http://10.0.0.1/", "http://[::1]:{port}/",
                                      "http://2130706433:{port}/secret", "file:///etc/passwd",
                                      "http://[fec0::1]/", "http://198.18.0.1/", "http://[::ffff:7f00:1]:{port}/",
                                      "http://0x7f000001:{port}/secret"])
def test_a_redirect_to_an_internal_address_is_refused_and_the_internal_server_never_reached(
        site, other_site, location):
    other_site.pages["/secret"] = Page(b"internal")
    site.pages["/go"] = Page(status=302, headers={
        "Location": location.format(other=f"http://{other_site.host}", port=other_site.port)})
    with pytest.raises(FetchError) as caught:
        fetch(site.url("/go"), policy_for(site))
    assert caught.value.code == "fetch_refused"
    assert other_site.hits == []


def test_redirect_loops_and_too_many_redirects_fail(site):
    site.pages["/a"] = Page(status=302, headers={"Location": "/b"})
    site.pages["/b"] = Page(status=302, headers={"Location": "/a"})
    for n in range(7):
        site.pages[f"/r{n}"] = Page(status=302, headers={"Location": f"/r{n + 1}"})
    site.pages["/r7"] = Page(b"finally")
    with pytest.raises(FetchError, match="loop"):
        fetch(site.url("/a"), policy_for(site))
    with pytest.raises(FetchError, match="more than 5") as caught:
        fetch(site.url("/r0"), policy_for(site))
    assert caught.value.code == "fetch_failed" and "/r7" not in site.paths_hit()


@pytest.mark.parametrize("status, transient", [(404, False), (410, False), (500, True), (503, True)])
def test_http_errors_fail_and_name_the_status(site, status, transient):
    site.pages["/e"] = Page(b"no", status=status)
    with pytest.raises(FetchError) as caught:
        fetch(site.url("/e"), policy_for(site))
    assert caught.value.code == "fetch_failed" and str(status) in caught.value.message
    assert caught.value.status == status and caught.value.transient is transient and caught.value.gone


def test_a_slow_site_times_out(site):
    site.pages["/slow"] = Page(b"late", delay=3)
    with pytest.raises(FetchError) as caught:
        fetch(site.url("/slow"), policy_for(site, timeout=0.5))
    assert caught.value.code == "fetch_timeout" and caught.value.transient


def test_a_seven_megabyte_page_is_too_large_whether_announced_or_chunked(site):
    big = b"<html><body>" + b"x" * (7 * 1024 * 1024) + b"</body></html>"
    site.pages["/big"] = Page(big)
    site.pages["/big-chunked"] = Page(big, chunked=True)
    for path in ("/big", "/big-chunked"):
        with pytest.raises(FetchError) as caught:
            fetch(site.url(path), policy_for(site))
        assert caught.value.code == "too_large"


def test_an_endless_body_is_cut_off(site):
    site.pages["/endless"] = Page(endless=True)
    with pytest.raises(FetchError) as caught:
        fetch(site.url("/endless"), policy_for(site, max_bytes=1024 * 1024))
    assert caught.value.code in ("too_large", "fetch_timeout")


@pytest.mark.parametrize("content_type", ["image/png", "application/octet-stream", "application/zip",
                                          "text/javascript"])
def test_types_other_than_text_and_html_are_refused_for_articles(site, content_type):
    site.pages["/f"] = Page(b"\x89PNG....", content_type=content_type)
    with pytest.raises(FetchError) as caught:
        fetch(site.url("/f"), policy_for(site), accept=ARTICLE_TYPES)
    assert caught.value.code == "unsupported_type"
    assert site.hits  # the type is read from the headers


def test_a_pdf_is_a_readable_source_but_not_an_article(site):
    site.pages["/doc.pdf"] = Page(b"%PDF-1.4 ...", content_type="application/pdf")
    assert fetch(site.url("/doc.pdf"), policy_for(site), accept=SOURCE_TYPES).content_type == "application/pdf"
    with pytest.raises(FetchError):
        fetch(site.url("/doc.pdf"), policy_for(site), accept=ARTICLE_TYPES)


def test_tls_errors_fail_clearly(site):
    site.pages["/"] = Page(b"plain http")
    with pytest.raises(FetchError) as caught:
        fetch(f"https://{site.host}/", policy_for(site))
    assert caught.value.code == "fetch_failed" and "TLS" in caught.value.message


def test_an_unreachable_host_fails():
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()  # nothing listens there now
    with pytest.raises(FetchError) as caught:
        fetch(f"http://127.0.0.1:{port}/", Policy(allowed_hosts=frozenset({("127.0.0.1", port)})))
    assert caught.value.code == "fetch_failed" and caught.value.transient


def test_a_page_with_no_main_text_extracts_nothing(site):
    site.pages["/empty"] = Page(b"<html><head><title>x</title></head><body><nav><a href='/'>Home</a></nav></body></html>")
    assert extract(fetch(site.url("/empty"), policy_for(site)))["text"].strip() in ("", "Home")
