"""A pure-Python check of a built site's links, anchors and asset paths.

Reads every HTML file of the build and resolves, as a browser would:

* every ``<a href>`` / ``<area href>`` inside the site: the file exists and, with a
  ``#fragment``, the target page has an element with that ``id`` (or ``<a name>``);
* every ``<img src/srcset>``, ``<source src/srcset>``, ``<script src>``, ``<iframe src>``,
  ``<video/audio src>``, ``<object data>`` and ``<link href>``: the file exists inside the
  site. Any of these pointing outside the site is a request to a third party: a problem.
  (``<link rel="canonical|alternate">`` is not fetched; it must still resolve when it
  points into the site's own ``site_url``.)
* the search index's locations (what a search result links to) and, when ``site_url``
  is set, the sitemap's URLs.

Links out of the site (``<a href="https://...">``) are not requests; they are listed, not
failed. In a build without ``site_url`` every path must be relative (the folder then
works wherever it is served); only ``404.html`` is absolute, by MkDocs' design.
"""

from __future__ import annotations

import json
import posixpath
import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

#: Tag -> attributes that load or link to a URL.
URL_ATTRIBUTES = {
    "a": ("href",),
    "area": ("href",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "script": ("src",),
    "iframe": ("src",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "link": ("href",),
}
#: ``<link rel>`` values that the browser does not fetch.
NOT_FETCHED_RELS = {"canonical", "alternate", "author", "license", "help", "me", "bookmark"}
#: Tags whose URL is navigation, not a request.
NAVIGATION_TAGS = {"a", "area"}


@dataclass
class Reference:
    page: str  # site-relative path of the HTML file
    tag: str
    attribute: str
    value: str
    rel: str = ""

    def __str__(self):
        rel = f' rel="{self.rel}"' if self.rel else ""
        return f'{self.page}: <{self.tag}{rel} {self.attribute}="{self.value}">'


@dataclass
class ParsedPage:
    ids: set[str] = field(default_factory=set)
    references: list[Reference] = field(default_factory=list)


class _Collector(HTMLParser):
    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.page = page
        self.result = ParsedPage()

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if attributes.get("id"):
            self.result.ids.add(attributes["id"])
        if tag == "a" and attributes.get("name"):
            self.result.ids.add(attributes["name"])
        for attribute in URL_ATTRIBUTES.get(tag, ()):
            value = attributes.get(attribute)
            if value is None:
                continue
            rel = (attributes.get("rel") or "").strip().lower()
            if attribute == "srcset":
                for candidate in value.split(","):
                    url = candidate.strip().split(" ")[0]
                    if url:
                        self.result.references.append(Reference(self.page, tag, attribute, url, rel))
            else:
                self.result.references.append(Reference(self.page, tag, attribute, value.strip(), rel))

    handle_startendtag = handle_starttag


def parse_html(path: Path, page: str) -> ParsedPage:
    collector = _Collector(page)
    collector.feed(path.read_text(encoding="utf-8"))
    collector.close()
    return collector.result


@dataclass
class LinkReport:
    problems: list[str]
    outbound: dict[str, list[str]]  # external <a href> -> pages linking to it
    checked: int  # references resolved inside the site
    anchors: int  # of which with a #fragment


class SiteLinks:
    """Resolve URLs of one built site, published at ``base_path`` (``/`` or ``/sub/path/``)."""

    def __init__(self, site_dir: Path, base_path: str = "/", site_url: str | None = None):
        self.site_dir = site_dir
        self.base_path = base_path
        self.site_url = site_url
        self.pages: dict[str, ParsedPage] = {}
        for html_file in sorted(site_dir.rglob("*.html")):
            relative = html_file.relative_to(site_dir).as_posix()
            self.pages[relative] = parse_html(html_file, relative)

    def page_url(self, relative: str) -> str:
        """The URL path a browser shows for an HTML file (directory URLs)."""
        if relative.endswith("index.html"):
            return self.base_path + relative[: -len("index.html")]
        return self.base_path + relative

    def target_file(self, url_path: str) -> tuple[str | None, str]:
        """``(problem, file)`` for an absolute URL path: the site-relative file it serves."""
        if not url_path.startswith(self.base_path):
            return f"points outside the site's folder ({url_path})", ""
        relative = posixpath.normpath(unquote(url_path[len(self.base_path) :]) or ".")
        if relative == ".." or relative.startswith("../"):
            return f"points outside the site's folder ({url_path})", ""
        candidate = self.site_dir / relative
        if candidate.is_dir():  # a directory URL: its index.html (http.server adds the slash)
            candidate = candidate / "index.html"
        if not candidate.is_file():
            return f"no such file ({url_path})", ""
        return None, candidate.relative_to(self.site_dir).as_posix()

    def resolve(self, url: str, from_url: str, what: str, fetched: bool) -> tuple[str | None, str | None]:
        """Resolve ``url`` as seen on the page at ``from_url``.

        Returns ``(problem, None)`` when it is broken, ``(None, file)`` when it resolves to a
        file of the site, and ``(None, None)`` for a link out of the site (not a request).
        """
        split = urlsplit(url)
        scheme = split.scheme.lower()
        if scheme in ("mailto", "tel") and not fetched:
            return None, None
        if scheme == "data" and fetched:
            return None, "data:"
        if scheme == "javascript":
            return f"{what}: javascript: URL", None
        if scheme in ("http", "https") or url.startswith("//"):
            absolute = urljoin("https:", url) if url.startswith("//") else url
            if self.site_url and (absolute.startswith(self.site_url) or absolute == self.site_url.rstrip("/")):
                url = urlsplit(absolute)._replace(scheme="", netloc="").geturl() or "/"
            elif fetched:
                return f"{what}: requests a third party ({absolute})", None
            else:
                return None, None  # an outbound link: not a request
        elif scheme:
            return f"{what}: unexpected URL scheme {scheme!r}", None
        absolute = url.startswith("/") and not url.startswith("//")
        if absolute and self.site_url is None and not what.startswith("404.html"):
            return f"{what}: absolute path (breaks when the folder is served under a sub-path)", None
        joined = urlsplit(urljoin(from_url, url))
        problem, target = self.target_file(joined.path)
        if problem:
            return f"{what}: {problem}", None
        fragment = unquote(joined.fragment)
        if fragment:
            if not target.endswith(".html"):
                return f"{what}: #{fragment} on a non-HTML file {target}", None
            if fragment not in self.pages[target].ids:
                return f"{what}: no element with id {fragment!r} in {target}", None
        return None, target

    def check(self) -> LinkReport:
        problems: list[str] = []
        outbound: dict[str, list[str]] = defaultdict(list)
        checked = anchors = 0
        for relative, parsed in self.pages.items():
            from_url = "http://site.invalid" + self.page_url(relative)
            for ref in parsed.references:
                fetched = ref.tag not in NAVIGATION_TAGS and not (
                    ref.tag == "link" and set(ref.rel.split()) & NOT_FETCHED_RELS
                )
                if not ref.value:
                    problems.append(f"{ref}: empty URL")
                    continue
                if ref.value == "#":  # top of the page
                    continue
                problem, target = self.resolve(ref.value, from_url, str(ref), fetched)
                if problem:
                    problems.append(problem)
                elif target is None:
                    outbound[ref.value].append(relative)
                else:
                    checked += 1
                    anchors += "#" in ref.value
        problems += self.check_search_index()
        problems += self.check_sitemap()
        return LinkReport(problems, dict(outbound), checked, anchors)

    def check_search_index(self) -> list[str]:
        """Every search result's location (``page/#anchor``) resolves."""
        index_file = self.site_dir / "search" / "search_index.json"
        if not index_file.is_file():
            return ["search/search_index.json is missing: search cannot work"]
        problems = []
        for doc in json.loads(index_file.read_text(encoding="utf-8"))["docs"]:
            what = f"search result {doc['location']!r} ({doc.get('title', '')!r})"
            problem, _ = self.resolve(doc["location"], "http://site.invalid" + self.base_path, what, fetched=False)
            if problem:
                problems.append(problem)
        return problems

    def check_sitemap(self) -> list[str]:
        """With ``site_url``, every sitemap URL is a page of this build."""
        if not self.site_url:
            return []
        sitemap = self.site_dir / "sitemap.xml"
        if not sitemap.is_file():
            return ["sitemap.xml is missing"]
        problems = []
        locations = [el.text or "" for el in ET.parse(sitemap).iter() if re.sub(r"\{.*\}", "", el.tag) == "loc"]
        if not locations:
            problems.append("sitemap.xml lists no page although site_url is set")
        for loc in locations:
            if not loc.startswith(self.site_url):
                problems.append(f"sitemap URL {loc} is not under site_url {self.site_url}")
                continue
            problem, _ = self.resolve(loc, "http://site.invalid" + self.base_path, f"sitemap URL {loc}", fetched=False)
            if problem:
                problems.append(problem)
        return problems
