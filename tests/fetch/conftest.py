from tests.fetch.hostile import hostile, tls_pair  # noqa: F401  fixtures for this package
from tests.site import other_site, site  # noqa: F401  fixtures for this package
