"""MkDocs hook: each page's search entries from the build cache when the page is unchanged.

Material's search plugin reads every page's HTML with ``html.parser`` on every build, to cut
it into the sections of the search index. Under ``mkdocs serve`` that was the largest part
of a rebuild after a one-line prose edit (about two fifths of it, both languages counted),
though only the edited page had changed. Here the sections of a page are an artifact of
``buildcache`` (``search NAME``), keyed by the page's URL, title, table of contents and a
hash of its HTML, and by the search plugin's code and version (the cache's roots): a page
whose HTML did not change is not read again; any change to it, or to the plugin, reads it.

The plugin's ``SearchIndex.add_entry_from_context`` is wrapped once per process; the
entries it adds are the same, in the same order.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

HOOKS_DIR = Path(__file__).resolve().parent
if str(HOOKS_DIR) not in sys.path:
    sys.path.insert(0, str(HOOKS_DIR))
import buildcache  # noqa: E402  (docs/_hooks/buildcache.py)


def _toc(items) -> list:
    return [(item.id, item.url, _toc(item.children)) for item in items]


def _wrap(index_class) -> None:
    original = index_class.add_entry_from_context
    if getattr(original, "scratchnet_cached", False):
        return

    def add_entry_from_context(self, page):
        computed = []

        def compute():
            before = len(self.entries)
            original(self, page)
            computed.append(True)
            return self.entries[before:]

        params = (page.title, repr(page.meta), _toc(page.toc), repr(sorted(self.config.items())),  # URL: in the name
                  hashlib.sha256(page.content.encode("utf-8")).hexdigest())
        entries = buildcache.get(f"search {page.url or 'index'}", compute, params=params, roots=[original])
        if not computed:
            self.entries.extend(entries)

    add_entry_from_context.scratchnet_cached = True
    index_class.add_entry_from_context = add_entry_from_context


def on_config(config):
    search = config.plugins.get("material/search") or config.plugins.get("search")
    if search is not None:
        from material.plugins.search.plugin import SearchIndex
        _wrap(SearchIndex)
    return config
