"""Every outbound request of the desk: the fetch policy (what may be fetched) and the client that obeys it.

No Flask here: callers pass a Policy (policy_from_config(app.config) builds one from the configuration).
"""

from app.fetch.client import ARTICLE_TYPES, SOURCE_TYPES, Exchange, fetch
from app.fetch.policy import FetchError, Policy, check_url, policy_from_config

__all__ = ["ARTICLE_TYPES", "SOURCE_TYPES", "Exchange", "FetchError", "Policy", "check_url", "fetch",
           "policy_from_config"]
