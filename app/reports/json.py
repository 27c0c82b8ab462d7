"""The JSON report: everything the report holds, streamed claim by claim and event by event."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

BUFFER = 64 * 1024  # bytes handed to the server at a time


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


def json_chunks(model: dict) -> Iterator[str]:
    """The report as JSON text in pieces: the header, then one claim (or event) per line."""
    yield "{\n"
    for key, value in model.items():
        if key not in ("claims", "history"):
            yield f" {_dumps(key)}: {_dumps(value)},\n"
    for key, closing in (("claims", ",\n"), ("history", "\n")):
        yield f" {_dumps(key)}: ["
        first = True
        for item in model[key]:
            yield ("\n  " if first else ",\n  ") + _dumps(item)
            first = False
        yield ("\n ]" if not first else "]") + closing
    yield "}\n"


def buffered(chunks: Iterable[str], size: int | None = None) -> Iterator[bytes]:
    """UTF-8 bytes in blocks of about `size`, so a stream is not thousands of tiny writes."""
    size = size or BUFFER
    parts: list[bytes] = []
    held = 0
    for chunk in chunks:
        data = chunk.encode("utf-8")
        parts.append(data)
        held += len(data)
        if held >= size:
            yield b"".join(parts)
            parts, held = [], 0
    if parts:
        yield b"".join(parts)


def build_json(model: dict) -> Iterator[bytes]:
    """The `json` format (valid against schema/report.schema.json), as a stream of UTF-8 blocks."""
    return buffered(json_chunks(model))
