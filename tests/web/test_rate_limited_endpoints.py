"""Flask-Limiter runs only where a limit is declared, and there it still limits."""

from app.extensions import limiter


def test_the_limiter_is_consulted_for_the_login_and_two_factor_routes_only(app, client):
    client.get("/livez")
    limited = app.extensions["claimdesk_limited_endpoints"]
    assert {"auth.login", "auth.two_factor"} <= limited
    assert "main.livez" not in limited and "api.list_claims" not in limited and "queue.index" not in limited
    assert all(endpoint.startswith("auth.") for endpoint in limited)


def test_a_login_flood_is_still_refused_after_the_limit(app, client, make_user, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_RATE_LIMIT", "3 per minute")
    user = make_user()
    limiter.reset()
    codes = [client.post("/login", data={"email": user.email, "password": "wrong-password-x"}).status_code
             for _ in range(5)]
    assert 429 not in codes[:3] and codes[3:] == [429, 429], codes
