"""Polite HTTP for the watcher: one client, a User-Agent naming dyadwatch, timeouts, a size limit per
response, conditional GET, robots.txt read once per host, and a minimum pause between two requests
to the same host.

`Fetcher.get` never raises for what a server or the network does: the outcome is a `Fetched` with a
status, or a `FetchError` naming the URL and the reason in one line.
"""
from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from dyadwatch import __version__
from dyadwatch.errors import DyadwatchError

# The project has no public address to name yet; the product token and a plain description say who asks.
USER_AGENT = f"dyadwatch/{__version__} (political event data from news; feed watcher)"
ROBOTS_MAX_BYTES = 512 * 1024


class FetchError(DyadwatchError):
    """A URL could not be fetched; the message names it and says why, in one line."""

    def __init__(self, url: str, reason: str):
        self.url = url
        self.reason = reason
        super().__init__(f"{url}: {reason}")


@dataclass
class Fetched:
    """One response: 200 with a body, or 304 (not modified) without one."""

    url: str  # after redirects
    status: int
    body: bytes = b""
    etag: str | None = None
    last_modified: str | None = None
    content_type: str = ""

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class Fetcher:
    """Fetches URLs for one watcher run (robots.txt files and host pauses live as long as it does).

    `timeout`: seconds to connect and between bytes; `max_bytes`: a response over this is refused;
    `host_interval`: seconds at least between two requests to one host; `wait(seconds)` pauses and
    returns True when the watcher is stopping (so a pause never delays a stop).
    """

    def __init__(self, *, timeout: float = 20.0, max_bytes: int = 5 * 1024 * 1024, host_interval: float = 1.0,
                 user_agent: str = USER_AGENT, wait: Callable[[float], bool] | None = None):
        self.max_bytes = max_bytes
        self.host_interval = host_interval
        self.user_agent = user_agent
        self._wait = wait or (lambda seconds: time.sleep(seconds) or False)
        self._client = httpx.Client(timeout=timeout, follow_redirects=True, headers={"User-Agent": user_agent})
        self._robots: dict[str, RobotFileParser] = {}
        self._last_request: dict[str, float] = {}
        self._lock = threading.Lock()

    def close(self) -> None:
        self._client.close()

    def allowed(self, url: str) -> bool:
        """robots.txt of the URL's host lets this User-Agent fetch it (read once per host per run)."""
        host = _host(url)
        if host not in self._robots:
            self._robots[host] = self._read_robots(url)
        return self._robots[host].can_fetch(self.user_agent, url)

    def get(self, url: str, *, etag: str | None = None, last_modified: str | None = None) -> Fetched:
        """GET `url` (conditional when validators are given); raises FetchError with the reason."""
        if not self.allowed(url):
            raise FetchError(url, "disallowed by the site's robots.txt")
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        return self._request(url, headers, self.max_bytes)

    def _request(self, url: str, headers: dict[str, str], max_bytes: int) -> Fetched:
        self._pace(_host(url))
        try:
            with self._client.stream("GET", url, headers=headers) as response:
                if response.status_code == 304:
                    return Fetched(str(response.url), 304, etag=response.headers.get("ETag") or headers.get(
                        "If-None-Match"), last_modified=headers.get("If-Modified-Since"))
                if response.status_code >= 400:
                    raise FetchError(url, f"HTTP {response.status_code} {response.reason_phrase}".rstrip())
                declared = response.headers.get("Content-Length")
                if declared and declared.isdigit() and int(declared) > max_bytes:
                    raise FetchError(url, f"response is {declared} bytes, over the limit of {max_bytes} bytes")
                body = bytearray()
                for chunk in response.iter_bytes():
                    body += chunk
                    if len(body) > max_bytes:
                        raise FetchError(url, f"response is over the limit of {max_bytes} bytes")
                return Fetched(
                    str(response.url), response.status_code, bytes(body), etag=response.headers.get("ETag"),
                    last_modified=response.headers.get("Last-Modified"),
                    content_type=response.headers.get("Content-Type", ""),
                )
        except httpx.TimeoutException:
            raise FetchError(url, "timed out") from None
        except httpx.InvalidURL as exc:
            raise FetchError(url, f"not a URL that can be fetched ({exc})") from None
        except httpx.HTTPError as exc:  # refused connection, unknown host, broken transfer, too many redirects
            raise FetchError(url, f"cannot fetch: {type(exc).__name__}: {exc}".rstrip(": ")) from None

    def _pace(self, host: str) -> None:
        """Wait until `host_interval` seconds have passed since the last request to `host`."""
        with self._lock:
            due = self._last_request.get(host, 0.0) + self.host_interval
            pause = due - time.monotonic()
        if pause > 0:
            self._wait(pause)
        with self._lock:
            self._last_request[host] = time.monotonic()

    def _read_robots(self, url: str) -> RobotFileParser:
        """The host's robots.txt; none (404 or any 4xx but 401/403) allows everything, 401/403 forbid
        everything (as urllib.robotparser reads them). A host that cannot be reached or answers 5xx
        is treated as allowing: the request that follows fails on its own and is reported."""
        parts = urlsplit(url)
        robots_url = f"{parts.scheme}://{parts.netloc}/robots.txt"
        parser = RobotFileParser(robots_url)
        try:
            fetched = self._request(robots_url, {}, ROBOTS_MAX_BYTES)
        except FetchError as exc:
            if " 401 " in f"{exc.reason} " or " 403 " in f"{exc.reason} ":
                parser.disallow_all = True
            else:
                parser.allow_all = True
            return parser
        parser.parse(fetched.body.decode("utf-8", errors="replace").splitlines())
        return parser


def _host(url: str) -> str:
    try:
        return urlsplit(url).netloc.lower()
    except ValueError:
        return url
