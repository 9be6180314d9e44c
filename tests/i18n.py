"""The site's languages, and which Markdown file is which page in which language.

``mkdocs.yml`` configures ``mkdocs-static-i18n`` with the suffix layout: ``docs/NAME.md`` is
the English page (the default language, built at ``/``), ``docs/NAME.ja.md`` its Japanese
twin (built at ``/ja/``). Everything here reads that configuration, so a language added
there is tested everywhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
CONFIG = ROOT / "mkdocs.yml"


@dataclass(frozen=True)
class Language:
    locale: str      # "ja"
    name: str        # what the switcher shows: "日本語"
    default: bool    # the language built at the site's root
    link: str        # where its pages are built: "/" or "/ja/"
    nav_translations: dict


@lru_cache(maxsize=1)
def _config():
    from mkdocs.config import load_config

    return load_config(str(CONFIG))


@lru_cache(maxsize=1)
def languages() -> tuple[Language, ...]:
    """The built languages, the default first."""
    plugin = _config().plugins["i18n"]
    found = [
        Language(lang.locale, lang.name, lang.default, lang.link, dict(lang.nav_translations or {}))
        for lang in plugin.config.languages
        if lang.build
    ]
    return tuple(sorted(found, key=lambda lang: not lang.default))


def default_language() -> Language:
    return languages()[0]


def translations() -> tuple[Language, ...]:
    """The languages other than the default: each one's pages are twins of the default's."""
    return languages()[1:]


def nav_titles() -> list[str]:
    """The titles of ``mkdocs.yml``'s nav, in order (the default language's)."""
    titles = []

    def walk(items):
        for item in items:
            if isinstance(item, dict):
                for title, value in item.items():
                    titles.append(title)
                    if isinstance(value, list):
                        walk(value)

    walk(_config()["nav"] or [])
    return titles


def locale_of(markdown: Path) -> str | None:
    """The language suffix of a page's file name (``forward.ja.md`` → ``"ja"``), or None."""
    suffixes = markdown.name.split(".")[1:-1]
    if suffixes and suffixes[-1] in {lang.locale for lang in languages()}:
        return suffixes[-1]
    return None


def english_pages() -> list[Path]:
    """Every page of the default language: ``docs/**/*.md`` without a language suffix."""
    return sorted(
        page for page in DOCS.rglob("*.md")
        if locale_of(page) is None and not any(part.startswith(("_", ".")) for part in page.relative_to(DOCS).parts)
    )


def twin(page: Path, locale: str) -> Path:
    """Where the ``locale`` twin of the default-language ``page`` lives (it may not exist yet)."""
    return page.with_name(f"{page.stem}.{locale}{page.suffix}")


def pairs(locale: str) -> list[tuple[Path, Path]]:
    """``(English page, its twin)`` for every English page whose twin exists."""
    return [(page, twin(page, locale)) for page in english_pages() if twin(page, locale).exists()]


_HEADING = re.compile(r"^#{1,6}\s")


def is_heading(line: str) -> bool:
    return bool(_HEADING.match(line))
