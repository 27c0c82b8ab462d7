"""Every JSON body, form field, query and path goes through one check: bad bytes and unstorable text get a
clear 400/422 in the error shape (an answer that itself encodes), never a 500, and nothing is stored."""

import json

import pytest

from app.extensions import db
from app.models import Article, Claim
from app.services.errors import Malformed, ValidationError
from app.services.validation import MAX_JSON_DEPTH, Checker, decode_json

SURROGATE = "\ud800"


def raw(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


def assert_error_shape(response, status: int) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)[:300]
    response.get_data().decode("utf-8")  # the answer is real UTF-8
    body = json.loads(response.get_data())
    assert set(body["error"]) >= {"code", "message", "fields"}
    return body["error"]


@pytest.mark.parametrize("payload", [
    '{"title": "\\ud800", "body": "text"}',            # a lone surrogate in a value
    '{"title": "t", "body": "a\\udfffb"}',
    '{"\\ud83d": 1, "title": "t", "body": "b"}',        # ... and as a key
    '{"title": "a\\u0000b", "body": "text"}',           # NUL in a value
    '{"title": "t", "body": "b", "x\\u0000": 1}',        # ... and in a key
    '{"title": "t", "body": "b", "claims": [{"quote": "\\ud800"}]}',
])
def test_unstorable_text_in_a_json_body_is_422_and_nothing_is_stored(api, payload):
    error = assert_error_shape(api("editor").post("/api/v1/articles", data=payload, content_type="application/json"), 422)
    assert error["fields"] and all("surrogate" in m or "NUL" in m for m in error["fields"].values())
    assert db.session.scalar(db.select(db.func.count(Article.id))) == 0


@pytest.mark.parametrize("body,why", [
    (b"\xff\xfe{}", "UTF-8"), (b'{"title": "\xed\xa0\x80"}', "UTF-8"), (b"[" * 5000 + b"]" * 5000, "deeply"),
    (b'{"a": ' * (MAX_JSON_DEPTH + 1) + b"1" + b"}" * (MAX_JSON_DEPTH + 1), "deeply"),
    (b'{"version": NaN}', "JSON"), (b'{"a": 1', "JSON"), (b"1" * 5000, "JSON"),
])
def test_malformed_bodies_are_400_on_every_write(api, make_claim, body, why):
    claim = make_claim()
    client = api("admin")
    for method, url in (("POST", "/api/v1/articles"), ("PATCH", f"/api/v1/claims/{claim.id}"),
                        ("POST", f"/api/v1/claims/{claim.id}/comments")):
        response = client.client.open(url, method=method, data=body, headers=client.headers,
                                       content_type="application/json")
        error = assert_error_shape(response, 400)
        assert why in error["message"]


def test_a_422_quoting_a_surrogate_key_still_encodes(api, make_claim):
    claim = make_claim()
    response = api().patch(f"/api/v1/claims/{claim.id}", data=raw('{"version": 1, "\\udc80x": 1}'),
                           content_type="application/json")
    error = assert_error_shape(response, 422)
    assert "\ufffdx" in error["fields"]


@pytest.mark.parametrize("field", ["statement", "attributed_to", "rationale", "assignee"])
@pytest.mark.parametrize("bad", ["a\x00b", "a\x07b", "x\x1bz"])
def test_control_characters_in_a_claim_field_are_422_on_api_and_page(api, client, login_as, make_claim, field, bad):
    claim = make_claim()
    value = bad + "@desk.example" if field == "assignee" else bad
    error = assert_error_shape(api().patch(f"/api/v1/claims/{claim.id}", json={"version": 1, field: value}), 422)
    assert field in error["fields"]
    login_as("reviewer")
    form = {"version": "1", "statement": claim.statement, "kind": claim.kind, "verdict": "unverified",
            "rationale": "", "attributed_to": ""}
    form[field if field != "assignee" else "attributed_to"] = value
    response = client.post(f"/claims/{claim.id}/edit", data=form)
    assert response.status_code == 422
    db.session.expire_all()
    assert db.session.get(Claim, claim.id).version == 1


def test_nul_in_a_query_or_a_login_form_is_422_not_a_database_error(api, client):
    assert_error_shape(api().get("/api/v1/claims", query_string={"q": "a\x00"}), 422)
    assert_error_shape(api().get("/api/v1/claims", query_string={"assignee": "x\x00@desk.example"}), 422)
    assert client.post("/login", data={"email": "a\x00@desk.example", "password": "x"}).status_code == 422
    assert client.get("/r/ab%00cd").status_code == 404


@pytest.mark.parametrize("bad", ["\x1f", "gaza\x1c", "\x1eplan"])
def test_separators_that_strip_would_hide_are_refused(api, bad):
    """str.strip() removes \x1c-\x1f as whitespace: the check must see the text before it is stripped."""
    for path in ("/api/v1/articles", "/api/v1/claims"):
        assert_error_shape(api().get(path, query_string={"q": bad}), 422)


@pytest.mark.parametrize("method", ["GET", "PATCH", "DELETE", "POST"])
@pytest.mark.parametrize("path", ["/api/v1/claims/{}", "/api/v1/evidence/{}", "/api/v1/articles/{}/archive",
                                  "/api/v1/claims/{}/comments"])
@pytest.mark.parametrize("number", [2**31, 2**63, 10**30])
def test_ids_past_the_column_range_are_404_on_every_method(api, method, path, number):
    url = path.format(number)
    client = api("admin")
    response = client.client.open(url, method=method, headers=client.headers, json={})
    # 404 for every method the route has; 405 only for a method the route never takes.
    assert response.status_code in (404, 405)
    small = client.client.open(path.format(2**31 - 1), method=method, headers=client.headers, json={})
    assert response.status_code == small.status_code


def test_ids_past_the_range_on_pages(client, login_as):
    login_as("admin")
    for url in ("/claims/2147483648/edit", "/claims/99999999999999999999/delete", "/articles/2147483648/archive"):
        assert client.post(url, data={}).status_code == 404


def test_the_checker_and_the_decoder_refuse_the_same_text():
    for bad in ("a\x00", "\ud800", "b\udfff"):
        checker = Checker({"f": bad})
        assert checker.text("f") is None and "f" in checker.errors
        with pytest.raises(ValidationError):
            decode_json(json.dumps({"f": bad}))
    assert Checker({"f": "نص\tعربي\n"}).text("f", strip=False) == "نص\tعربي\n"
    with pytest.raises(Malformed):
        decode_json(b"[" * 100 + b"]" * 100)
    assert decode_json(b"\xef\xbb\xbf" + '{"نص": "إخلاء"}'.encode()) == {"نص": "إخلاء"}


def test_an_uploaded_json_file_with_a_surrogate_is_refused(tmp_path, runner, make_user):
    make_user("admin", email="boss@desk.example")
    path = tmp_path / "bad.json"
    path.write_bytes(raw('{"title": "t", "body": "x\\ud800"}'))
    result = runner.invoke(args=["articles", "import", str(path)])
    assert db.session.scalar(db.select(db.func.count(Article.id))) == 0
    assert "surrogate" in result.output or result.exit_code != 0
