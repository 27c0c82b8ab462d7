"""Each route's requests per second as a share of the framework's floor, measured in the same run.

    python bench/floor.py                                  # SQLite and PostgreSQL, 5,000 and 100,000 claims
    python bench/floor.py --databases sqlite --sizes 5000  # one configuration
    python bench/floor.py --profile                        # in process: where each route's time goes (cProfile)

The floor is bench/bare_app.py: a bare Flask app whose one route returns a small JSON object. Both apps run
under the same gunicorn settings (2 sync workers) at the same time, and wrk drives them in turns: the floor,
a route, the floor, the next route... Each route's figure is divided by the mean of the floor just before and
just after it, so the machine's drift cancels out. Prints figures; asserts nothing.

Databases: SQLite files under /tmp, and PostgreSQL databases claimdesk_floor_<size> made on the server of
BENCH_PG_URL (default postgresql://postgres@127.0.0.1:5432/test). Each is built once (bench/floor_data.py)
and reused; --fresh rebuilds.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.cookiejar
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.parse
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

SQLITE_PREFIX = os.environ.get("BENCH_FLOOR_PREFIX", "/tmp/claimdesk-floor")
PG_SERVER = os.environ.get("BENCH_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")
DESK_PORT = int(os.environ.get("BENCH_PORT", 5099))
FLOOR_PORT = DESK_PORT + 1
AGENT = "claimdesk-floor-bench"
GUNICORN = [os.path.join(ROOT, ".venv", "bin", "gunicorn"), "--workers", "2", "--log-level", "warning"]

# name, path (filled from the marks), who asks (token, session or nobody), target share of the floor
ROUTES = [
    ("claim list, API", "/api/v1/claims?per_page=50", "token", 0.35),
    ("queue page", "/queue/?per_page=50", "session", 0.35),
    ("article page, 200 claims", "/articles/{article_200}", "session", 0.25),
    ("claim page, 30 evidence, 200 events", "/claims/{claim_30}", "session", 0.25),
    ("article list", "/articles/", "session", 0.40),
    ("published report, 50 claims", "/r/{report_token}", None, 0.80),
    ("ClaimReview feed", "/feeds/claimreview.json", None, 0.80),
    ("/livez", "/livez", None, None),
    ("/healthz", "/healthz", None, None),
]


def database_url(kind: str, size: int) -> str:
    if kind == "sqlite":
        return f"sqlite:///{SQLITE_PREFIX}-{size}.sqlite"
    base = PG_SERVER.rsplit("/", 1)[0]
    return f"{base}/{os.environ.get('BENCH_FLOOR_PG_NAME', 'claimdesk_floor')}_{size}"


def ensure_pg_database(url: str) -> None:
    import sqlalchemy as sa

    from config import _normalise_db_url

    name = url.rsplit("/", 1)[1]
    engine = sa.create_engine(_normalise_db_url(PG_SERVER), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        if not conn.scalar(sa.text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}):
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    engine.dispose()


def bench_app(url: str):
    from app import create_app
    from config import Config, _normalise_db_url

    class FloorConfig(Config):
        SQLALCHEMY_DATABASE_URI = _normalise_db_url(url)
        WTF_CSRF_ENABLED = False
        RATELIMIT_ENABLED = False
        CAPTURE_ON_ATTACH = False  # the bench's sources are made up: nothing is fetched
        REDIS_URL = ""
        LOG_LEVEL = "WARNING"
        SECRET_KEY = "floor-bench"

    return create_app(FloorConfig)


def prepare(kind: str, size: int, fresh: bool):
    """Build (or reuse) the desk; returns its marks and a fresh API token of the reader."""
    from app.extensions import db
    from app.models import ApiToken, User
    from app.services import users
    from bench import floor_data

    url = database_url(kind, size)
    if kind == "postgresql":
        ensure_pg_database(url)
    app = bench_app(url)
    with app.app_context():
        import sqlalchemy as sa

        # a desk built before the schema last grew a table is built again
        current = set(sa.inspect(db.engine).get_table_names()) >= set(db.metadata.tables)
        marks = None if fresh or not current else floor_data.marks()
        if marks is None or floor_data.claim_count() != size:
            db.session.rollback()
            t0 = time.perf_counter()
            marks = floor_data.build(size)
            print(f"  built {size:,} claims on {kind} in {time.perf_counter() - t0:.0f} s")
        reader = db.session.scalar(db.select(User).where(User.email == marks.reader_email))
        db.session.execute(db.delete(ApiToken).where(ApiToken.user_id == reader.id))
        _, raw = users.create_token(None, reader, "floor-bench")
        db.session.commit()
        db.engine.dispose()
    return url, marks, raw


def serve(target: str, port: int, env: dict) -> subprocess.Popen:
    server = subprocess.Popen(GUNICORN + ["--bind", f"127.0.0.1:{port}", target], cwd=ROOT, env=env)
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/" + ("livez" if port == DESK_PORT else ""), timeout=2)
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    sys.exit(f"{target} did not start on port {port}")


def session_cookie(marks) -> str:
    """Log the reader in over HTTP, as a browser would (the login form and its CSRF token)."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.addheaders = [("User-Agent", AGENT)]
    page = opener.open(f"http://127.0.0.1:{DESK_PORT}/login").read().decode()
    csrf = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode({"csrf_token": csrf, "email": marks.reader_email,
                                   "password": marks.password}).encode()
    opener.open(f"http://127.0.0.1:{DESK_PORT}/login", data=data).read()
    cookies = "; ".join(f"{c.name}={c.value}" for c in jar)
    if "session=" not in cookies:
        sys.exit("the bench reader could not log in")
    return cookies


