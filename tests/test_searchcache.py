"""Search entries from the build cache (``docs/_hooks/searchcache.py``).

A page's search entries are Material's own, the same in the same order, whether computed or
served from the cache; the page is read again when its HTML, its URL or its table of
contents changes, and only then.
"""

from __future__ import annotations

import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

ROOT = Path(__file__).resolve().parent.parent
HOOKS = ROOT / "docs" / "_hooks"
if str(HOOKS) not in sys.path:
    sys.path.insert(0, str(HOOKS))

pytest.importorskip("material.plugins.search.plugin", reason="the docs extra (mkdocs-material) is not installed")

import buildcache  # noqa: E402
import searchcache  # noqa: E402
from material.plugins.search.plugin import SearchIndex  # noqa: E402

from tests.test_buildcache import cache  # noqa: E402,F401  (the fixture: an empty cache for this test)

HTML = """<h1 id="loss">The loss</h1><p>The squared error of one output.</p>
<h2 id="derivative">Its derivative</h2><p>The slope is the error, <code>y_pred - y_true</code>.</p>"""


def page(content: str = HTML, url: str = "loss/") -> SimpleNamespace:
    toc = [SimpleNamespace(id="loss", url="#loss", children=[SimpleNamespace(id="derivative", url="#derivative",
                                                                               children=[])])]
    return SimpleNamespace(content=content, url=url, title="The loss", meta={}, toc=toc)


@pytest.fixture
def wrapped(monkeypatch):
    """SearchIndex with the hook's wrapper, undone after the test; and Material's own method."""
    original = SearchIndex.add_entry_from_context
    monkeypatch.setattr(SearchIndex, "add_entry_from_context", original)
    searchcache._wrap(SearchIndex)
    return original


def entries_of(add, a_page) -> list[dict]:
    index = SearchIndex(lang=["en"], separator=r"[\s\-]+", pipeline=[])
    add(index, a_page)
    return index.entries


def test_entries_are_materials_whether_computed_or_cached(cache, wrapped):  # noqa: F811
    expected = entries_of(wrapped, page())
    assert len(expected) == 2 and expected[1]["location"] == "loss/#derivative", expected

    first = entries_of(SearchIndex.add_entry_from_context, page())
    second = entries_of(SearchIndex.add_entry_from_context, page())
    assert first == expected and second == expected
    assert [how for _, how, _ in buildcache.stats()] == ["computed", "cached"]


def test_a_changed_page_is_read_again(cache, wrapped):  # noqa: F811
    entries_of(SearchIndex.add_entry_from_context, page())
    edited = HTML.replace("The slope is the error", "The slope is the error, a new sentence")
    got = entries_of(SearchIndex.add_entry_from_context, page(edited))
    assert got == entries_of(wrapped, page(edited)) and "a new sentence" in got[1]["text"]
    moved = entries_of(SearchIndex.add_entry_from_context, page(url="ja/loss/"))
    assert moved[1]["location"] == "ja/loss/#derivative", moved
    assert [how for _, how, _ in buildcache.stats()] == ["computed", "computed", "computed"]


def test_the_wrapper_is_put_on_once(wrapped):
    """Each build's ``on_config`` wraps again: a second wrap must not wrap the wrapper."""
    first = SearchIndex.add_entry_from_context
    searchcache._wrap(SearchIndex)
    searchcache._wrap(SearchIndex)
    assert SearchIndex.add_entry_from_context is first
