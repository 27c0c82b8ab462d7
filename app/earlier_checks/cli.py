"""`flask --app wsgi factchecks …`: import files, read pages by URL, subscribe to and pull partner feeds."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from app.extensions import db
from app.fetch import FetchError, policy_from_config
from app.services import factchecks
from app.services.errors import DomainError

factchecks_cli = AppGroup("factchecks", help="Earlier fact-checks: import, fetch pages, partner feeds.")


def _summary(result: factchecks.ImportResult) -> str:
    return (f"{result.added} added, {result.updated} updated, {result.skipped} already known, "
            f"{len(result.errors)} not readable")


def _errors(where: str, result: factchecks.ImportResult) -> None:
    for error in result.errors:
        click.echo(f"{where}: {error}", err=True)


@factchecks_cli.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_files(paths: tuple[Path, ...]) -> None:
    """Import ClaimReview/DataFeed JSON(-LD) or CSV files (by extension, else by their first bytes).

    Each file is one transaction; a bad row or item is named and the good ones are kept.
    """
    failed = False
    for path in paths:
        try:
            if path.stat().st_size > factchecks.MAX_FILE_BYTES:
                raise factchecks.FileRefused(f"larger than {factchecks.MAX_FILE_BYTES:,} bytes")
            result = factchecks.import_file(None, path.name, path.read_bytes())
            db.session.commit()
        except DomainError as exc:
            db.session.rollback()
            failed = True
            details = "; ".join(f"{k}: {v}" for k, v in exc.fields.items())
            click.echo(f"{path}: not imported: {exc.message} {details}".strip(), err=True)
            continue
        click.echo(f"{path}: {_summary(result)}")
        _errors(str(path), result)
        failed = failed or bool(result.errors)
    if failed:
        sys.exit(1)


@factchecks_cli.command("fetch")
@click.argument("urls", nargs=-1, required=True)
def fetch_pages(urls: tuple[str, ...]) -> None:
    """Read the ClaimReview markup of fact-check pages by URL (through the fetch policy)."""
    result, failures = factchecks.fetch_pages(None, list(urls), policy_from_config(current_app.config))
    db.session.commit()
    click.echo(_summary(result))
    _errors("fetch", result)
    for failure in failures:
        click.echo(f"not read: {failure}", err=True)
    if failures or result.errors:
        sys.exit(1)


def _pull(feed) -> bool:
    try:
        result = factchecks.pull(feed, policy_from_config(current_app.config))
    except (DomainError, FetchError) as exc:
        db.session.commit()  # the feed keeps the reason; the next feed is still pulled
        click.echo(f"{feed.url}: not pulled: {exc.message}", err=True)
        return False
    db.session.commit()
    click.echo(f"{feed.url}: {feed.last_status}")
    _errors(feed.url, result)
    return True


@factchecks_cli.command("subscribe")
@click.argument("url")
@click.option("--title", help="A name for the feed (the partner desk's).")
def subscribe(url: str, title: str | None) -> None:
    """Subscribe to a partner's ClaimReview feed: pulled now, then on the worker's schedule (or `factchecks pull`)."""
    try:
        feed, created = factchecks.subscribe(None, url, title=title, policy=policy_from_config(current_app.config))
        db.session.commit()
    except DomainError as exc:
        db.session.rollback()
        raise click.ClickException(f"{url}: {exc.message}") from None
    click.echo(f"feed {feed.id}: {feed.url}" + ("" if created else " (already subscribed)"))
    if not _pull(feed):
        sys.exit(1)


@factchecks_cli.command("pull")
def pull() -> None:
    """Pull every active subscription now (for cron when no worker keeps the schedule)."""
    results = [_pull(feed) for feed in factchecks.active_feeds()]
    if not all(results):
        sys.exit(1)


@factchecks_cli.command("list")
def list_feeds() -> None:
    """The subscriptions with their last pull, and how many earlier fact-checks the desk holds."""
    for feed in factchecks.feeds():
        state = "active" if feed.active else "paused"
        pulled = feed.pulled_at.isoformat(timespec="seconds") if feed.pulled_at else "never"
        click.echo(f"feed {feed.id} [{state}] {feed.url} · pulled {pulled} · {feed.last_status or '-'} · "
                   f"{feed.items_added} added in all")
    click.echo(f"{factchecks.list_checks(None, per_page=1).total} earlier fact-checks")


def register(app) -> None:
    app.cli.add_command(factchecks_cli)
