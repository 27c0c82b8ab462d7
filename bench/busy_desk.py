"""A busy desk as people use it: reviewers who signed in through the login form, reading and saving at once.

    python bench/busy_desk.py                                  # PostgreSQL claimdesk_busy, 8 clients, 60 s
    python bench/busy_desk.py --clients 1 --database-url sqlite:////tmp/claimdesk-busy.sqlite
    python bench/busy_desk.py --env JOBS_LOCAL_THREADS=1              # extra environment for gunicorn
    python bench/busy_desk.py --fresh                          # build the desk again

The desk, built once through the service layer on the migrations' schema and reused: 40 articles (Arabic and
English, mixed) of 25 claims, each claim a sentence of its article; a quarter of the claims with 3 evidence items
(wireN.example, never fetched: no REDIS_URL, CAPTURE_ON_ATTACH off); verdicts, approvals, a few events a claim;
8 reviewers. gunicorn serves it (2 sync workers, production config, login limits raised). Each client thread signs
in through the login form, then picks at random the queue page, a claim page, an article page or the claim list
API (bearer token), and in --save-share of its turns saves a claim's rationale as a browser does: the claim page
(a view), then its verdict form posted back (timed as "save"; a redirect is success, a 409 counted apart). Then
the same clients ask /livez, the floor. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import gzip
import http.client
import os
import platform
import random
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import Counter
from html.parser import HTMLParser

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

DEFAULT_URL = os.environ.get("BENCH_BUSY_URL", "postgresql://postgres@127.0.0.1:5432/claimdesk_busy")
BIN = os.path.dirname(sys.executable)  # the virtualenv's gunicorn and flask
LOG = "/tmp/claimdesk-busy-gunicorn.log"
AGENT, SECRET, PASSWORD = "claimdesk-busy-bench", "busy-desk-bench", "harbour-lamp-quill-42"
EDITOR = "busy-editor@bench.example"
REVIEWERS = [f"busy-reviewer-{i}@bench.example" for i in range(8)]
ARTICLES, CLAIMS_EACH = 40, 25
CLAIM_TEXT = {"ar": "قال المتحدث باسم {who} إن {n} شاحنة مساعدات دخلت {place} خلال الأسبوع {k}.",
              "en": "A spokesperson for {who} said {n} aid trucks entered {place} in week {k}."}
WHO_PLACES = {"ar": (["الأمم المتحدة", "وزارة الصحة", "البنك الدولي"], ["غزة", "حلب", "الموصل", "صنعاء"]),
              "en": (["the UN", "the ministry", "the army"], ["Gaza", "Aleppo", "Mosul", "Sanaa"])}
FILLER = {"ar": " وأضاف التقرير أن الأرقام لم تتأكد بعد من مصادر مستقلة، وأن الوكالات تتابع الوضع عن كثب. ",
          "en": " The report added that the figures had not been confirmed by independent sources yet. "}


def ensure_database(url: str, fresh: bool) -> None:
    import sqlalchemy as sa

    from config import _normalise_db_url

    u = sa.engine.make_url(_normalise_db_url(url))
    if u.get_backend_name() == "sqlite":
        for suffix in ("", "-wal", "-shm") if fresh else ():
            with contextlib.suppress(FileNotFoundError):
                os.remove(u.database + suffix)
        return
    if u.database in ("test", "postgres", None):
        sys.exit(f"refusing database {u.database!r}: give the bench a database of its own")
    engine = sa.create_engine(u.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        if fresh:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{u.database}" WITH (FORCE)'))
        if not conn.scalar(sa.text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": u.database}):
            conn.execute(sa.text(f'CREATE DATABASE "{u.database}"'))
    engine.dispose()


def seed() -> None:
    """The whole desk in one transaction, through the services (a desk half built is built again)."""
    from app.extensions import db
    from app.models import Claim
    from app.models.base import CONFIDENCES, KINDS
    from app.services import articles, checkworthiness, claims, evidence, review, users
    from app.services.errors import DomainError

    rnd = random.Random(7)
    editor = users.create_user(None, EDITOR, "editor", PASSWORD, "Busy editor")[0]
    people = [users.create_user(None, email, "reviewer", PASSWORD, f"Reviewer {i}")[0] for i, email in enumerate(REVIEWERS)]
    n = 0
    for i in range(ARTICLES):
        lang = "en" if i % 3 == 0 else "ar"
        langs = [lang if k % 5 else ("ar" if lang == "en" else "en") for k in range(CLAIMS_EACH)]  # mixed
        quotes = [CLAIM_TEXT[q].format(who=WHO_PLACES[q][0][k % 3], place=WHO_PLACES[q][1][(i * 7 + k) % 4],
                                       n=120 + 37 * k + 11 * i, k=k + 1) for k, q in enumerate(langs)]
        body = "".join(q + FILLER[lang] + ("\n\n" if k % 5 == 4 else "") for k, q in enumerate(quotes))
        title = f"تقرير ميداني رقم {i + 1}" if lang == "ar" else f"Field report {i + 1}"
        article = articles.create_article(editor, {"title": title, "body": body, "language": lang, "claims": [
            {"quote": q, "kind": KINDS[k % len(KINDS)]} for k, q in enumerate(quotes)]}).article
        for claim in db.session.scalars(db.select(Claim).where(Claim.article_id == article.id).order_by(Claim.start)):
            person = people[n % len(people)]
            claims.update_claim(person, claim, {"version": claim.version, "assignee_id": person.id})
            for j in range(3 if n % 4 == 0 else 0):
                m = n * 3 + j
                evidence.add_evidence(person, claim, {
                    "url": f"https://wire{m % 40}.example/2026/story-{m % 300}", "title": f"Wire story {m % 300}",
                    "publisher": f"Wire {m % 40}", "stance": ("supports", "contradicts", "context")[j],
                    "credibility": 1 + m % 6, "excerpt": claim.quote[:80], "reported_value": str(100 + m % 50)})
            if n % 3:
                claims.update_claim(person, claim, {
                    "version": claim.version, "verdict": rnd.choice(("confirmed", "likely_true", "mixed", "false")),
                    "confidence": rnd.choice(CONFIDENCES), "rationale": f"مصدران مستقلان ({n}). Two sources agree."})
            if n % 6 == 1:
                claims.update_claim(person, claim, {"version": claim.version, "rationale": f"Reworded after a call ({n})."})
            if n % 4 == 0 and n % 3:
                with contextlib.suppress(DomainError):
                    review.transition(person, claim, {"to": "awaiting_approval", "version": claim.version})
                    if n % 8 == 0:
                        review.transition(editor, claim, {"to": "approved", "version": claim.version})
            n += 1
        checkworthiness.score_article(article.id)  # what the worker's scoring job leaves after an import
    db.session.commit()


def prepare(url: str, fresh: bool):
    """The desk built (or found), each reviewer's new API token, the ids to pick from, and its sizes."""
    import sqlalchemy as sa

    ensure_database(url, fresh)
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": SECRET, "LOG_LEVEL": "WARNING"}
    done = subprocess.run([os.path.join(BIN, "flask"), "--app", "wsgi", "db", "upgrade"], cwd=ROOT, env=env,
                          capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"flask db upgrade failed:\n{done.stderr}")
    from app import create_app
    from app.extensions import db
    from app.models import ApiToken, Article, Claim, Event, Evidence, Source, User
    from app.services import users
    from config import Config, _normalise_db_url

    class BusyConfig(Config):
        SQLALCHEMY_DATABASE_URI, SECRET_KEY, LOG_LEVEL = _normalise_db_url(url), SECRET, "WARNING"
        CAPTURE_ON_ATTACH, FETCH_ALLOWED_HOSTS, REDIS_URL = False, "", ""  # the sources are made up: nothing fetched
        RATELIMIT_STORAGE_URI = "memory://"

    with create_app(BusyConfig).app_context():
        count = lambda model: db.session.scalar(sa.select(sa.func.count()).select_from(model))  # noqa: E731
        if not db.session.scalar(sa.select(User.id).where(User.email == REVIEWERS[-1])):
            if count(User):
                db.engine.dispose()
                return prepare(url, True)  # someone else's desk: start again
            print("building the desk (once; --fresh builds it again)", flush=True)
            t0 = time.perf_counter()
            seed()
            print(f"  built in {time.perf_counter() - t0:.0f} s")
            if db.engine.dialect.name == "postgresql":
                with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                    conn.execute(sa.text("VACUUM ANALYZE"))
        people = list(db.session.scalars(sa.select(User).where(User.email.in_(REVIEWERS))))
        db.session.execute(sa.delete(ApiToken).where(ApiToken.user_id.in_([p.id for p in people])))
        tokens = {p.email: users.create_token(None, p, "busy-bench")[1] for p in people}
        db.session.commit()
        ids = (list(db.session.scalars(sa.select(Claim.id))), list(db.session.scalars(sa.select(Article.id))))
        size = (f"{db.engine.dialect.name}, {count(Article)} articles, {count(Claim):,} claims, {count(Evidence)} "
                f"evidence items from {count(Source)} sources, {count(Event):,} events, {len(people)} reviewers")
        db.engine.dispose()
    return tokens, ids, size


