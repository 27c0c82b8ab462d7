"""The vector index is a file built by a job and memory-mapped by every process, not a copy in each one."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np

from app import jobs
from app.extensions import db
from app.services import claim_vectors, factchecks, matching, vector_index

SEARCH_IN_ANOTHER_PROCESS = """
import json, sys
import numpy as np
from usearch.index import Index
path, query = sys.argv[1], np.array(json.loads(sys.argv[2]), dtype=np.float32)
view = Index.restore(path, view=True)
mapped = sum(path in line for line in open("/proc/self/maps"))
print(json.dumps({"first": int(view.search(query, 1).keys[0]), "mapped": mapped}))
"""


def mapped_in_this_process(path: str) -> bool:
    return any(path in line for line in open("/proc/self/maps"))


def test_the_job_builds_files_that_two_processes_map_and_search_alike(checks):
    job = jobs.enqueue("matching.index", {}, in_caller=True)
    assert job.state == "finished", job.error if hasattr(job, "error") else job
    encoder = claim_vectors.encoder_name()
    pointer = vector_index.read_pointer(matching.COLLECTION, encoder)
    assert pointer["count"] == len(checks)
    path = str(vector_index.SETTINGS.folder / pointer["file"])

    query = claim_vectors._vector_of(encoder, "a tracking microchip inside the new flu vaccine")
    here = vector_index.search(matching.COLLECTION, encoder, query, 3)
    assert vector_index.status(matching.COLLECTION, encoder) == {"file": pointer["file"], "in_file": len(checks),
                                                                 "tail": 0, "mapped": True}
    assert mapped_in_this_process(path)  # a memory map of the file, not vectors read into this process
    other = subprocess.run([sys.executable, "-c", SEARCH_IN_ANOTHER_PROCESS, path, json.dumps(query.tolist())],
                           capture_output=True, text=True, timeout=120, check=True)
    answer = json.loads(other.stdout)
    assert answer["mapped"] >= 1
    assert answer["first"] == next(iter(here)) == checks["https://checks.example.org/en/vaccine-chip"]


def test_new_vectors_are_searched_from_the_tail_until_a_rebuild_replaces_the_file(checks):
    matching.rebuild()
    db.session.commit()
    encoder = claim_vectors.encoder_name()
    first = vector_index.read_pointer(matching.COLLECTION, encoder)["file"]
    added = factchecks.import_items([{"url": "https://checks.example.org/en/port", "language": "en",
                                      "claim_reviewed": "Container traffic at the southern port fell by half."}],
                                    origin="file")
    db.session.commit()
    assert matching.embed_checks() == 1
    db.session.commit()
    query = claim_vectors._vector_of(encoder, "the southern port's container traffic halved")
    assert next(iter(vector_index.search(matching.COLLECTION, encoder, query, 1))) == added.ids[0]
    assert vector_index.status(matching.COLLECTION, encoder)["tail"] == 1
    assert vector_index.needs_build(matching.COLLECTION, encoder)

    matching.rebuild()
    db.session.commit()
    pointer = vector_index.read_pointer(matching.COLLECTION, encoder)
    assert pointer["file"] != first and pointer["count"] == len(checks) + 1
    assert not (vector_index.SETTINGS.folder / first).exists()  # the old file is gone; readers reopened
    assert vector_index.status(matching.COLLECTION, encoder) == {"file": pointer["file"], "in_file": len(checks) + 1,
                                                                 "tail": 0, "mapped": True}
    assert next(iter(vector_index.search(matching.COLLECTION, encoder, query, 1))) == added.ids[0]
    assert not vector_index.needs_build(matching.COLLECTION, encoder)


def test_similar_claims_find_each_other_through_the_claims_file(learning, make_article, make_claim):
    en = make_claim(article=make_article(body="The Pentagon declined to comment on the timetable.", language="en"),
                    quote="The Pentagon declined to comment on the timetable")
    ar = make_claim(article=make_article(body="ولم يصدر أي تعليق رسمي من وزارة الدفاع الأمريكية بشأن الجدول الزمني.",
                                         language="ar"),
                    quote="ولم يصدر أي تعليق رسمي من وزارة الدفاع الأمريكية بشأن الجدول الزمني")
    claim_vectors.embed_claims([en.id, ar.id])
    db.session.commit()
    encoder = claim_vectors.encoder_name()
    assert vector_index.build("claims", encoder)["count"] == 2
    assert vector_index.status("claims", encoder)["tail"] == 0
    near = claim_vectors.nearest(en)
    assert list(near) == [ar.id] and np.isfinite(near[ar.id])
