"""WARC files of fetched documents (request and response records, warcio), and reading them back."""

from __future__ import annotations

import io
from dataclasses import dataclass

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.timeutils import datetime_to_iso_date
from warcio.warcwriter import WARCWriter

from app.fetch import Exchange

# Hop-by-hop framing the client already undid: the record holds the body as received, whole.
DROPPED = {"transfer-encoding", "content-length", "connection", "keep-alive"}


def build_warc(exchange: Exchange) -> bytes:
    """A gzipped WARC with the response record and the request that asked for it (WARC-Concurrent-To)."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    date = datetime_to_iso_date(exchange.fetched_at)
    status_line = f"{exchange.status} {exchange.reason}".strip()
    headers = [(k, v) for k, v in exchange.headers if k.lower() not in DROPPED]
    headers.append(("Content-Length", str(len(exchange.body))))
    response = writer.create_warc_record(
        exchange.final_url, "response", payload=io.BytesIO(exchange.body),
        http_headers=StatusAndHeaders(status_line, headers, protocol="HTTP/1.1"),
        warc_headers_dict={"WARC-Date": date, "WARC-IP-Address": exchange.address})
    request = writer.create_warc_record(
        exchange.final_url, "request", payload=io.BytesIO(b""),
        http_headers=StatusAndHeaders(f"GET {exchange.request_path} HTTP/1.1", list(exchange.request_headers),
                                      is_http_request=True),
        warc_headers_dict={"WARC-Date": date,
                           "WARC-Concurrent-To": response.rec_headers.get_header("WARC-Record-ID")})
    writer.write_record(request)
    writer.write_record(response)
    return buffer.getvalue()


@dataclass
class Record:
    type: str
    uri: str
    date: str
    status_line: str  # "GET /path HTTP/1.1" or "HTTP/1.1 200 OK"
    headers: list[tuple[str, str]]
    payload: bytes


def read_warc(data: bytes) -> list[Record]:
    """The records of a WARC file, payloads read whole."""
    records = []
    for record in ArchiveIterator(io.BytesIO(data)):
        http = record.http_headers
        records.append(Record(record.rec_type, record.rec_headers.get_header("WARC-Target-URI") or "",
                              record.rec_headers.get_header("WARC-Date") or "",
                              f"{http.protocol} {http.statusline}".strip() if http else "",
                              list(http.headers) if http else [],
                              record.content_stream().read()))
    return records