def serve(url: str, port: int, extra: dict[str, str]) -> subprocess.Popen:
    with socket.socket() as s:
        if s.connect_ex(("127.0.0.1", port)) == 0:
            sys.exit(f"port {port} is taken: use --port")
    env = {**os.environ, "DATABASE_URL": url, "CLAIMDESK_ENV": "production", "SECRET_KEY": SECRET, "LOG_LEVEL": "WARNING",
           "SESSION_COOKIE_SECURE": "0",  # plain HTTP on 127.0.0.1, as floor.py
           "LOGIN_RATE_LIMIT": "1000 per minute", "LOGIN_ACCOUNT_RATE_LIMIT": "1000 per minute",
           "TWO_FACTOR_RATE_LIMIT": "1000 per minute", "RATELIMIT_STORAGE_URI": "memory://",
           "CAPTURE_ON_ATTACH": "0", "FETCH_ALLOWED_HOSTS": "", "CLAIMDESK_PUBLIC_BASE_URL": "https://desk.example", **extra}
    env.pop("REDIS_URL", None)
    with open(LOG, "w") as log:
        server = subprocess.Popen([os.path.join(BIN, "gunicorn"), "--workers", "2", "--log-level", "warning", "--bind",
                                   f"127.0.0.1:{port}", "wsgi:app"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                                  start_new_session=True)
    for _ in range(150):
        with contextlib.suppress(OSError):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/livez")
            if conn.getresponse().status == 200:
                return server
        if server.poll() is not None:
            break
        time.sleep(0.2)
    server.kill()
    sys.exit(f"gunicorn did not start on port {port}; see {LOG}")


class Forms(HTMLParser):
    """Each form's action and the pairs a browser sends: inputs, selects, textareas, the first submit button."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms, self.form, self.open = [], None, None  # open: [name, tag, parts] of a textarea or select

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.form = {"action": a.get("action") or "", "fields": [], "submit": False}
            self.forms.append(self.form)
        elif self.form is None or "disabled" in a:
            return
        elif tag == "option" and self.open:
            self.open[2].append((a.get("value") or "", "selected" in a))
        elif a.get("name") and tag in ("textarea", "select"):
            self.open = [a["name"], tag, []]
        elif a.get("name") and tag in ("input", "button"):
            kind = (a.get("type") or ("text" if tag == "input" else "submit")).lower()
            if kind in ("submit", "image") and not self.form["submit"]:
                self.form["submit"] = True  # the button a person presses
            elif kind in ("submit", "image", "reset", "file", "button") or (kind in ("checkbox", "radio") and "checked" not in a):
                return
            self.form["fields"].append((a["name"], a.get("value") or ("on" if kind in ("checkbox", "radio") else "")))

    def handle_data(self, data):
        if self.open and self.open[1] == "textarea":
            self.open[2].append(data)

    def handle_endtag(self, tag):
        if self.open and tag == self.open[1] and self.form is not None:
            name, _, parts = self.open
            if tag == "textarea":  # a browser drops the one newline right after <textarea>
                value = re.sub(r"^\r?\n", "", "".join(parts))
            else:  # the selected option, else the first
                value = next((v for v, chosen in parts if chosen), parts[0][0] if parts else "")
            self.form["fields"].append((name, value))
            self.open = None
        elif tag == "form":
            self.form = None


def form_with(html: str, name: str) -> dict | None:
    """The form holding a field of this name: only that form is parsed when its markup is found, else the page."""
    at = html.find(f'name="{name}"')
    start, end = html.rfind("<form", 0, at), html.find("</form>", at)
    for piece in ([html[start:end + 7]] if min(at, start, end) >= 0 else []) + [html]:
        parser = Forms()
        parser.feed(piece)
        found = [f for f in parser.forms if any(k == name for k, _ in f["fields"])]
        if found:
            return found[0]
    return None


class Client:
    """One person: a connection (sync workers close it after each answer), a cookie jar, an API token, and a log of
    (route, ms, status or error, as expected) for each request."""

    def __init__(self, port: int, email: str, token: str) -> None:
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.email, self.token, self.log, self.cookies = email, token, [], {}

    def call(self, route, method, path, body=None, cookies=True, headers=None, expect=(200,)) -> tuple[int, bytes]:
        h = {"User-Agent": AGENT, "Accept-Encoding": "gzip, deflate", **(headers or {})}
        if cookies and self.cookies:
            h["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            h["Content-Type"] = "application/x-www-form-urlencoded"
        t0 = time.perf_counter()
        try:
            self.conn.request(method, path, body=body, headers=h)
            response = self.conn.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException) as exc:
            self.conn.close()
            self.log.append((route, (time.perf_counter() - t0) * 1000, type(exc).__name__, False))
            return 0, b""
        self.log.append((route, (time.perf_counter() - t0) * 1000, response.status, response.status in expect))
        for header in response.headers.get_all("Set-Cookie") or ():
            name, _, value = header.split(";", 1)[0].strip().partition("=")
            self.cookies[name] = value
        return response.status, gzip.decompress(data) if response.getheader("Content-Encoding") == "gzip" else data

    def login(self) -> bool:
        _, page = self.call("login form", "GET", "/login")
        form = form_with(page.decode(), "password")
        fields = {**dict(form["fields"]), "email": self.email, "password": PASSWORD} if form else {}
        status, _ = self.call("login", "POST", urllib.parse.urljoin("/login", form["action"]) if form else "/login",
                              urllib.parse.urlencode(fields), expect=(302, 303))
        return status in (302, 303) and "session" in self.cookies

    def save(self, claim_id: int, n: int) -> None:
        status, page = self.call("claim page", "GET", f"/claims/{claim_id}")
        form = form_with(page.decode(), "rationale") if status == 200 else None
        if form is None:
            self.log += [("save", 0.0, "no form", False)] if status == 200 else []
            return
        note = f"{self.email.split('@')[0]}, turn {n}: مصدران مستقلان يؤكدان الرقم. Two wires agree."
        fields = [(k, note if k == "rationale" else v) for k, v in form["fields"]]
        action = urllib.parse.urljoin(f"/claims/{claim_id}", form["action"]).split("#")[0]
        self.call("save", "POST", action, urllib.parse.urlencode(fields), expect=(302, 303, 409))

    def turn(self, rnd: random.Random, n: int, ids, save_share: float) -> None:
        claim_ids, article_ids = ids
        what = rnd.randrange(4)
        if rnd.random() < save_share:
            self.save(rnd.choice(claim_ids), n)
        elif what == 0:
            self.call("queue page", "GET", "/queue/")
        elif what == 1:
            self.call("claim page", "GET", f"/claims/{rnd.choice(claim_ids)}")
        elif what == 2:
            self.call("article page", "GET", f"/articles/{rnd.choice(article_ids)}")
        else:
            extra = rnd.choice(["", "", f"&page={rnd.randint(2, max(2, len(claim_ids) // 50))}", "&state=in_review",
                                "&verdict=false", "&kind=quantity", "&assignee=me", f"&article_id={rnd.choice(article_ids)}"])
            self.call("claim list API", "GET", "/api/v1/claims?per_page=50" + extra, cookies=False,
                      headers={"Authorization": f"Bearer {self.token}"})


def phase(clients: list[Client], seconds: float, work) -> tuple[list[tuple], float, float]:
    """Every client runs work(client, rnd, n) until the time is up: their requests' records, the wall time, and the
    CPU this process (the clients) took as a share of one core."""
    deadline = time.perf_counter() + seconds

    def loop(client: Client) -> None:
        rnd, n, client.log = random.Random(), 0, []  # each phase and client its own choices
        while time.perf_counter() < deadline:
            work(client, rnd, n)
            n += 1

    threads = [threading.Thread(target=loop, args=(c,), daemon=True) for c in clients]
    t0, cpu0 = time.perf_counter(), time.process_time()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    return [record for client in clients for record in client.log], wall, (time.process_time() - cpu0) / wall


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] if ordered else 0.0


def report(records: list[tuple], routes) -> None:
    print(f"{'route':16} {'count':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7} {'409':>5}  unexpected")
    for route in routes:
        times = [ms for r, ms, _, _ in records if r == route]
        errors = Counter(status for r, _, status, ok in records if r == route and not ok)
        conflicts = sum(1 for r, _, status, _ in records if r == route and status == 409)
        print(f"{route:16} {len(times):7d} {pct(times, .5):8.1f} {pct(times, .95):8.1f} {pct(times, .99):8.1f} "
              f"{sum(errors.values()):7d} {conflicts:5d}  " + ", ".join(f"{k}: {v}" for k, v in errors.items()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--save-share", type=float, default=0.15)
    parser.add_argument("--warm", type=float, default=5, help="seconds of the same load before measuring, not counted")
    parser.add_argument("--livez-seconds", type=float, default=10)
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", 5191)))
    parser.add_argument("--env", action="append", default=[], metavar="KEY=VALUE", help="extra env for gunicorn")
    parser.add_argument("--fresh", action="store_true", help="build the desk again")
    args = parser.parse_args()
    extra = dict(item.split("=", 1) for item in args.env)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so that gunicorn is stopped below
    tokens, ids, size = prepare(args.database_url, args.fresh)
    print(f"bench/busy_desk.py on {dt.date.today()}, {platform.node()}: {os.cpu_count()} cores, Python "
          f"{platform.python_version()}, load average {os.getloadavg()[0]:.2f}\ndesk: {size}\ngunicorn, 2 sync workers, "
          f"production config, 127.0.0.1:{args.port}{f'; env {extra}' if extra else ''}\n{args.clients} clients (Python "
          f"threads, same machine), {args.seconds:.0f} s, saves in {args.save_share:.0%} of turns, {args.warm:.0f} s warm-up")
    server = serve(args.database_url, args.port, extra)
    try:
        clients = [Client(args.port, email, tokens[email]) for email in (REVIEWERS * args.clients)[:args.clients]]
        failed = [c.email for c in clients if not c.login()]
        logins = [ms for c in clients for route, ms, _, _ in c.log if route == "login"]
        if failed:
            sys.exit(f"could not sign in: {failed}, {[c.log for c in clients]}")
        print(f"signed in through the login form: {len(logins)} POSTs, p50 {pct(logins, .5):.0f} ms, max {max(logins):.0f} ms")
        work = lambda client, rnd, n: client.turn(rnd, n, ids, args.save_share)  # noqa: E731
        phase(clients, args.warm, work)
        records, wall, cpu = phase(clients, args.seconds, work)
        print()
        report(records, ("queue page", "claim page", "article page", "claim list API", "save"))
        total = len(records)
        print(f"{'all':16} {total:7d} requests in {wall:.1f} s = {total / wall:.1f} req/s (the clients took {cpu:.0%} of a core)")
        floor, livez_wall, livez_cpu = phase(clients, args.livez_seconds,
                                             lambda client, rnd, n: client.call("livez", "GET", "/livez", cookies=False))
        livez = len(floor) / livez_wall
        print(f"/livez: {livez:.0f} req/s, {sum(not ok for *_, ok in floor)} errors ({args.clients} clients, "
              f"{args.livez_seconds:.0f} s, the clients took {livez_cpu:.0%} of a core); "
              f"the desk's mixed load is {total / wall / livez:.1%} of it")
    finally:
        server.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            server.wait(15)
        server.kill()  # nothing if it has stopped
    with open(LOG) as log:
        lines = log.read().splitlines()
    bad = [line for line in lines if "Traceback" in line or " ERROR " in line or "[CRITICAL]" in line]
    print(f"gunicorn log {LOG}: {len(lines)} lines, {len(bad)} with an error or a traceback")
    for line in bad[:5]:
        print("  " + line[:200])


if __name__ == "__main__":
    main()
