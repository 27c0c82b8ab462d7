"""URL checks and normalisation, so that one document is one Source."""

from __future__ import annotations

import ipaddress
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

from app.i18n import _l
from app.services.errors import ValidationError

TRACKING_PARAMS = {
    "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "mc_cid", "mc_eid", "igshid", "yclid",
    "_ga", "_gl", "_hsenc", "_hsmi", "mkt_tok", "ref_src", "ref_url", "spm", "cmpid", "oly_enc_id",
    "oly_anon_id", "vero_id", "s_cid", "ncid", "at_medium", "at_campaign", "__twitter_impression",
}
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "hsa_")
DEFAULT_PORTS = {"http": 80, "https": 443}


def is_tracking(name: str) -> bool:
    lowered = name.lower()
    return lowered in TRACKING_PARAMS or lowered.startswith(TRACKING_PREFIXES)


def normalise_url(raw: str, field: str = "url") -> str:
    """The canonical form of an http(s) URL, or a ValidationError naming the field.

    Lower-cases scheme and host, drops default ports, fragments, tracking parameters and a
    trailing slash, and sorts the remaining query parameters.
    """
    if not isinstance(raw, str) or not raw.strip():
        raise ValidationError(_l("A URL is required."), {field: _l("This field is required.")})
    text = raw.strip()
    if len(text) > 2048:
        raise ValidationError(_l("URL too long."), {field: _l("Too long: the limit is 2048 characters.")})
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        raise ValidationError(_l("Not a valid URL."), {field: _l("Not a valid URL.")}) from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise ValidationError(_l("Only http and https URLs are accepted."), {field: _l("Only http(s) URLs are accepted.")})
    host = (parts.hostname or "").rstrip(".")
    if not host or any(c.isspace() for c in text) or port == 0 or "[" in parts.netloc and not _is_ipv6(host):
        raise ValidationError(_l("Not a valid URL."), {field: _l("Not a valid URL.")})
    try:
        host = host.encode("idna").decode("ascii").lower()
        if any(label.startswith("xn--") and len(label) == 4 for label in host.split(".")):
            raise UnicodeError("empty punycode label")
    except UnicodeError:
        raise ValidationError(_l("Not a valid host name."), {field: _l("Not a valid host name.")}) from None
    try:
        ipaddress.ip_address(host)
        is_v6 = ":" in host
    except ValueError:
        is_v6 = False
    netloc = f"[{host}]" if is_v6 else host
    if port is not None and port != DEFAULT_PORTS[scheme]:
        netloc += f":{port}"
    path = quote(unquote(parts.path), safe="/:@!$&'()*+,;=-._~%")
    while path.endswith("/"):
        path = path[:-1]
    query_pairs = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not is_tracking(k)]
    query = urlencode(sorted(query_pairs), doseq=True)
    normalised = urlunsplit((scheme, netloc, path, query, ""))
    if len(normalised) > 2048:  # percent-encoding can make a short Arabic URL long
        raise ValidationError(_l("URL too long."), {field: _l("Too long once encoded: the limit is 2048 characters.")})
    return normalised


def _is_ipv6(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).version == 6
    except ValueError:
        return False
