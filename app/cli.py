"""The flask commands: users, tokens, articles import, demo (reports, backup and restore join later)."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup
from flask_babel import gettext as _
from flask_babel import ngettext

from app.extensions import db
from app.services import articles as article_service
from app.services import two_factor
from app.services import users as user_service
from app.services.errors import DomainError

users_cli = AppGroup("users", help="Manage users.")
tokens_cli = AppGroup("tokens", help="Manage API tokens.")
articles_cli = AppGroup("articles", help="Import articles.")


def _fail(exc: DomainError) -> None:
    db.session.rollback()
    details = "; ".join(f"{k}: {v}" for k, v in exc.fields.items())
    raise click.ClickException(str(exc.message) + (f" ({details})" if details else ""))


@users_cli.command("create")
@click.argument("email")
@click.option("--role", type=click.Choice(["reviewer", "editor", "admin"]), default="reviewer", show_default=True)
@click.option("--password", help="At least 10 characters; generated and printed when omitted.")
@click.option("--name", default="", help="Display name.")
def create_user(email: str, role: str, password: str | None, name: str) -> None:
    """Create a user with a role."""
    try:
        user, password_used = user_service.create_user(None, email, role, password, name)
        db.session.commit()
    except DomainError as exc:
        _fail(exc)
    click.echo(_("Created %(email)s (%(role)s).", email=user.email, role=user.role))
    if not password:
        click.echo(_("Password: %(password)s", password=password_used))


@users_cli.command("reset-two-factor")
@click.argument("email")
def reset_two_factor(email: str) -> None:
    """Turn a user's two-factor login off (a lost phone, or the last admin locked out); sessions end."""
    user = user_service.find_user(email)
    if user is None:
        raise click.ClickException(_("No user %(email)s.", email=email))
    two_factor.reset(None, user)
    db.session.commit()
    click.echo(_("Two-factor login of %(email)s is off; they set it up again at their next login.", email=user.email))


@users_cli.command("rotate-secrets")
def rotate_secrets() -> None:
    """Re-seal every stored two-factor secret under the current SECRET_KEY (old keys in SECRET_KEY_FALLBACKS)."""
    counts = two_factor.rotate_secrets()
    db.session.commit()
    click.echo(_("Two-factor secrets re-sealed with the current key: %(resealed)d; already sealed with it: "
                 "%(current)d.", resealed=counts["resealed"], current=counts["current"]))
    if counts["unreadable"]:
        for email in counts["unreadable"]:
            click.echo(_("%(email)s: no configured key opens this secret; reset it with "
                         "`flask --app wsgi users reset-two-factor %(email)s`.", email=email), err=True)
        sys.exit(1)


@tokens_cli.command("create")
@click.argument("email")
@click.option("--name", default="cli", help="A label for the token.")
def create_token(email: str, name: str) -> None:
    """Create an API token for a user; the token alone is printed on the last line."""
    user = user_service.find_user(email)
    if user is None:
        raise click.ClickException(_("No user %(email)s.", email=email))
    _token, raw = user_service.create_token(None, user, name)
    db.session.commit()
    click.echo(_("Token for %(email)s (stored hashed; it cannot be shown again):", email=user.email), err=True)
    click.echo(raw)


# The demo users' passwords, kept (mode 0600, in the instance folder) only until `make run` prints them last,
# after the install and migration output, and deletes the file.
DEMO_PASSWORDS = "demo-passwords.txt"


def _missing_file(path: Path) -> str:
    """What to do when a file to import is not there; the README's corpus article says where it comes from."""
    message = _("%(path)s does not exist.", path=path)
    if "corpus" in path.parts:
        message += " " + _("The corpus is shared material kept beside this repository (../shared/corpus), not in "
                           "it. Without it, import any .txt, .html or .json article of your own, or open the "
                           "articles the demo loads (flask --app wsgi demo).")
    return message


@articles_cli.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--suggest", is_flag=True, help="Also store the engine's suggested claims.")
@click.option("--language", help="Language code when detection should be overridden.")
@click.option("--as-user", "as_user", help="Email of the user recorded as adding the articles.")
def import_articles(paths: tuple[Path, ...], suggest: bool, language: str | None, as_user: str | None) -> None:
    """Import .txt (with X.claims.json beside it, if any), .html or .json articles; each file in its own transaction."""
    actor = user_service.find_user(as_user) if as_user else None
    if as_user and actor is None:
        raise click.ClickException(_("No user %(email)s.", email=as_user))
    for path in paths:
        if not path.is_file():
            raise click.ClickException(_missing_file(path))
    failures = 0
    for path in paths:
        try:
            result = article_service.import_file(actor, path, suggest=suggest, overrides={"language": language})
            db.session.commit()
        except DomainError as exc:
            db.session.rollback()
            failures += 1
            details = "; ".join(f"{k}: {v}" for k, v in exc.fields.items())
            reason = f"{exc.message} {details}".strip()
            click.echo(_("%(path)s: not imported: %(reason)s", path=path, reason=reason), err=True)
            continue
        article = result.article
        if result.created:
            click.echo(ngettext("%(path)s: article %(id)s (%(language)s), %(num)d claim",
                                "%(path)s: article %(id)s (%(language)s), %(num)d claims", len(article.claims),
                                path=path, id=article.id, language=article.language))
        else:
            click.echo(_("%(path)s: already in the desk as article %(id)s", path=path, id=article.id))
    if failures:
        sys.exit(1)


