"""The report, backup and restore commands (`flask --app wsgi report|backup|restore`)."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import click
from flask import Flask
from flask_babel import gettext as _
from flask_babel import ngettext

from app.extensions import db
from app.reports import FORMATS, site_options
from app.reports.backup import RestoreError, restore, write_backup
from app.services import reports
from app.services.errors import DomainError


@contextmanager
def _output(path: str, mode: str) -> Iterator[IO]:
    """A file written next to its final name and renamed into place only when complete ('-' is stdout)."""
    if path == "-":
        yield sys.stdout.buffer if "b" in mode else sys.stdout
        return
    target = Path(path)
    fd, temporary = tempfile.mkstemp(dir=target.parent if str(target.parent) else ".", prefix=f".{target.name}.")
    try:
        with os.fdopen(fd, mode, **({} if "b" in mode else {"encoding": "utf-8"})) as handle:
            yield handle
        os.replace(temporary, target)
    except BaseException:
        os.unlink(temporary)
        raise


@click.command("report")
@click.argument("article_id", type=int)
@click.option("--format", "fmt", default="html", show_default=True, help="One of: " + ", ".join(FORMATS) + ".")
@click.option("-o", "--output", required=True, help="The file to write ('-' for standard output).")
def report_command(article_id: int, fmt: str, output: str) -> None:
    """Write an article's verification report (csv is a ZIP of claims.csv and evidence.csv)."""
    try:
        rendered = reports.build_report(article_id, fmt, None, **site_options())
        with _output(output, "wb") as handle:
            for chunk in rendered.chunks():
                handle.write(chunk)
    except DomainError as exc:
        raise click.ClickException(str(exc.message)) from None
    if output != "-":
        size = Path(output).stat().st_size
        click.echo(ngettext("Wrote %(path)s (%(format)s, %(num)d byte).", "Wrote %(path)s (%(format)s, %(num)d bytes).",
                            size, path=output, format=fmt), err=True)


@click.command("backup")
@click.option("-o", "--output", required=True, help="The JSON file to write ('-' for standard output).")
@click.option("--with-password-hashes", is_flag=True,
              help="Also keep users' password hashes and the API tokens' hashes (then guard the file like them).")
def backup_command(output: str, with_password_hashes: bool) -> None:
    """Write the whole desk as JSON: users, articles, claims, sources, evidence, captures (with their WARC files),
    comments, events, publications, jobs."""
    with _output(output, "w") as handle:
        from app.captures.store import store

        write_backup(handle, with_password_hashes=with_password_hashes, store=store())
    if output != "-":
        if with_password_hashes:
            click.echo(_("Wrote %(path)s (with password and token hashes).", path=output), err=True)
        else:
            click.echo(_("Wrote %(path)s (without password hashes or API tokens).", path=output), err=True)


@click.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--new-passwords", is_flag=True,
              help="Give users restored without a password hash a fresh password, printed once.")
def restore_command(path: Path, new_passwords: bool) -> None:
    """Load a backup into an EMPTY database (after `db upgrade`), keeping ids, times and the history."""
    db.session.remove()
    try:
        with path.open(encoding="utf-8") as handle:
            from app.captures.store import store

            result = restore(handle, new_passwords=new_passwords, store=store())
    except RestoreError as exc:
        raise click.ClickException(_("Nothing restored: %(reason)s", reason=exc)) from None
    total = sum(result.counts.values())
    click.echo(ngettext("Restored %(num)d row: %(tables)s", "Restored %(num)d rows: %(tables)s", total,
                        tables=", ".join(f"{name} {n}" for name, n in result.counts.items() if n)))
    if result.files:
        click.echo(ngettext("Restored %(num)d capture file into the capture store.",
                            "Restored %(num)d capture files into the capture store.", result.files))
    if result.passwords:
        click.echo(_("New passwords (shown once; pass them on securely):"))
        for email, password in result.passwords.items():
            click.echo(f"  {email}  {password}")
    if result.without_password:
        click.echo(ngettext(
            "%(num)d user came without a password hash and cannot log in until given one (run restore again into "
            "an empty database with --new-passwords, or restore a backup taken with --with-password-hashes).",
            "%(num)d users came without a password hash and cannot log in until given one (run restore again into "
            "an empty database with --new-passwords, or restore a backup taken with --with-password-hashes).",
            len(result.without_password)))
    if result.two_factor_reset:
        click.echo(ngettext(
            "%(num)d user's two-factor secret opens with none of this desk's keys (SECRET_KEY, SECRET_KEY_FALLBACKS): "
            "two-factor is off for them and they must set it up again: %(emails)s",
            "%(num)d users' two-factor secrets open with none of this desk's keys (SECRET_KEY, SECRET_KEY_FALLBACKS): "
            "two-factor is off for them and they must set it up again: %(emails)s",
            len(result.two_factor_reset), emails=", ".join(result.two_factor_reset)))


@click.command("freeze-legacy")
def freeze_legacy_command() -> None:
    """Freeze version 1 of every publication made before versions existed (once, after upgrading): until then
    its public link answers "not found", since a reader's request never writes."""
    tokens = reports.legacy_tokens()
    for token in tokens:
        reports.freeze_legacy(token, **site_options())
        db.session.commit()
    click.echo(ngettext("%(num)d publication frozen.", "%(num)d publications frozen.", len(tokens)))


def register(app: Flask) -> None:
    """Add the report, backup and restore commands to the app's CLI."""
    app.cli.add_command(freeze_legacy_command)
    app.cli.add_command(report_command)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
