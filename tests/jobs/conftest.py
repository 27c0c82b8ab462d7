from tests.live import rq, store_dir, worker  # noqa: F401  fixtures for this package
from tests.site import site  # noqa: F401
