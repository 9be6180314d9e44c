"""Build the site once per test session, list its pages, and serve it on 127.0.0.1.

Shared by the link check (``tests/test_site_links.py``) and the browser tests
(``tests/browser/``). A build is cached per process and per variant, so however many tests
ask for the site, ``mkdocs build --strict`` runs once:

* ``"root"``: the site as ``mkdocs.yml`` builds it, served at ``/`` by the same handler as
  ``python -m http.server`` (a downloaded folder, served as-is);
* ``"subpath"``: the same site built with a ``site_url`` that has a path
  (:data:`SUBPATH_SITE_URL`), served only under that path, as on a course server.

Builds go to pytest's temporary directories, never to ``site/``. ``build_ahead`` starts the
builds a session will need in a background thread, one after the other (the second finds
the first one's artifacts in the build cache), so they run while other tests do.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from tests import i18n

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
CONFIG = ROOT / "mkdocs.yml"

#: The sub-path build's ``site_url``: a course server that hosts the site in a sub-folder.
#: Its host is never contacted: a request to it is an external request, and fails the tests.
SUBPATH_SITE_URL = "https://course.example.org/sub/path/"

#: Build timeout in seconds; machines are shared and figures are drawn during the build.
BUILD_TIMEOUT = 900

_BUILD_WITH_SITE_URL = """
import logging
import sys
from mkdocs.commands import build
from mkdocs.config import load_config

logging.basicConfig(level=logging.INFO, format="%(levelname)-7s -  %(message)s")

config = load_config(config_file=sys.argv[1], site_url=sys.argv[2], site_dir=sys.argv[3], strict=True)
config.plugins.on_startup(command="build", dirty=False)
try:
    build.build(config)
finally:
    config.plugins.on_shutdown()
