"""The whole desk as one JSON document, and its restore into an empty database (ids and times kept).

Layout (format_version 1):

    {"format": "claimdesk-backup", "format_version": 1, "created_at": "…", "schema_revision": "0001…" | null,
     "with_password_hashes": false, "api_tokens": "omitted" | "hashes", "totp_secrets": "omitted" | "sealed",
     "tables": {"user": [{…}, …], "article": […], …},
     "files": {"captures/<uuid>.warc.gz": "<base64>", …}}

"files" holds the capture store's WARC files (keys under captures/, and under sources/ for captures made
before issue 22), one per line, when a store is given; a restore writes them back into the configured store.

Tables come in foreign-key order, one row per line, every column as stored (dates and times in ISO 8601
UTC). Without --with-password-hashes, users carry no password hash and API tokens are left out; with
it, both are kept (tokens only ever exist as SHA-256 hashes), and so are the two-factor secrets, as sealed
under the desk's SECRET_KEY (services/secret_box.py; no key is ever written into a backup). A restore opens
each with this desk's SECRET_KEY or SECRET_KEY_FALLBACKS and re-seals it under the current key; one that no
key opens is dropped with that user's recovery codes, and the user is named: they set two-factor up again.
Backup and restore both stream: rows are
read with `yield_per` and written one by one, and the restore parses the file row by row.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import secrets
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, Any

import sqlalchemy as sa
from werkzeug.security import generate_password_hash

from app.extensions import db
from app.models import Capture
from app.models.base import UTCDateTime, utcnow
from app.services import secret_box

FORMAT = "claimdesk-backup"
FORMAT_VERSION = 1
BATCH = 1000


class RestoreError(Exception):
    """The backup cannot be restored here; nothing was written."""


# Secrets that only a backup "with password hashes" carries: API tokens, recovery codes, TOTP secrets.
_SECRET_TABLES = ("api_token", "recovery_code")
_SECRET_USER_COLUMNS = ("password_hash", "totp_secret", "totp_last_step", "two_factor_enabled_at")
# Worked out from the texts (encoder vectors: flask suggest score; the engine's runs: the next view), not
# worth a backup's bytes.
DERIVED = frozenset({"sentence_vector", "claim_vector", "earlier_check_vector", "suggestion_run"})


def _tables(with_secrets: bool) -> list[sa.Table]:
    return [t for t in db.metadata.sorted_tables
            if (with_secrets or t.name not in _SECRET_TABLES) and t.name not in DERIVED]


def schema_revision(connection: sa.Connection) -> str | None:
    """The Alembic revision of the database, or None when it was not made by migrations."""
    if not sa.inspect(connection).has_table("alembic_version"):
        return None
    return connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


# Where capture files live in the store: one file per capture (captures/<uuid>), and the older layout by
# source and body hash (sources/<id>/<sha256>) that captures made before issue 22 still point to.
CAPTURE_PREFIXES = ("captures/", "sources/")


def iter_backup(*, with_password_hashes: bool = False, store: Any = None) -> Iterator[str]:
    """The backup document in pieces (one table row per piece), read with yield_per."""
    with db.engine.connect() as connection:
        # One snapshot for every table, so that a desk in use while it is backed up still gives rows that
        # agree with each other (no evidence whose claim was added after the claims were read).
        if connection.dialect.name == "postgresql":
            connection = connection.execution_options(isolation_level="REPEATABLE READ")
        elif connection.dialect.name == "sqlite":
            connection.exec_driver_sql("BEGIN")  # pysqlite would not begin a transaction for reads
        header = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "created_at": utcnow().isoformat(),
            "schema_revision": schema_revision(connection),
            "with_password_hashes": with_password_hashes,
            "api_tokens": "hashes" if with_password_hashes else "omitted",
            "totp_secrets": "sealed" if with_password_hashes else "omitted",
        }
        yield "{\n" + "".join(f"{json.dumps(k)}: {json.dumps(v)},\n" for k, v in header.items()) + '"tables": {'
        for index, table in enumerate(_tables(with_password_hashes)):
            yield ("\n" if index == 0 else ",\n") + json.dumps(table.name) + ": ["
            stmt = sa.select(table).order_by(*table.primary_key.columns)
            first = True
            for row in connection.execution_options(yield_per=BATCH).execute(stmt):
                data = {key: _plain(value) for key, value in row._mapping.items()}
                if table.name == "user" and not with_password_hashes:
                    for column in _SECRET_USER_COLUMNS:
                        data.pop(column, None)
                yield ("\n" if first else ",\n") + json.dumps(data, ensure_ascii=False)
                first = False
            yield "\n]" if not first else "]"
        yield "\n}"
        if store is not None:
            yield ',\n"files": {'
            # The files this database's captures point to, not everything the folder holds: a store kept
            # beside a database that was reset also holds files no capture here made.
            keys = (key for key in connection.scalars(sa.select(Capture.warc_key).distinct().order_by(Capture.warc_key))
                    if key.startswith(CAPTURE_PREFIXES) and store.exists(key))
            for index, key in enumerate(keys):
                encoded = base64.b64encode(store.get(key)).decode("ascii")
                yield ("\n" if index == 0 else ",\n") + json.dumps(key) + ": " + json.dumps(encoded)
            yield "\n}"
        yield "\n}\n"


def write_backup(handle: IO[str], *, with_password_hashes: bool = False, store: Any = None) -> None:
    """Write the backup to an open text file (with the capture store's files when a store is given)."""
    for piece in iter_backup(with_password_hashes=with_password_hashes, store=store):
        handle.write(piece)


class _Reader:
    """A small pull parser for the backup layout: JSON values decoded one at a time from a text stream."""

    def __init__(self, handle: IO[str], block: int = 1 << 20):
        self.handle, self.block = handle, block
        self.buffer, self.pos, self.eof = "", 0, False
        self.decoder = json.JSONDecoder()

    def _fill(self) -> None:
        chunk = self.handle.read(self.block)
        if not chunk:
            self.eof = True
        self.buffer = self.buffer[self.pos:] + chunk
        self.pos = 0

    def peek(self) -> str:
        while True:
            while self.pos < len(self.buffer) and self.buffer[self.pos] in " \t\r\n":
                self.pos += 1
            if self.pos < len(self.buffer) or self.eof:
                return self.buffer[self.pos] if self.pos < len(self.buffer) else ""
            self._fill()

    def expect(self, char: str) -> None:
        found = self.peek()
        if found != char:
            raise RestoreError(f"Not a ClaimDesk backup: expected {char!r}, found {found[:1]!r}.")
        self.pos += 1

    def value(self) -> Any:
        self.peek()
        while True:
            try:
                value, end = self.decoder.raw_decode(self.buffer, self.pos)
            except json.JSONDecodeError:
                if self.eof:
                    raise RestoreError("Not a ClaimDesk backup: the JSON is broken or cut short.") from None
                self._fill()
                continue
            if end == len(self.buffer) and not self.eof:  # a number may go on in the next block
                self._fill()
                continue
            self.pos = end
            return value

    def items(self, closing: str) -> Iterator[Any]:
        """The members of an array (or keys of an object) up to `closing`, each parsed by the caller."""
        if self.peek() == closing:
            self.pos += 1
            return
        while True:
            yield None
            separator = self.peek()
            self.pos += 1
            if separator == closing:
                return
            if separator != ",":
                raise RestoreError(f"Not a ClaimDesk backup: unexpected {separator!r}.")


@dataclass
class Restored:
    """What a restore loaded: rows per table, and the new passwords when asked to make them."""

    counts: dict[str, int] = field(default_factory=dict)
    passwords: dict[str, str] = field(default_factory=dict)
    without_password: list[str] = field(default_factory=list)
    # Users whose two-factor secret no key of this desk opens: restored with two-factor off.
    two_factor_reset: list[str] = field(default_factory=list)
    reset_ids: set[int] = field(default_factory=set)
    files: int = 0  # capture files written back into the store


def _converter(column: sa.Column):
    if isinstance(column.type, (UTCDateTime, sa.DateTime)):
        return lambda v: None if v is None else dt.datetime.fromisoformat(v)
    if isinstance(column.type, sa.Date):
        return lambda v: None if v is None else dt.date.fromisoformat(v)
    return None


def _check_empty(connection: sa.Connection) -> None:
    inspector = sa.inspect(connection)
    missing = [t.name for t in db.metadata.sorted_tables if not inspector.has_table(t.name)]
    if missing:
        raise RestoreError(f"The database has no table {missing[0]!r}: run `flask --app wsgi db upgrade` first.")
    for table in db.metadata.sorted_tables:
        if connection.execute(sa.select(sa.literal(1)).select_from(table).limit(1)).first() is not None:
            raise RestoreError(f"The database is not empty (table {table.name!r} has rows). Restore only into an "
                               "empty database: create a new one and run `flask --app wsgi db upgrade`.")


def restore(handle: IO[str], *, new_passwords: bool = False, block_size: int = 1 << 20,
            store: Any = None) -> Restored:
    """Load a backup into the empty database in one transaction; RestoreError (nothing written) otherwise.

    Users in a backup without password hashes get a random password nobody knows (so they cannot log
    in until an admin gives them one), or with `new_passwords` a fresh one that is returned to print.
    """
    result = Restored()
    reader = _Reader(handle, block_size)
    tables = {t.name: t for t in db.metadata.sorted_tables}
    with db.engine.begin() as connection:
        _check_empty(connection)
        header: dict[str, Any] = {}
        seen_tables = False
        reader.expect("{")
        for _ in reader.items("}"):
            key = reader.value()
            reader.expect(":")
            if key == "files":
                result.files = _load_files(reader, store)
                continue
            if key != "tables":
                header[key] = reader.value()
                continue
            _check_header(header, schema_revision(connection))
            seen_tables = True
            reader.expect("{")
            for _ in reader.items("}"):
                name = reader.value()
                reader.expect(":")
                if name not in tables:
                    raise RestoreError(f"The backup has a table this desk does not know: {name!r}.")
                reader.expect("[")
                result.counts[name] = _load_table(connection, tables[name], reader, result, new_passwords)
        if not seen_tables:
            _check_header(header, schema_revision(connection))
        _reset_sequences(connection, [tables[name] for name in result.counts])
    return result


def _check_header(header: dict, revision: str | None) -> None:
    if header.get("format") != FORMAT:
        raise RestoreError("Not a ClaimDesk backup (its 'format' is not claimdesk-backup).")
    version = header.get("format_version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise RestoreError(f"Backup format version {version!r} is newer than this desk reads ({FORMAT_VERSION}).")
    theirs = header.get("schema_revision")
    if theirs and revision and theirs != revision:
        raise RestoreError(f"The backup was taken at schema revision {theirs}, this database is at {revision}: "
                           "migrate the database to the backup's revision first.")


def _load_table(connection: sa.Connection, table: sa.Table, reader: _Reader, result: Restored,
                new_passwords: bool) -> int:
    converters = {c.name: conv for c in table.columns if (conv := _converter(c)) is not None}
    known = {c.name for c in table.columns}
    batch: list[dict] = []
    count = 0
    for _ in reader.items("]"):
        row = reader.value()
        if not isinstance(row, dict):
            raise RestoreError(f"Not a ClaimDesk backup: a row of {table.name!r} is not an object.")
        unknown = set(row) - known
        if unknown:
            raise RestoreError(f"Table {table.name!r} has no column {sorted(unknown)[0]!r}.")
        for name, convert in converters.items():
            if name in row:
                row[name] = convert(row[name])
        if table.name == "user" and row.get("totp_secret"):
            _reseal_totp(row, result)
        if table.name == "recovery_code" and row.get("user_id") in result.reset_ids:
            continue  # that user's two-factor is off: its recovery codes would be a way around nothing
        if table.name == "user" and not row.get("password_hash"):
            password = secrets.token_urlsafe(12 if new_passwords else 32)
            row["password_hash"] = generate_password_hash(password)
            if new_passwords:
                result.passwords[row["email"]] = password
            else:
                result.without_password.append(row["email"])
        batch.append(row)
        count += 1
        if len(batch) >= BATCH:
            connection.execute(table.insert(), batch)
            batch = []
    if batch:
        connection.execute(table.insert(), batch)
    return count


def _reseal_totp(row: dict, result: Restored) -> None:
    """The secret re-sealed under this desk's current key, or two-factor off when no key here opens it."""
    sealed = str(row["totp_secret"])
    if secret_box.box().is_current(sealed):
        return  # as it was: a round trip on the same desk changes nothing
    try:
        row["totp_secret"] = secret_box.box().reseal(sealed)
    except secret_box.UnreadableSecret:
        row.update(totp_secret=None, two_factor_enabled_at=None, totp_last_step=None)
        result.two_factor_reset.append(str(row.get("email")))
        result.reset_ids.add(row.get("id"))


def _load_files(reader: _Reader, store: Any) -> int:
    """The capture files, written into the store one by one (skipped, but still read, without a store)."""
    from app.captures.store import check_key

    reader.expect("{")
    count = 0
    for _ in reader.items("}"):
        key = reader.value()
        reader.expect(":")
        encoded = reader.value()
        if not isinstance(key, str) or not key.startswith(CAPTURE_PREFIXES) or not isinstance(encoded, str):
            raise RestoreError("Not a ClaimDesk backup: a file entry is not a capture.")
        try:
            check_key(key)
            data = base64.b64decode(encoded, validate=True)
        except ValueError:
            raise RestoreError(f"Not a ClaimDesk backup: the file {key[:80]!r} is damaged.") from None
        if store is not None:
            store.put(key, data)
        count += 1
    return count


def _reset_sequences(connection: sa.Connection, tables: list[sa.Table]) -> None:
    """On PostgreSQL, move each id sequence past the restored ids (SQLite needs nothing)."""
    if connection.dialect.name != "postgresql":
        return
    for table in tables:
        columns = list(table.primary_key.columns)
        if len(columns) != 1 or not isinstance(columns[0].type, sa.Integer) or columns[0].name != "id":
            continue
        connection.execute(sa.text(
            f"SELECT setval(pg_get_serial_sequence('\"{table.name}\"', 'id'), COALESCE(MAX(id), 1), "  # noqa: S608
            f"MAX(id) IS NOT NULL) FROM \"{table.name}\""
        ))
