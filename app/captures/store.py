"""Where capture files (WARC) and rendered job files live: a folder by default, keyed like an object store.

Keys are relative, slash-separated paths ("captures/<uuid>.warc.gz", "jobs/7/report.pdf"; captures made
before issue 22 live under "sources/<source id>/<sha256>.warc.gz"); a future S3-compatible store implements
the same methods with the same keys.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Protocol

KEY_CHARS = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./")


class Store(Protocol):
    def put(self, key: str, data: bytes) -> None:
        self._place(key, data, os.replace)

    def put_new(self, key: str, data: bytes) -> None:
        """Write a file that must not exist yet: FileExistsError otherwise, and the file there is left as it was.

        A capture's WARC is evidence of one fetch: a key already taken (a store kept beside a database that was
        reset or restored) must never be answered by what another database wrote there. The file appears
        whole or not at all: written aside, then linked into place, which fails if the name is taken."""
        self._place(key, data, os.link)

    def _place(self, key: str, data: bytes, place) -> None:
        """Write `data` to a temporary file beside the key's path, then `place(tmp, path)` it there (replace
        or link); the temporary name never outlives the call."""
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            place(tmp, path)
        finally:
            with contextlib.suppress(OSError):
                os.unlink(tmp)  # after a replace it is gone already; after a link, or a failure, it goes now

    def get(self, key: str) -> bytes: ...
    def exists(self, key: str) -> bool: ...
    def keys(self, prefix: str = "") -> Iterator[str]: ...


def check_key(key: str) -> str:
    """A key that cannot climb out of the store (no absolute paths, no '..', no odd characters)."""
    parts = key.split("/")
    if not key or not set(key) <= KEY_CHARS or any(p in ("", ".", "..") for p in parts):
        raise ValueError(f"bad store key {key!r}")
    return key


class FolderStore:
    """Files under one folder; writes are atomic (a temporary file renamed into place)."""

    def __init__(self, root: str | os.PathLike):
        self.root = Path(root)

    def _path(self, key: str) -> Path:
        return self.root / check_key(key)

    def put(self, key: str, data: bytes) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise

    def put_new(self, key: str, data: bytes) -> None:
        """Write a file that must not exist yet: FileExistsError otherwise, and the file there is left as it was.

        A capture's WARC is evidence of one fetch: a key already taken (a store kept beside a database that was
        reset or restored) must never be answered by what another database wrote there. The file appears
        whole or not at all: written aside, then linked into place, which fails if the name is taken."""
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.link(tmp, path)
        finally:
            with contextlib.suppress(OSError):
                os.unlink(tmp)

    def get(self, key: str) -> bytes:
        return self._path(key).read_bytes()

    def exists(self, key: str) -> bool:
        return self._path(key).is_file()

    def keys(self, prefix: str = "") -> Iterator[str]:
        if not self.root.is_dir():
            return
        for path in sorted(self.root.rglob("*")):
            if path.is_file() and not path.name.startswith(".tmp-"):
                key = path.relative_to(self.root).as_posix()
                if key.startswith(prefix):
                    yield key


_STORE: dict[str, FolderStore] = {}


def store() -> FolderStore:
    """The configured store: CAPTURE_STORE_DIR, by default instance/captures."""
    from flask import current_app

    root = current_app.config.get("CAPTURE_STORE_DIR") or os.path.join(current_app.instance_path, "captures")
    if root not in _STORE:
        _STORE[root] = FolderStore(root)
    return _STORE[root]
