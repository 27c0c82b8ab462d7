"""`flask --app wsgi worker`: an RQ worker on REDIS_URL that also keeps the link-rot re-check scheduled."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import click
from flask import current_app
from flask.cli import with_appcontext


@click.command("worker")
@click.option("--burst", is_flag=True, help="Run the jobs waiting now, then stop.")
@click.option("--queue", "queue_name", help="Queue name (default: JOBS_QUEUE, claimdesk).")
@with_appcontext
def worker(burst: bool, queue_name: str | None) -> None:
    """Run an RQ worker for the desk's jobs (fetches, captures, reports, large imports, re-checks)."""
    import redis
    from rq import Worker

    from app.jobs import load_handlers
    from app.jobs.rq_adapter import connection, queue
    from app.jobs.worker import on_work_horse_killed, schedule_recheck

    if not current_app.config.get("REDIS_URL"):
        raise click.ClickException("Set REDIS_URL (e.g. redis://127.0.0.1:6379/0): without it jobs run inline "
                                   "in the web process and no worker is needed.")
    if queue_name:
        current_app.config["JOBS_QUEUE"] = queue_name
    where = without_password(current_app.config["REDIS_URL"])
    try:
        conn = connection()
    except ValueError as exc:
        raise click.ClickException(f"REDIS_URL is not a Redis address ({where}): {_first_line(exc)}") from None
    try:
        conn.ping()  # before the slow warm-up: a worker that cannot reach Redis says so at once
        load_handlers()
        _warm_up()
        hours = float(current_app.config.get("RECHECK_INTERVAL_HOURS") or 0)
        if hours > 0 and not burst:
            schedule_recheck(conn, every=dt.timedelta(hours=hours))
        click.echo(f"Worker on {queue().name} at {where}", err=True)
        Worker([queue()], connection=conn, work_horse_killed_handler=on_work_horse_killed).work(
            with_scheduler=True, burst=burst, logging_level=current_app.config.get("LOG_LEVEL", "INFO"))
    except (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError) as exc:
        raise click.ClickException(f"Redis is unreachable at {where} ({_first_line(exc)}).") from None


def without_password(url: str) -> str:
    """The Redis URL as it may be printed: any password in it (user:password@ or ?password=) replaced by ***."""
    base, mark, query = url.partition("?")
    if query:
        pairs = parse_qsl(query, keep_blank_values=True)
        query = urlencode([(k, "***" if k.lower() == "password" else v) for k, v in pairs], safe="*")
    parts = urlsplit(base)
    if parts.password is not None:
        host = f"[{parts.hostname}]" if ":" in (parts.hostname or "") else parts.hostname or ""
        try:
            port = f":{parts.port}" if parts.port else ""
        except ValueError:  # not a number: shown as it was written, without the password
            port = ":" + parts.netloc.rsplit(":", 1)[-1]
        base = urlunsplit(parts._replace(netloc=f"{parts.username or ''}:***@{host}{port}"))
    return base + mark + query


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0][:200]




@click.command("fetch")
@click.argument("urls", nargs=-1, required=True)
@click.option("--suggest", is_flag=True, help="Also store the engine's suggested claims.")
@click.option("--as-user", "as_user", help="Email of the user recorded as adding the articles.")
@with_appcontext
def fetch_articles(urls: tuple[str, ...], suggest: bool, as_user: str | None) -> None:
    """Fetch articles by URL (each a job: run here without REDIS_URL, queued for a worker with it)."""
    import sys

    from app import jobs
    from app.fetch import policy_from_config
    from app.services import users as user_service
    from app.services.errors import DomainError
    from app.services.fetching import refuse_early
    from app.services.urls import normalise_url

    actor = user_service.find_user(as_user) if as_user else None
    if as_user and actor is None:
        raise click.ClickException(f"No user {as_user}.")
    policy = policy_from_config(current_app.config)
    failures = 0
    for raw in urls:
        try:
            url = normalise_url(raw)
            refuse_early(url, policy)
        except DomainError as exc:
            failures += 1
            click.echo(f"{raw}: not fetched: {exc.code}: {exc.message}", err=True)
            continue
        job = jobs.enqueue("articles.fetch", {"url": url, "suggest": suggest}, user_id=actor.id if actor else None,
                           in_caller=True)  # without Redis, run here to the end: the command reports the outcome
        if job.state == "finished":
            result = job.result or {}
            if result.get("existing"):
                click.echo(f"{raw}: already in the desk as article {result['article_id']}")
            else:
                click.echo(f"{raw}: article {result['article_id']}")
        elif job.state == "failed":
            failures += 1
            click.echo(f"{raw}: not fetched: {job.error_code}: {job.error_message}", err=True)
        else:
            click.echo(f"{raw}: queued as job {job.id}")
    if failures:
        sys.exit(1)


@click.group("sources")
def sources_cli() -> None:
    """Sources: link-rot re-checks."""


@sources_cli.command("recheck")
@click.option("--older-than", "older_than", type=click.FloatRange(min=0), default=None,
              help="Only sources not checked for this many days (default: RECHECK_OLDER_THAN_DAYS, 7).")
@with_appcontext
def recheck(older_than: float | None) -> None:
    """Re-fetch sources: 4xx, 5xx and names that no longer resolve mark them gone (captures are kept)."""
    from app.captures.store import store
    from app.extensions import db
    from app.fetch import policy_from_config
    from app.services.captures import recheck_sources

    days = older_than if older_than is not None else float(current_app.config.get("RECHECK_OLDER_THAN_DAYS", 7))
    counts = recheck_sources(days, policy_from_config(current_app.config), store(), commit=db.session.commit)
    db.session.commit()
    click.echo(f"Checked {counts['checked']} source(s): {counts['ok']} unchanged or ok, {counts['changed']} "
               f"changed (captured again), {counts['gone']} gone, {counts['failed']} could not be checked.")


def _warm_up() -> None:
    """Import what jobs use before forking: each job runs in a fresh fork of this process, and a fork that
    had to import trafilatura itself would spend seconds on it before its first byte of work."""
    import trafilatura  # noqa: F401
    import warcio  # noqa: F401

    from app.captures import warc  # noqa: F401
    from app.reports import pdf  # noqa: F401
    from app.services import captures, fetching  # noqa: F401

    trafilatura.bare_extraction("<html><body><article><p>Warm up the extractor.</p></article></body></html>")


def register(app) -> None:
    from app.cli import articles_cli

    app.cli.add_command(worker)
    app.cli.add_command(sources_cli)
    articles_cli.add_command(fetch_articles)
