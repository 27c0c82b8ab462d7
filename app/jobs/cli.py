"""`flask --app wsgi worker`: an RQ worker on REDIS_URL that also keeps the link-rot re-check scheduled."""

from __future__ import annotations

import datetime as dt

import click
from flask import current_app
from flask.cli import with_appcontext


@click.command("worker")
@click.option("--burst", is_flag=True, help="Run the jobs waiting now, then stop.")
@click.option("--queue", "queue_name", help="Queue name (default: JOBS_QUEUE, claimdesk).")
@with_appcontext
def worker(burst: bool, queue_name: str | None) -> None:
    """Run an RQ worker for the desk's jobs (fetches, captures, reports, large imports, re-checks)."""
    from rq import Worker

    from app.jobs import load_handlers
    from app.jobs.rq_adapter import connection, queue
    from app.jobs.worker import on_work_horse_killed, schedule_recheck

    if not current_app.config.get("REDIS_URL"):
        raise click.ClickException("Set REDIS_URL (e.g. redis://127.0.0.1:6379/0): without it jobs run inline "
                                   "in the web process and no worker is needed.")
    if queue_name:
        current_app.config["JOBS_QUEUE"] = queue_name
    load_handlers()
    conn = connection()
    hours = float(current_app.config.get("RECHECK_INTERVAL_HOURS") or 0)
    if hours > 0 and not burst:
        schedule_recheck(conn, every=dt.timedelta(hours=hours))
    click.echo(f"Worker on {queue().name} at {current_app.config['REDIS_URL']}", err=True)
    Worker([queue()], connection=conn, work_horse_killed_handler=on_work_horse_killed).work(
        with_scheduler=True, burst=burst, logging_level=current_app.config.get("LOG_LEVEL", "INFO"))


def register(app) -> None:
    app.cli.add_command(worker)
