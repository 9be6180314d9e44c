"""MkDocs hook: the seams between the i18n plugin (``mkdocs-static-i18n``) and the rest of the build.

The plugin builds the site once per language, in one process and on one config object:
``/`` in English, then ``/ja/`` (``docs/NAME.ja.md`` beside ``docs/NAME.md``), each a whole
MkDocs build.

1. **mkdocstrings' labels in the build's language.** mkdocstrings reads its locale from
   ``theme.language`` in its ``on_config``, which runs before the plugin's (priority -100)
   sets the language of the build under way, so the Japanese API page kept English labels.
   ``set_language`` runs first (100) and sets ``theme.language`` to the language being
   built; mkdocstrings then labels the Japanese page "パラメータ", "戻り値", ….
2. **One build's additions, once.** mkdocstrings appends its Markdown extension and its
   stylesheet, the runtime hook its stylesheet and script, to the shared config in every
   build. ``drop_repeats`` (after everything, -110) keeps the newest extension of each kind
   and each stylesheet and script once (a script twice would start the Run buttons twice).
3. **Files other hooks generate in memory.** The plugin sorts every file by asking whether
   its ``abs_src_path`` lies in ``docs/``; a file made with ``File.generated(config, name,
   content=...)`` (the figures' SVGs, the player's traces) has none, and the plugin stops
   with a ``TypeError``. ``on_files`` runs after the hooks that generate files and before
   the plugin (-90; the plugin's is -100) and writes each such file's content to a
   temporary folder outside ``docs/``, as its source path. The plugin then keeps it as it
   is, at its own URL. The content stays in memory too; MkDocs writes it from there. A
   generated file that is a language's own copy is named as the plugin names a translated
   file of ``docs/``, ``NAME.LANG.EXT`` (the Japanese build's figures are
   ``figures/NAME.ja.svg``): in LANG's build it goes where the plugin would put such a file,
   ``LANG/NAME.EXT`` (``ja/figures/NAME.svg``), and a link ``figures/NAME.svg`` from that
   build's pages finds it (the plugin's files look for ``NAME.LANG.EXT`` first). Other
   generated files (the player's traces) are kept once, at ``NAME.EXT``, for every language.
4. **The language switcher links relative, on every page.** The plugin points each entry of
   Material's switcher at the current page's twin, but leaves the home pages with the
   absolute ``/`` and ``/ja/``, which break a site served from a sub-folder or opened as
   files. ``on_page_context`` (after the plugin's, 50) sets every entry to the twin's URL,
   which Material's template makes relative to the page. The 404 page, drawn from a
   template after the pages, would keep the last page's links: ``on_template_context``
   gives it the language homes (absolute, as MkDocs makes every link of the 404 page).
5. **No sitemap requests.** Material also writes the switcher's entries into the page's head
   as ``<link rel="alternate" hreflang>``, and its script fetches ``sitemap.xml`` under each
   (it expects language homes there): on ``/ja/forward/`` that is ``/forward/sitemap.xml``
   and ``/ja/forward/sitemap.xml``, two 404s and two console errors on every page, and no
   use: the switcher's links already name each page's twin. ``on_post_page`` removes those
   head links. The site's ``sitemap.xml`` still lists every page with its translations.
6. **One search index per language.** The plugin merges both languages into one
   ``search/search_index.json``, which every page loads on its first visit: twice the
   bytes, and English results on Japanese pages. ``split_search_index`` (``on_post_build``,
   after the plugin's) writes each language its own index, at its own root
   (``ja/search/search_index.json``, locations relative to ``ja/``), and ``on_post_page``
   points the Japanese pages' search at it: Material's ``__config`` ``base`` (from which
   its script fetches the index and resolves the results) becomes the Japanese root. Each
   language searches its own pages only; the English index keeps only the English
   stemmer, the Japanese one segments Japanese words (TinySegmenter) and English ones.
"""

from __future__ import annotations

import atexit
import copy
import json
import os
import posixpath
import re
import shutil
import tempfile
from pathlib import Path
from urllib.parse import quote

from mkdocs.plugins import CombinedEvent, event_priority

_folder: Path | None = None
#: A language alternate in the page's head, as Material's base.html writes it.
_HEAD_ALTERNATE = re.compile(r'^[ \t]*<link rel="alternate" href="[^"]*" hreflang="[^"]*">[ \t]*\n?', re.M)


@event_priority(100)
def set_language(config):
    i18n = config.plugins.get("i18n")
    if i18n is not None:
        # None before the first build's own on_config: that build is the default language's
        config.theme["language"] = i18n.current_language or i18n.default_language
    return config


@event_priority(-110)
def drop_repeats(config):
    newest = {}
    for extension in config.markdown_extensions:
        key = extension if isinstance(extension, str) else type(extension)
        newest[key] = extension  # a later one of the same kind replaces an earlier one, in place
    config.markdown_extensions = list(newest.values())
    config.extra_css = list(dict.fromkeys(config.extra_css))
    scripts = {}
    for script in config.extra_javascript:   # a path, or an object whose str() is its path
        scripts.setdefault(str(script), script)
    config.extra_javascript = list(scripts.values())
    return config