def settle(port: int) -> None:
    """Wait until the server has answered what wrk left queued, so that the next turn starts on idle cores."""
    time.sleep(0.5)
    for _ in range(50):
        t0 = time.perf_counter()
        urllib.request.urlopen(f"http://127.0.0.1:{port}/" + ("livez" if port == DESK_PORT else ""), timeout=30).read()
        if time.perf_counter() - t0 < 0.05:
            return


# Every request, to the floor and to the desk, says what every browser and HTTP library says: it takes gzip.
# (The desk sends every answer as it is: compressing is for nginx in front; README, Deployment: nginx.)
ACCEPT = "gzip, deflate"


def wrk(port: int, path: str, headers: dict[str, str], duration: str) -> tuple[float, str, int]:
    args = ["wrk", "-t2", "-c8", f"-d{duration}", "--latency", "-H", f"User-Agent: {AGENT}",
            "-H", f"Accept-Encoding: {ACCEPT}"]
    for name, value in headers.items():
        args += ["-H", f"{name}: {value}"]
    out = subprocess.run(args + [f"http://127.0.0.1:{port}{path}"], capture_output=True, text=True,
                         check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    p50 = re.search(r"\n\s+50%\s+(\S+)", out).group(1)
    settle(port)
    return rps, p50, int(bad.group(1)) if bad else 0


def run(kind: str, size: int, args) -> dict[str, float]:
    print(f"\n== {kind}, {size:,} claims")
    url, marks, raw = prepare(kind, size, args.fresh)
    env = {**os.environ, "DATABASE_URL": url, "LOG_LEVEL": "WARNING", "CLAIMDESK_ENV": "production",
           "SECRET_KEY": "floor-bench", "SESSION_COOKIE_SECURE": "0", "CAPTURE_ON_ATTACH": "0",
           "REDIS_URL": "", "RATELIMIT_STORAGE_URI": "memory://", "CLAIMDESK_PUBLIC_BASE_URL": "https://desk.example"}
    desk = serve("wsgi:app", DESK_PORT, env)
    floor = serve("bench.bare_app:app", FLOOR_PORT, {**os.environ})
    shares: dict[str, float] = {}
    try:
        auth = {"token": {"Authorization": f"Bearer {raw}"}, "session": {"Cookie": session_cookie(marks)}, None: {}}
        print(f"gunicorn, 2 sync workers each; wrk -t2 -c8 -d{args.duration}, Accept-Encoding: {ACCEPT}; "
              "floor = bare Flask JSON route")
        print(f"{'route':38} {'req/s':>8} {'floor':>8} {'share':>7} {'target':>7}  median")
        before = wrk(FLOOR_PORT, "/", {}, args.duration)[0]
        for name, path, who, target in ROUTES:
            if args.routes and not any(r in name for r in args.routes):
                continue
            wrk(DESK_PORT, path.format(**vars(marks)), auth[who], args.warm)  # both workers warm, not counted
            rps, p50, bad = wrk(DESK_PORT, path.format(**vars(marks)), auth[who], args.duration)
            after = wrk(FLOOR_PORT, "/", {}, args.duration)[0]
            base = (before + after) / 2
            share = rps / base
            shares[name] = share
            mark = "" if target is None else f"{target:>6.0%}" + (" ok" if share >= target else " LOW")
            print(f"{name:38} {rps:8.0f} {base:8.0f} {share:7.1%} {mark:>10}  {p50}"
                  + (f"   NON-2xx: {bad}" if bad else ""), flush=True)
            before = after
    finally:
        for server in (desk, floor):
            server.send_signal(signal.SIGTERM)
            server.wait(10)
    return shares


def in_process(args) -> None:
    """In process, no server: each route's median time and statements per request (for finding, not bars)."""
    import statistics

    import sqlalchemy as sa


    for kind in args.databases:
        for size in args.sizes:
            url, marks, raw = prepare(kind, size, args.fresh)
            app = bench_app(url)
            session = app.test_client()
            session.post("/login", data={"email": marks.reader_email, "password": marks.password})
            print(f"\n== in process, {kind}, {size:,} claims: median CPU ms of {args.repeat} requests")
            for name, path, who, _ in ROUTES:
                if args.routes and not any(r in name for r in args.routes):
                    continue
                headers = {"Authorization": f"Bearer {raw}"} if who == "token" else {}
                client = session if who else app.test_client()
                path = path.format(**vars(marks))
                for _ in range(2):  # warm: the first may set up the session (its CSRF token), then be kept
                    assert client.get(path, headers=headers).status_code == 200, path
                seen: list[str] = []

                def count(_conn, _cursor, statement, *rest, _seen=seen):
                    _seen.append(statement)

                sa.event.listen(sa.engine.Engine, "before_cursor_execute", count)
                size_bytes = len(client.get(path, headers=headers).get_data())
                sa.event.remove(sa.engine.Engine, "before_cursor_execute", count)
                times = []  # CPU time of this process (SQLite runs in it): other work on the machine adds little
                for _ in range(args.repeat):
                    t0 = time.process_time()
                    client.get(path, headers=headers)
                    times.append((time.process_time() - t0) * 1000)
                print(f"{name:38} {statistics.median(times):8.2f} ms  {len(seen):3d} statements"
                      f"  {size_bytes / 1024:7.1f} KB", flush=True)


def profile(args) -> None:
    """In process, under cProfile: each route 200 times; the functions where the time goes."""
    import cProfile
    import pstats

    kind, size = args.databases[0], args.sizes[0]
    url, marks, raw = prepare(kind, size, args.fresh)
    app = bench_app(url)
    client = app.test_client()
    client.post("/login", data={"email": marks.reader_email, "password": marks.password})
    for name, path, who, _ in ROUTES:
        if args.routes and not any(r in name for r in args.routes):
            continue
        headers = {"Authorization": f"Bearer {raw}"} if who == "token" else {}
        path = path.format(**vars(marks))
        c = client if who else app.test_client()
        assert c.get(path, headers=headers).status_code == 200, path
        t0 = time.perf_counter()
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(args.repeat):
            c.get(path, headers=headers)
        profiler.disable()
        ms = (time.perf_counter() - t0) * 1000 / args.repeat
        print(f"\n== {name}: {ms:.2f} ms a request under the profiler ({kind}, {size:,} claims)")
        pstats.Stats(profiler).sort_stats(args.sort).print_stats(args.top)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--databases", default="sqlite,postgresql", type=lambda s: s.split(","))
    parser.add_argument("--sizes", default="5000,100000", type=lambda s: [int(x) for x in s.split(",")])
    parser.add_argument("--duration", default=os.environ.get("BENCH_DURATION", "5s"))
    parser.add_argument("--warm", default="1s", help="an uncounted wrk run on each route before its turn")
    parser.add_argument("--routes", nargs="*", help="only routes whose name contains one of these")
    parser.add_argument("--fresh", action="store_true", help="rebuild the databases")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--in-process", action="store_true", help="median ms and statements, no server")
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--sort", default="tottime")
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    if args.profile:
        profile(args)
        return
    if args.in_process:
        in_process(args)
        return
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed (make system-deps installs it).")
    print(f"bench/floor.py on {dt.date.today()}, {platform.node()}: {os.cpu_count()} cores, "
          f"Python {platform.python_version()}")
    results = {(kind, size): run(kind, size, args) for kind in args.databases for size in args.sizes}
    if len(args.sizes) > 1:
        small, large = min(args.sizes), max(args.sizes)
        print(f"\n== cost as work grows: time a request at {large:,} claims / at {small:,} (target at most 1.5)")
        for kind in args.databases:
            for name, share in results[(kind, small)].items():
                grown = share / results[(kind, large)][name]  # shares of the same floor: the drift cancels
                print(f"{kind:10} {name:38} {grown:5.2f}" + ("" if grown <= 1.5 else "  HIGH"))


if __name__ == "__main__":
    main()
