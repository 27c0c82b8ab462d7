"""gunicorn's settings file, read from the working directory (`gunicorn wsgi:app` in the checkout): settings
given on the command line still win. It only adds what the desk needs when a worker process exits."""

import os


def worker_exit(server, worker):
    """Without Redis, jobs run on threads inside the worker (app/jobs/local.py): before the process goes,
    give running ones the time gunicorn allows, and mark the rest failed rather than leave them `running`."""
    from app.jobs import local

    stopped = local.shutdown(max(0.0, min(server.cfg.graceful_timeout, server.cfg.timeout) - 5))
    if stopped:
        server.log.warning("Jobs %s did not finish before the worker stopped; marked failed (job_lost).", stopped)
        # Their threads would hold the process (Python joins them) until gunicorn kills it: leave now.
        os._exit(0)