on_config = CombinedEvent(set_language, drop_repeats)


def _generated_folder() -> Path:
    global _folder
    if _folder is None:
        _folder = Path(tempfile.mkdtemp(prefix="scratchnet-generated-"))
        atexit.register(shutil.rmtree, _folder, ignore_errors=True)
    return _folder


def localized_dest(src_uri: str, language: str) -> str | None:
    """Where ``language``'s copy ``NAME.LANG.EXT`` of a file goes, ``LANG/NAME.EXT``; None if ``src_uri`` is none."""
    folder, name = posixpath.split(src_uri)
    stem, dot, ext = name.rpartition(".")
    if not dot or not stem.endswith(f".{language}"):
        return None
    return posixpath.join(language, folder, f"{stem[: -len(language) - 1]}.{ext}")


@event_priority(-90)
def on_files(files, config):
    i18n = config.plugins.get("i18n")
    language = None if i18n is None or i18n.current_language in (None, i18n.default_language) \
        else i18n.current_language
    for file in files:
        if file.abs_src_path is None and file.generated_by is not None:
            dest = localized_dest(file.src_uri, language) if language else None
            if dest is not None:          # as the plugin places a translated file of docs/
                file.dest_uri, file.url = dest, quote(dest)
                file.abs_dest_path = os.path.normpath(os.path.join(config.site_dir, dest))
            path = _generated_folder() / file.src_uri
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(file.content_bytes)
            file.abs_src_path = str(path)  # content_bytes still comes from memory (File._content)
    return files


@event_priority(0)
def on_page_context(context, page, config, nav):  # noqa: ARG001 (MkDocs hook signature)
    twins = getattr(page.file, "alternates", {})
    # the plugin sets the list as an attribute (config.extra.alternate = ...), which is what
    # Material's template reads first; the mapping's item can be another, older list
    for entry in getattr(config.extra, "alternate", None) or []:
        twin = twins.get(entry.get("lang"))
        if twin is not None:
            entry["link"] = twin.url  # "" or "ja/forward/": the template's url filter makes it relative
    return context


def on_template_context(context, template_name, config):  # noqa: ARG001 (MkDocs hook signature)
    i18n = config.plugins.get("i18n")
    if i18n is not None and getattr(i18n, "extra_alternate", None):
        config.extra.alternate = copy.deepcopy(i18n.extra_alternate)  # "/" and "/ja/", as configured
    return context


def _language_root(page_url: str, config) -> str | None:
    """``"ja/"`` for a page of a non-default language's build, None for the default's."""
    i18n = config.plugins.get("i18n")
    if i18n is None or i18n.current_language in (None, i18n.default_language):
        return None
    return f"{i18n.current_language}/"


_CONFIG_BASE = re.compile(r'(<script id="__config" type="application/json">\{[^<]*?"base": )"([^"]*)"')


def on_post_page(output, page, config):
    output = _HEAD_ALTERNATE.sub("", output)
    root = _language_root(page.url, config)
    if root is not None and page.url.startswith(root):
        # Material's base is the site's root relative to the page ("../.." on ja/forward/):
        # make it the language's root ("..") so that search reads ja/search/search_index.json
        page_dir = page.url if page.url.endswith("/") else posixpath.dirname(page.url) + "/"
        base = posixpath.relpath(root, page_dir)
        output = _CONFIG_BASE.sub(lambda m: f'{m.group(1)}"{base}"', output, count=1)
    return output


@event_priority(-110)
def on_post_build(config):
    i18n = config.plugins.get("i18n")
    if i18n is None or i18n.building:
        return  # a language's own build, inside the plugin's: the merged index comes later
    split_search_index(Path(config.site_dir), i18n.default_language, [lang for lang in i18n.build_languages])


def split_search_index(site_dir: Path, default: str, languages: list[str]) -> dict[str, int]:
    """Split the merged ``search/search_index.json`` into one index per language; entries per language."""
    merged_file = site_dir / "search" / "search_index.json"
    merged = json.loads(merged_file.read_text(encoding="utf-8"))
    others = [lang for lang in languages if lang != default]
    counts = {}
    for lang in languages:
        if lang == default:
            docs = [doc for doc in merged["docs"] if not doc["location"].startswith(tuple(f"{o}/" for o in others))]
            target, search_langs = merged_file, [lang]
        else:
            prefix = f"{lang}/"
            docs = [{**doc, "location": doc["location"][len(prefix):]}
                    for doc in merged["docs"] if doc["location"].startswith(prefix)]
            target, search_langs = site_dir / lang / "search" / "search_index.json", [default, lang]
        index = {**merged, "config": {**merged["config"], "lang": search_langs}, "docs": docs}
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        counts[lang] = len(docs)
    return counts
