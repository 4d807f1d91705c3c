"""Which publisher a URL belongs to: its host, matched against the hosts of publishers.yaml.

A publisher lists the hosts it publishes on; a URL belongs to the publisher whose host is the
longest suffix of the URL's host (`news.bbc.co.uk` → `bbc.co.uk`), with `www.` ignored. A copy
in a web archive (the Wayback Machine and archives that use its address form) is the page it
preserves, so it is classified by the preserved page's URL.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import TypeVar
from urllib.parse import urlsplit

WEB_ARCHIVES = frozenset(
    {
        "web.archive.org",
        "wayback.archive.org",
        "archive.org",
        "webarchive.library.unt.edu",
        "webarchive.nationalarchives.gov.uk",
        "webarchive.loc.gov",
        "cybercemetery.unt.edu",
    }
)
"""Hosts whose copies are addressed as `/<collection>/<timestamp>/<original URL>`."""

# `/web/20080408050408/http://…`, `/eot2008/20090512114922id_/http:/…` (one slash is common),
# `/archive/oilspill/20121020171034/http://…`.
_ARCHIVED = re.compile(r"^/(?:[A-Za-z0-9_-]+/)*?\d{4,14}(?:[a-z]{2}_)?/(?P<url>.+)$")
_SCHEME = re.compile(r"^(?P<scheme>https?):/*", re.IGNORECASE)

P = TypeVar("P")


def host_of(url: str) -> str:
    """The host that published `url`: lower case, without `www.`, a port or a final dot; for
    a web-archive copy, the host of the page it preserves."""
    for _ in range(3):  # an archive's copy of an archive's copy, at most
        parts = urlsplit(url)
        host = bare_host(parts.hostname or "")
        if host not in WEB_ARCHIVES:
            return host
        after_host = url.split(parts.netloc, 1)[1]
        archived = _ARCHIVED.match(after_host)
        if archived is None:
            return host  # the archive's own page, not a copy
        inner = archived.group("url")
        inner = _SCHEME.sub(lambda match: match.group("scheme").lower() + "://", inner, count=1)
        url = inner if "://" in inner else f"http://{inner}"
    return host


def bare_host(host: str) -> str:
    host = host.lower().rstrip(".")
    return host.removeprefix("www.")


def suffixes(host: str) -> Iterable[str]:
    """`a.b.c` → `a.b.c`, `b.c`: the host and each parent domain, longest first."""
    labels = host.split(".")
    for start in range(len(labels) - 1):
        yield ".".join(labels[start:])


def publisher_of(host: str, by_host: Mapping[str, P]) -> P | None:
    """The publisher whose listed host is the longest suffix of `host`, if any."""
    for suffix in suffixes(host):
        if suffix in by_host:
            return by_host[suffix]
    return None
