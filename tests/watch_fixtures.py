"""A feed server on 127.0.0.1 for the watcher's tests, and small invented articles.

`FeedServer` serves whatever `routes` holds at the moment of the request, so a test changes a feed
between rounds by assigning to it. A route is a `Route`: status, body, content type, an ETag (a
request naming it gets 304), and a delay (to make a client time out).
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from email.utils import format_datetime
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    body: str | bytes = ""
    status: int = 200
    content_type: str = "application/rss+xml; charset=utf-8"
    etag: str | None = None
    delay: float = 0.0


class FeedServer:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []  # (path, headers) in order
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                server.requests.append((self.path, dict(self.headers)))
                route = server.routes.get(self.path)
                if route is None:
                    self._send(404, b"not here", "text/plain")
                    return
                if route.delay:
                    time.sleep(route.delay)
                if route.etag and self.headers.get("If-None-Match") == route.etag:
                    self.send_response(304)
                    self.send_header("ETag", route.etag)
                    self.end_headers()
                    return
                body = route.body.encode("utf-8") if isinstance(route.body, str) else route.body
                self._send(route.status, body, route.content_type, route.etag)

            def _send(self, status: int, body: bytes, content_type: str, etag: str | None = None) -> None:
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", content_type)
                    self.send_header("Content-Length", str(len(body)))
                    if etag:
                        self.send_header("ETag", etag)
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):  # the client gave up (a timeout test)
                    pass

            def log_message(self, *args) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def __enter__(self) -> FeedServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def paths_requested(self) -> list[str]:
        return [path for path, _ in self.requests]


# Invented reporting: made-up places and officials, a few sentences each.
STORIES = [
    ("Harbour talks resume", "The foreign minister of Japan met the Chinese ambassador in Tokyo on Monday. "
     "The two sides agreed to resume talks on fishing rights near the disputed islands. "
     "Officials said a first meeting would take place next month."),
    ("Grain corridor offer", "Turkey offered to host a meeting between Ukraine and Russia on grain shipments. "
     "The Turkish president said the talks could begin within two weeks. "
     "A spokesman in Kyiv welcomed the proposal."),
    ("Border patrol dispute", "India accused Pakistan of firing on a border patrol near a mountain pass. "
     "The Indian army said no soldiers were hurt. Pakistan denied the claim on Tuesday."),
    ("Aid pledge for flood relief", "Germany pledged 40 million euros to help Bangladesh after severe floods. "
     "The German development minister announced the aid in Berlin. "
     "The money will go to shelters and clean water."),
    ("Envoy recalled", "Brazil recalled its ambassador from Venezuela after a dispute over a border road. "
     "The Brazilian foreign ministry called the move temporary."),
]


def rss(items: list[tuple[str, str, str]], *, full_text: bool = True, title: str = "Invented Wire") -> str:
    """An RSS 2.0 feed; items are (guid, title, text). With full_text the text is content:encoded,
    otherwise its first sentence as the description and a link the watcher has to follow."""
    when = format_datetime(datetime(2026, 11, 30, 9, 0, tzinfo=timezone.utc))
    entries = []
    for guid, headline, text in items:
        body = (f"<content:encoded><![CDATA[<p>{text}</p>]]></content:encoded>" if full_text
                else f"<description>{text.split('. ')[0].rstrip('.')}.</description>")
        entries.append(f"<item><guid>{guid}</guid><title>{headline}</title><link>{guid}</link>"
                       f"<pubDate>{when}</pubDate>{body}</item>")
    return ('<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
            f"<title>{title}</title><link>http://example.invalid/</link><description>test</description>"
            + "".join(entries) + "</channel></rss>")


def page(headline: str, text: str) -> str:
    paragraphs = "".join(f"<p>{s.strip().rstrip('.')}.</p>" for s in text.split(". ") if s.strip())
    return (f"<!doctype html><html><head><title>{headline}</title></head><body><article><h1>{headline}</h1>"
            f"{paragraphs}</article></body></html>")
