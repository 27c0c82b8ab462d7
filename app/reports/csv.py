"""The CSV report: a ZIP holding claims.csv (one row per claim) and evidence.csv (one row per evidence item).

Both are UTF-8 with a BOM (so spreadsheet programs read Arabic right) and every text cell that a
spreadsheet could take for a formula (starting with =, +, -, @, tab or carriage return, even after
spaces) is prefixed with an apostrophe. The ZIP is written as a stream: claims rows go out as they are
read, evidence rows wait in a temporary file (on disk when large) until claims.csv is complete.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import tempfile
import zipfile
from collections.abc import Iterator

from app.reports import text
from app.reports.labels import labels_for

CLAIM_COLUMNS = [
    "article_id", "claim_id", "number", "approval", "verdict", "verdict_label", "confidence", "state", "kind",
    "quote", "statement", "attributed_to", "rationale", "supports", "contradicts", "context",
    "verdict_set_by", "verdict_set_at", "approved_by", "approved_at", "recheck_on", "url",
]
EVIDENCE_COLUMNS = [
    "claim_id", "claim_number", "evidence_id", "stance", "stance_label", "source_title", "source_url",
    "source_publisher", "source_published_at", "source_grade", "source_grade_label", "credibility",
    "credibility_label", "reported_value", "reported_unit", "excerpt", "note", "added_at",
]
BOM = "\ufeff"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
FLUSH_ROWS = 200


def neutralise(value: object) -> object:
    """A cell a spreadsheet shows as text: strings that could start a formula get a leading apostrophe."""
    if not isinstance(value, str) or not value:
        return value
    if value.startswith(_FORMULA_START) or value.lstrip().startswith(_FORMULA_START[:4]):
        return "'" + value
    return value


def _line(row: list) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow([neutralise("" if v is None else v) for v in row])
    return buffer.getvalue().encode("utf-8")


def claim_row(model: dict, claim: dict, L: dict) -> list:
    """One claims.csv row."""
    stances = [sum(1 for e in claim["evidence"] if e["stance"] == s) for s in ("supports", "contradicts", "context")]
    return [
        model["article"]["id"], claim["id"], claim["number"],
        L["state"]["approved"] if claim["approved"] else L["not_approved"],
        claim["verdict"], L["verdict"][claim["verdict"]], claim["confidence"], claim["state"], claim["kind"],
        claim["quote"], claim["statement"], claim["attributed_to"], claim["rationale"], *stances,
        text.who(claim["verdict_set_by"], L) if claim["verdict_set_by"] else "", claim["verdict_set_at"],
        text.who(claim["approved_by"], L) if claim["approved_by"] else "", claim["approved_at"],
        claim["recheck_on"], claim["url"],
    ]


def evidence_row(claim: dict, item: dict, L: dict) -> list:
    """One evidence.csv row."""
    source = item["source"]
    return [
        claim["id"], claim["number"], item["id"], item["stance"], L["stance"][item["stance"]], source["title"],
        source["url"], source["publisher"], source["published_at"], source["reliability"],
        L["reliability"].get(source["reliability"]), item["credibility"], L["credibility"].get(item["credibility"]),
        item["reported_value"], item["reported_unit"], item["excerpt"], item["note"], item["created_at"],
    ]


class _Sink:
    """A write-only file that collects what zipfile writes, to be handed out as the stream's next block."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []

    def write(self, data: bytes) -> int:
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        return None

    def drain(self) -> bytes:
        data = b"".join(self.parts)
        self.parts.clear()
        return data


def build_csv(model: dict) -> Iterator[bytes]:
    """The `csv` format: a ZIP (claims.csv, evidence.csv) produced as a stream of blocks."""
    L = labels_for(model["language"])
    stamp = dt.datetime.fromisoformat(model["generated_at"]).timetuple()[:6]
    sink = _Sink()
    with tempfile.TemporaryFile() as spool, zipfile.ZipFile(sink, "w", zipfile.ZIP_DEFLATED) as archive:
        spool.write((BOM + ",".join(EVIDENCE_COLUMNS) + "\r\n").encode("utf-8"))
        info = zipfile.ZipInfo("claims.csv", date_time=stamp)
        info.compress_type = zipfile.ZIP_DEFLATED
        with archive.open(info, "w", force_zip64=True) as member:
            member.write((BOM + ",".join(CLAIM_COLUMNS) + "\r\n").encode("utf-8"))
            for count, claim in enumerate(model["claims"], 1):
                member.write(_line(claim_row(model, claim, L)))
                for item in claim["evidence"]:
                    spool.write(_line(evidence_row(claim, item, L)))
                if count % FLUSH_ROWS == 0:
                    yield sink.drain()
        yield sink.drain()
        spool.seek(0)
        info = zipfile.ZipInfo("evidence.csv", date_time=stamp)
        info.compress_type = zipfile.ZIP_DEFLATED
        with archive.open(info, "w", force_zip64=True) as member:
            while block := spool.read(256 * 1024):
                member.write(block)
                yield sink.drain()
    yield sink.drain()
