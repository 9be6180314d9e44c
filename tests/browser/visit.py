"""One page load in a fresh browser context, with everything the page did recorded.

Every request is recorded (``context.on("request")``) and every request that would leave
the site's origin is aborted by a route on ``**/*``, so nothing leaks even while a test
fails. Console errors, page errors, failed requests and HTTP errors are collected for the
whole life of the visit, so clicks and palette switches are covered too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

#: Schemes that never reach the network.
LOCAL_SCHEMES = {"data", "blob", "about"}


@dataclass
class RequestTotals:
    """Counts over the whole session, for the terminal summary."""

    loads: int = 0
    requests: int = 0
    outside: list[str] = field(default_factory=list)
    weights: dict[str, int] = field(default_factory=dict)  # page url -> bytes on first load


TOTALS = RequestTotals()


def same_origin(url: str, origin: str) -> bool:
    split = urlsplit(url)
    if split.scheme in LOCAL_SCHEMES:
        return True
    return f"{split.scheme}://{split.netloc}" == origin


class Visit:
    """Open ``url`` in a new context of ``browser``; ``origin`` is the site's own origin."""

    def __init__(self, browser, url: str, origin: str, color_scheme: str = "light", permissions=(),
                 viewport: dict | None = None):
        self.url = url
        self.origin = origin
        self.requests: list = []
        self.outside: list[str] = []
        self.console_errors: list[str] = []
        self.page_errors: list[str] = []
        self.failed: list[str] = []
        self.context = browser.new_context(
            viewport=viewport or {"width": 1280, "height": 900},
            color_scheme=color_scheme,
            permissions=list(permissions),
            service_workers="block",
        )
        self.context.set_default_timeout(60_000)
        self.context.set_default_navigation_timeout(120_000)
        self.context.route("**/*", self._route)
        self.context.on("request", self._on_request)
        self.context.on("requestfailed", self._on_request_failed)
        self.context.on("response", self._on_response)
        self.page = self.context.new_page()
        self.page.on("console", self._on_console)
        self.page.on("pageerror", lambda error: self.page_errors.append(f"{error}"))
        self.page.goto(url, wait_until="load")
        self.settle()
        # Material's bundle has run: its observables are on window
        self.page.wait_for_function("() => typeof window.component$ !== 'undefined'")
        self.load_requests = list(self.requests)
        TOTALS.loads += 1

    # -- recording

    def _route(self, route):
        if same_origin(route.request.url, self.origin):
            route.continue_()
        else:
            route.abort("blockedbyclient")

    def _on_request(self, request):
        self.requests.append(request)
        TOTALS.requests += 1
        if not same_origin(request.url, self.origin):
            self.outside.append(request.url)
            TOTALS.outside.append(request.url)

    def _on_request_failed(self, request):
        self.failed.append(f"{request.method} {request.url}: {request.failure}")

    def _on_response(self, response):
        if response.status >= 400:
            self.failed.append(f"{response.request.method} {response.url}: HTTP {response.status}")

    def _on_console(self, message):
        if message.type == "error":
            location = message.location or {}
            where = f" ({location.get('url', '')}:{location.get('lineNumber', '')})" if location else ""
            self.console_errors.append(f"{message.text}{where}")

    # -- helpers

    def settle(self) -> None:
        """Wait until the network has been idle for a moment."""
        self.page.wait_for_load_state("networkidle")

    def first_load_bytes(self) -> int:
        """Bytes of every response of the first load (bodies and headers)."""
        total = 0
        for request in self.load_requests:
            if request.failure is not None or not same_origin(request.url, self.origin):
                continue
            response = request.response()
            if response is None:
                continue
            try:
                sizes = request.sizes()
                total += sizes["responseBodySize"] + sizes["responseHeadersSize"]
            except Exception:  # sizes unavailable (e.g. a data: URL): count the body
                total += len(response.body())
        return total

    def problems(self) -> list[str]:
        return (
            [f"console error: {text}" for text in self.console_errors]
            + [f"page error: {text}" for text in self.page_errors]
            + [f"failed request: {text}" for text in self.failed]
        )

    def close(self) -> None:
        self.context.close()