@click.command("demo")
@click.option("--save-passwords", is_flag=True,
              help=f"Also keep the new users' passwords in the instance folder ({DEMO_PASSWORDS}) for `make run`.")
def demo(save_passwords: bool) -> None:
    """Load the demo desk (idempotent): two articles, claims at each stage, sources, one user per role."""
    from app.demo import load_demo

    passwords = load_demo()
    db.session.commit()
    if passwords:
        click.echo(_("Demo users (passwords are shown once):"))
        lines = [f"  {role:9} {email}  {password}" for email, (role, password) in passwords.items()]
        click.echo("\n".join(lines))
        if save_passwords:  # `make run` shows them again last, after the install and migration output
            saved = Path(current_app.instance_path) / DEMO_PASSWORDS
            saved.parent.mkdir(parents=True, exist_ok=True)
            saved.touch(mode=0o600)
            saved.write_text("\n".join(lines) + "\n", encoding="utf-8")
    else:
        click.echo(_("The demo desk is already loaded; nothing changed."))


suggest_cli = AppGroup("suggest", help="Train, measure and reset the check-worthiness model.")


def _print_metrics(results: dict[str, dict[str, float]]) -> None:
    click.echo(f"{'language':8}  {'n':>6}  {'yes':>5}  {'AUC':>6}  {'F1':>6}  {'P':>6}  {'R':>6}")
    for lang, m in results.items():
        click.echo(f"{lang:8}  {m['n']:>6}  {m['positives']:>5}  {m['auc']:6.3f}  {m['f1']:6.3f}  "
                   f"{m['precision']:6.3f}  {m['recall']:6.3f}")


@suggest_cli.command("train")
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--from-desk", is_flag=True, help="Learn from the desk's accepted, edited and rejected suggestions.")
@click.option("--language", type=click.Choice(["ar", "en"]), help="Only examples in this language.")
@click.option("--default", "default", is_flag=True,
              help="Rebuild the project's default model from the data it ships (app/suggest/models/default.npz).")
@click.option("--encoder", default=None, help="Sentence encoder (use-m3, e5-small, hash-ngrams).")
def suggest_train(files: tuple[Path, ...], from_desk: bool, language: str | None, default: bool,
                  encoder: str | None) -> None:
    """Fit a model from TSV files (text in tweet_text/Text/text, class_label Yes/No or 1/0) and/or desk decisions."""
    from app.services import checkworthiness as cw
    from app.suggest import examples as ex
    from app.suggest import model as cm

    encoder = encoder or cm.DEFAULT_ENCODER
    if encoder not in cm.ENCODERS:
        raise click.ClickException(f"Unknown encoder {encoder!r}; choose one of {', '.join(cm.ENCODERS)}.")
    try:
        if default:
            if files or from_desk:
                raise click.ClickException("--default trains on the shipped data only; give no files or --from-desk.")
            path, model = cw.train_default(encoder)
            n = sum(v["yes"] + v["no"] for v in model.info["examples"].values())
        else:
            if not files and not from_desk:
                raise click.ClickException("Give TSV files, --from-desk, or both (or --default).")
            path, model, n = cw.train(files, from_desk=from_desk, language=language, encoder=encoder)
    except (ex.ExampleFileError, ValueError) as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Trained on {n} examples with {model.encoder}; heads: {', '.join(sorted(model.heads))}.")
    click.echo(f"Saved {path}; suggestions use it from now on.")


@suggest_cli.command("evaluate")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--language", type=click.Choice(["ar", "en"]), help="Only examples in this language.")
def suggest_evaluate(files: tuple[Path, ...], language: str | None) -> None:
    """Print AUC, F1, precision and recall of the model in use on labelled TSV files or annotated articles."""
    from app.services import checkworthiness as cw
    from app.suggest import examples as ex

    try:
        results = cw.evaluate(files, language)
    except (ex.ExampleFileError, ValueError) as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Model: {cw.model_origin()}")
    _print_metrics(results)


@suggest_cli.command("reset")
def suggest_reset() -> None:
    """Go back to the project's default model (the desk's trained model file is removed)."""
    from app.services import checkworthiness as cw

    removed = cw.reset_to_default()
    click.echo("Back to the default model." if removed else "The desk already uses the default model.")


@suggest_cli.command("score")
@click.argument("article_ids", nargs=-1, type=int)
def suggest_score(article_ids: tuple[int, ...]) -> None:
    """Compute the learned scores of articles' sentences now (all articles when none is given)."""
    import sqlalchemy as sa

    from app.models import Article
    from app.services import checkworthiness as cw

    ids = list(article_ids) or list(db.session.scalars(sa.select(Article.id).order_by(Article.id)))
    for article_id in ids:
        result = cw.score_article(article_id)
        db.session.commit()
        click.echo(f"article {article_id}: {result['sentences']} sentences, {result['encoded']} newly encoded")


def register(app: Flask) -> None:
    app.cli.add_command(users_cli)
    app.cli.add_command(suggest_cli)
    app.cli.add_command(tokens_cli)
    app.cli.add_command(articles_cli)
    app.cli.add_command(demo)
    from app.earlier_checks.cli import register as register_factchecks

    register_factchecks(app)
    try:
        from app.reports.cli import register as register_reports
    except ImportError:  # the report commands arrive with the reports work
        return
    register_reports(app)
