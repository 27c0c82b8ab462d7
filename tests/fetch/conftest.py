from tests.site import other_site, site  # noqa: F401  fixtures for this package