"""


class BuildError(RuntimeError):
    """``mkdocs build --strict`` failed; the message carries its output."""


def build_site(site_dir: Path, site_url: str | None = None) -> Path:
    """Build the site with ``mkdocs build --strict`` into ``site_dir`` and return it.

    Runs in a subprocess with this interpreter, from the project root (the hooks import
    ``scratchnet`` from there). With ``site_url``, the config is ``mkdocs.yml`` with only
    ``site_url`` changed (MkDocs' own ``load_config`` overrides), so nothing is written
    beside ``mkdocs.yml``.
    """
    if site_url is None:
        command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(CONFIG), "-d", str(site_dir)]
    else:
        command = [sys.executable, "-c", _BUILD_WITH_SITE_URL, str(CONFIG), site_url, str(site_dir)]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}
    done = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=BUILD_TIMEOUT, check=False
    )
    if done.returncode != 0:
        raise BuildError(
            f"mkdocs build --strict failed (exit {done.returncode}, site_url={site_url!r}):\n"
            + (done.stdout + done.stderr)[-6000:]
        )
    return site_dir


@dataclass(frozen=True)
class Build:
    """One built copy of the site: its folder and the URL path it is served under."""

    name: str
    site_dir: Path
    base_path: str  # "/" or "/sub/path/"
    site_url: str | None
    #: ``{url path: Markdown text}`` read just before the build (pages change while tests run)
    sources: dict[str, str] = field(repr=False)


_BUILDS: dict[str, Build] = {}
_FAILED: dict[str, BuildError] = {}
_LOCK = threading.Lock()


def shared_build(tmp_path_factory, name: str = "root") -> Build:
    """The session's build ``name`` ("root" or "subpath"), built on first use only."""
    with _LOCK:
        if name in _FAILED:  # a failed build is not retried by every test that needs it
            raise _FAILED[name]
        if name not in _BUILDS:
            if name == "root":
                site_url, base_path = None, "/"
            elif name == "subpath":
                site_url, base_path = SUBPATH_SITE_URL, urlsplit(SUBPATH_SITE_URL).path
            else:
                raise ValueError(f"unknown build {name!r}")
            site_dir = tmp_path_factory.mktemp(f"site-{name}", numbered=True)
            sources = {path: markdown.read_text(encoding="utf-8") for path, markdown in source_pages().items()}
            try:
                build_site(site_dir, site_url)
            except BuildError as error:
                _FAILED[name] = error
                raise
            _BUILDS[name] = Build(name, site_dir, base_path, site_url, sources)
        return _BUILDS[name]


#: The builds a test needs, by the fixtures it uses (``build`` is test_site_links' parametrized one).
FIXTURE_BUILDS = {"root_build": ("root",), "server": ("root",), "subpath_server": ("subpath",)}


def builds_needed(items) -> list[str]:
    """The builds (in build order) that the collected test ``items`` will ask for."""
    needed = set()
    for item in items:
        for name in getattr(item, "fixturenames", ()):
            needed.update(FIXTURE_BUILDS.get(name, ()))
        callspec = getattr(item, "callspec", None)
        if callspec is not None and callspec.params.get("build") in ("root", "subpath"):
            needed.add(callspec.params["build"])
    return [name for name in ("root", "subpath") if name in needed]


def build_ahead(tmp_path_factory, names: list[str]) -> threading.Thread | None:
    """Start ``names`` building in a background thread; ``shared_build`` waits for them."""
    if not names:
        return None

    def run():
        for name in names:
            try:
                shared_build(tmp_path_factory, name)
            except BuildError:
                pass                     # kept in _FAILED: the test that asks for it fails with it

    thread = threading.Thread(target=run, name="site-builds-ahead", daemon=True)
    thread.start()
    return thread


# ---------------------------------------------------------------------------------- pages


def _excluded(relative: Path) -> bool:
    # mkdocs.yml: exclude_docs: _hooks/ ; and MkDocs never renders dot-files
    return any(part.startswith(("_", ".")) for part in relative.parts)


def page_path(markdown: Path, locale: str | None = None) -> str:
    """The URL path (relative to the site root) of a page, from its Markdown file.

    ``index.md`` is ``""``, ``forward.md`` is ``"forward/"`` (directory URLs, MkDocs' default).
    A translation is built under its language's folder (``mkdocs-static-i18n``, suffix layout):
    ``forward.ja.md`` is ``"ja/forward/"``, ``index.ja.md`` is ``"ja/"``; ``locale`` puts a page
    there whatever its file name (a page the language falls back to).
    """
    locale = locale or i18n.locale_of(markdown)
    relative = markdown.relative_to(DOCS)
    stem = relative.name.split(".")[0]
    parts = [*relative.parent.parts, stem]
    if parts[-1] in ("index", "README"):
        parts = parts[:-1]
    if locale and locale != i18n.default_language().locale:
        parts = [locale, *parts]
    return "".join(part + "/" for part in parts)


def source_pages() -> dict[str, Path]:
    """Every page the build renders, as ``{url path: Markdown file}``, in a stable order.

    Read from ``docs/`` (not the nav), so a page added anywhere is tested; the strict build
    fails on a page missing from the nav, and :func:`built_pages` checks the built site has
    exactly these pages. Each language has a page for every English one: its twin
    (``NAME.ja.md``), or, until that exists, the English page the build falls back to.
    The English pages come first, then each language's, each with its home page first.
    """
    found = {}
    for locale in [None] + [lang.locale for lang in i18n.translations()]:
        pages = {}
        for markdown in i18n.english_pages():
            twin = i18n.twin(markdown, locale) if locale else markdown
            pages[page_path(markdown, locale)] = twin if twin.exists() else markdown
        found.update(sorted(pages.items(), key=lambda item: (item[0].count("/") > (1 if locale else 0), item[0])))
    return found


def page_locale(path: str) -> str:
    """The language of a page path: ``"ja"`` for ``"ja/forward/"``, the default's otherwise."""
    first = path.split("/", 1)[0]
    for lang in i18n.translations():
        if first == lang.locale:
            return lang.locale
    return i18n.default_language().locale


def built_pages(site_dir: Path) -> list[str]:
    """Every page of a built site, found by walking its HTML files (404.html excluded)."""
    pages = []
    for html_file in sorted(site_dir.rglob("*.html")):
        relative = html_file.relative_to(site_dir)
        if relative.as_posix() == "404.html":
            continue
        if relative.name != "index.html":
            pages.append(relative.as_posix())  # not a directory URL: reported by the caller
            continue
        parent = relative.parent.as_posix()
        pages.append("" if parent == "." else parent + "/")
    return pages


def page_id(path: str) -> str:
    """A readable test id for a page path: ``index`` for the home page, ``ja/index`` for the Japanese one."""
    path = path.rstrip("/")
    if path in {lang.locale for lang in i18n.translations()}:
        return path + "/index"
    return path or "index"


def has_math(markdown_text: str) -> bool:
    """Whether Markdown prose (code and comments removed) has LaTeX math, as arithmatex finds it."""
    text = re.sub(r"^([ \t]*)(`{3,}|~{3,})[^\n]*\n.*?^\1\2[ \t]*$", "", markdown_text, flags=re.S | re.M)
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    text = re.sub(r"(`+).+?\1", "", text, flags=re.S)  # inline code
    return bool(
        re.search(r"\$\$|\\\(|\\\[|\\begin\{", text)
        or re.search(r"(?<![\\$])\$(?![\s$])[^$\n]+?(?<![\s\\])\$(?!\d)", text)
    )


# ---------------------------------------------------------------------------------- serving


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """``python -m http.server``'s handler, quiet, optionally serving under a URL prefix."""

    prefix = "/"

    def translate_path(self, path: str) -> str:
        raw = urlsplit(path).path
        if not raw.startswith(self.prefix):
            # outside the folder the site is published in: 404 (a path that cannot exist)
            return os.path.join(self.directory, "outside-the-site-prefix", "does-not-exist")
        return super().translate_path(raw[len(self.prefix) - 1 :])

    def log_message(self, format, *args):  # noqa: A002 (http.server's signature)
        pass


class SiteServer:
    """Serve a folder on 127.0.0.1 (a free port) from a background thread.

    ``prefix="/"`` is exactly ``python -m http.server --directory SITE``; another prefix
    serves the folder only under that path, and 404s everything else.
    """

    def __init__(self, directory: Path, prefix: str = "/"):
        handler = type("Handler", (_QuietHandler,), {"prefix": prefix})
        self._httpd = http.server.ThreadingHTTPServer(
            ("127.0.0.1", 0), functools.partial(handler, directory=str(directory))
        )
        self._httpd.daemon_threads = True
        self.host, self.port = self._httpd.server_address[:2]
        self.origin = f"http://{self.host}:{self.port}"
        self.prefix = prefix
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="site-server", daemon=True)
        self._thread.start()

    def url(self, path: str = "") -> str:
        """The full URL of a path relative to the site root (``"forward/"``)."""
        return self.origin + self.prefix + path.lstrip("/")

    def close(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=10)
