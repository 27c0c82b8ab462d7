"""The login's rate limit refuses a flood (Flask-Limiter, as its documentation wires it)."""

from app.extensions import limiter


def test_a_login_flood_is_still_refused_after_the_limit(app, client, make_user, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_RATE_LIMIT", "3 per minute")
    user = make_user()
    limiter.reset()
    codes = [client.post("/login", data={"email": user.email, "password": "wrong-password-x"}).status_code
             for _ in range(5)]
    assert 429 not in codes[:3] and codes[3:] == [429, 429], codes
