"""Every module that registers job handlers, imported from this one place so web processes and workers agree.

Add a line here for a new kind of work (e.g. claim suggestions or vectors). CLAIMDESK_JOB_MODULES
(comma-separated module names) adds more, for a deployment's own jobs or the test suite's.
"""

import importlib
import os

from app.jobs import (
    factchecks,  # noqa: F401  earlier fact-checks: pages by URL, partner feeds
    mail,  # noqa: F401  notifications by e-mail
    matching,  # noqa: F401  earlier checks' vectors and the shared index files
    tasks,  # noqa: F401  reports, fetches, captures, re-checks, large imports
)

for _name in filter(None, (part.strip() for part in os.environ.get("CLAIMDESK_JOB_MODULES", "").split(","))):
    importlib.import_module(_name)
