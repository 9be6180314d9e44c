"""Which translations lag behind their English page: a warning, never a failure.

A twin (``docs/NAME.ja.md``) is **stale** when its English page (``docs/NAME.md``) had a
substantive edit that the twin's last commit has not seen, in git's history: the commit of
that edit is not an ancestor of the twin's last commit. So an English edit merged in before
the twin was last updated is seen; one committed on another branch and merged later is not,
whatever the clocks say.

An English edit that needs nothing in Japanese (an English typo fixed) is marked as seen
by a comment in the twin, ``<!-- in step with COMMIT -->``: every edit that is an ancestor
of ``COMMIT`` (a commit of the English page) counts as seen.

A **substantive** edit changes the page's words, code or numbers: a commit that only rewraps
lines or changes spacing (the same text with all whitespace collapsed) does not count, so
rewrapping a paragraph does not flag its translation.

``test_translations_are_up_to_date`` lists every stale twin as a ``StaleTranslationWarning``
in pytest's warnings summary, with the English commits to look at; the test itself passes.
How to bring a translation up to date is in CONTRIBUTING.md. The other tests build a small
repository of their own and check that the rule flags what it should, and nothing else.
Uncommitted edits do not count: commit, then look.
"""

from __future__ import annotations

import re
import subprocess
import warnings
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests import i18n


class StaleTranslationWarning(UserWarning):
    """An English page changed after its translation was last updated."""


@dataclass(frozen=True)
class Stale:
    english: str          # path of the English page, relative to the repository
    twin: str             # path of its translation
    edits: list[str]      # the English page's substantive commits the twin has not seen, newest first

    def __str__(self) -> str:
        shown = ", ".join(self.edits[:5]) + (" …" if len(self.edits) > 5 else "")
        return (f"{self.twin} may lag behind {self.english}: {len(self.edits)} substantive English "
                f"edit(s) since the translation's last commit ({shown}); see "
                f"`git log -p {self.edits[-1]}^.. -- {self.english}`")


def _git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"git {' '.join(args)}: {done.stderr.strip()}")
    return done.stdout


def _text_at(root: Path, commit: str, path: str) -> str | None:
    done = subprocess.run(["git", "-C", str(root), "show", f"{commit}:{path}"], capture_output=True, check=False)
    return done.stdout.decode("utf-8", "replace") if done.returncode == 0 else None


def _words(text: str | None) -> str | None:
    return None if text is None else " ".join(text.split())


def substantive_edits(root: Path, path: str) -> list[str]:
    """The commits that changed ``path``'s words (not only its whitespace), newest first."""
    edits = []
    for commit in _git(root, "log", "--format=%h", "--", path).split():
        parents = _git(root, "rev-list", "--parents", "-n", "1", commit).split()[1:]
        after = _words(_text_at(root, commit, path))
        # a merge counts only if the file differs from every parent: it brought an edit in
        if all(_words(_text_at(root, parent, path)) != after for parent in parents or [None]):
            edits.append(commit)
    return edits


def _is_ancestor(root: Path, commit: str, of: str) -> bool:
    done = subprocess.run(["git", "-C", str(root), "merge-base", "--is-ancestor", commit, of], check=False)
    return done.returncode == 0


IN_STEP = re.compile(r"<!--\s*in step with ([0-9a-f]{7,40})\s*-->")


def stale_translations(root: Path, pairs: list[tuple[str, str]]) -> list[Stale]:
    """Every ``(English page, twin)`` pair whose twin has not seen all the page's substantive edits."""
    stale = []
    for english, twin in pairs:
        twin_commit = _git(root, "log", "-1", "--format=%h", "--", twin).strip()
        if not twin_commit:
            continue  # not committed yet: nothing to compare
        seen = [twin_commit, *IN_STEP.findall(_text_at(root, twin_commit, twin) or "")]
        unseen = [edit for edit in substantive_edits(root, english)
                  if not any(_is_ancestor(root, edit, commit) for commit in seen)]
        if unseen:
            stale.append(Stale(english, twin, unseen))
    return stale


