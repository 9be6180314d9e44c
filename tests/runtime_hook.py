"""Load ``docs/_hooks/runtime.py`` (the in-browser runtime and notebooks hook) for the tests."""

from __future__ import annotations

import importlib.util
import io
import re
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOOK = ROOT / "docs" / "_hooks" / "runtime.py"


@lru_cache(maxsize=1)
def hook():
    spec = importlib.util.spec_from_file_location("runtime_hook_under_test", HOOK)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@lru_cache(maxsize=1)
def expander():
    from mkdocs.config import load_config

    return hook().snippet_expander(load_config(str(ROOT / "mkdocs.yml")))


def blocks_of(markdown: Path) -> list[dict]:
    """The blocks the build lists for a page (what gets a Run button), in order."""
    return hook().page_blocks(markdown.read_text(encoding="utf-8"), expander())


def pages_with_blocks() -> list[str]:
    """URL paths of the pages that have a ``python`` block (each gets Run buttons and a notebook)."""
    from tests import site_build

    fence = re.compile(r"^\s*`{3,}\s*(python|py)\b", re.M)
    return [path for path, md in site_build.source_pages().items() if fence.search(md.read_text(encoding="utf-8"))]


def plugin_blocks(markdown: Path) -> list[tuple[str, str | None]]:
    """The blocks ``tests/docs_plugin.py`` runs for a page, as (code, expected output), in order."""
    from pytest_codeblocks import extract_from_buffer

    from tests.docs_plugin import EXECUTABLE, expand_snippets

    found = []
    for block in extract_from_buffer(io.StringIO(markdown.read_text(encoding="utf-8"))):
        info = (block.syntax or "").strip()
        if info and info.split()[0].lower() in EXECUTABLE:
            found.append((expand_snippets(block.code), block.expected_output))
    return found