def _in_git_checkout() -> bool:
    try:
        return _git(i18n.ROOT, "rev-parse", "--is-inside-work-tree").strip() == "true"
    except (RuntimeError, FileNotFoundError):
        return False


def test_translations_are_up_to_date():
    """Warns about every stale translation (see the warnings summary); never fails for one."""
    if not _in_git_checkout():
        pytest.skip("not a git checkout: no history to compare")
    pairs = [(str(page.relative_to(i18n.ROOT)), str(twin.relative_to(i18n.ROOT)))
             for lang in i18n.translations() for page, twin in i18n.pairs(lang.locale)]
    assert pairs, "no translated pages found"
    for stale in stale_translations(i18n.ROOT, pairs):
        warnings.warn(StaleTranslationWarning(str(stale)), stacklevel=1)


# ------------------------------------------------------------------------------ the rule


@pytest.fixture
def repo(tmp_path):
    root = tmp_path / "repo"
    (root / "docs").mkdir(parents=True)
    _git(root, "init", "-q", "-b", "main")
    _git(root, "config", "user.email", "test@example.org")
    _git(root, "config", "user.name", "test")
    return root


def _commit(root: Path, files: dict[str, str], message: str) -> None:
    for name, text in files.items():
        (root / name).write_text(text, encoding="utf-8")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", message)


PAIR = [("docs/loss.md", "docs/loss.ja.md")]


def test_an_english_edit_after_the_translation_is_stale(repo):
    _commit(repo, {"docs/loss.md": "The loss is\nhalf the square.\n", "docs/loss.ja.md": "損失は2乗の半分です。\n"},
            "both")
    assert stale_translations(repo, PAIR) == []
    _commit(repo, {"docs/loss.md": "The loss is half the square\nof the error.\n"}, "English: a new word")
    found = stale_translations(repo, PAIR)
    assert len(found) == 1 and found[0].twin == "docs/loss.ja.md" and len(found[0].edits) == 1
    _commit(repo, {"docs/loss.ja.md": "損失は誤差の2乗の半分です。\n"}, "translation updated")
    assert stale_translations(repo, PAIR) == []


def test_rewrapping_the_english_page_is_not_substantive(repo):
    _commit(repo, {"docs/loss.md": "The loss is half\nthe square.\n", "docs/loss.ja.md": "損失は2乗の半分です。\n"},
            "both")
    _commit(repo, {"docs/loss.md": "The loss is\n  half the    square.\n\n"}, "rewrap only")
    assert stale_translations(repo, PAIR) == []


def test_an_english_edit_merged_in_after_the_translation_is_stale(repo):
    _commit(repo, {"docs/loss.md": "One.\n", "docs/loss.ja.md": "一。\n"}, "both")
    _git(repo, "checkout", "-q", "-b", "english")
    _commit(repo, {"docs/loss.md": "One, two.\n"}, "English on its branch")
    _git(repo, "checkout", "-q", "main")
    _commit(repo, {"docs/loss.ja.md": "一です。\n"}, "translation touched on main, later by the clock")
    _git(repo, "merge", "-q", "--no-edit", "english")
    found = stale_translations(repo, PAIR)
    assert len(found) == 1, "the English branch's edit was never seen by the translation's last commit"
    assert "docs/loss.md" in str(found[0]) and "docs/loss.ja.md" in str(found[0])


def test_an_in_step_comment_marks_an_english_edit_as_seen(repo):
    _commit(repo, {"docs/loss.md": "One.\n", "docs/loss.ja.md": "一。\n"}, "both")
    _commit(repo, {"docs/loss.md": "One!\n"}, "English: punctuation only")
    assert len(stale_translations(repo, PAIR)) == 1
    english_edit = _git(repo, "log", "-1", "--format=%h", "--", "docs/loss.md").strip()
    _commit(repo, {"docs/loss.ja.md": f"<!-- in step with {english_edit} -->\n一。\n"}, "checked: nothing to do")
    assert stale_translations(repo, PAIR) == []
    _commit(repo, {"docs/loss.md": "One, two!\n"}, "English: a new word")
    assert len(stale_translations(repo, PAIR)) == 1, "an edit after the checked commit is unseen again"
