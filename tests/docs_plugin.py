"""pytest plugin: every code block a reader sees runs, exactly as the site shows it.

Built on pytest-codeblocks' public parser (``pytest_codeblocks.extract_from_buffer``),
with the holes of its stock plugin closed:

* **Includes are expanded first.** Each block is passed through ``pymdownx.snippets``
  configured exactly as in ``mkdocs.yml``, so ``--8<-- "scratchnet/backward.py:step4"``
  runs the package's real code, as the page shows it.
* **No fence is skipped silently.** A fence whose language is in ``EXECUTABLE`` runs; one
  in ``NOT_EXECUTABLE`` (output, shell commands, data) is declared not to run; any other
  language, a fence with no language, a ``~~~`` fence, or a pytest-codeblocks skip marker
  fails the run.
* **One page, one session; one block, one test.** The blocks of a page run in order in
  one namespace, like a reader typing them into one Python prompt, but each block is its
  own test with its own expected output.
* **Shown output is checked.** The fence after ``<!-- pytest-codeblocks:expected-output -->``
  must equal what the block printed (trailing spaces ignored). A block that prints but
  shows no output fails too. ``pytest --update-docs-output`` rewrites or inserts the
  output fences with what the code printed (then read the diff before committing).
* A failure names the Markdown file and line and shows the traceback, with the block's
  lines (after expansion) in it.
"""

from __future__ import annotations

import contextlib
import difflib
import io
import linecache
import re
import traceback
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pytest
from pytest_codeblocks import extract_from_buffer

ROOT = Path(__file__).resolve().parent.parent

#: Fence languages that run as Python.
EXECUTABLE = {"python", "py"}
#: Fence languages declared not to run: output, shell commands, data and file listings.
NOT_EXECUTABLE = {"text", "console", "shell", "bash", "sh", "json", "toml", "yaml", "ini", "markdown", "csv"}

OUTPUT_MARKER = "<!-- pytest-codeblocks:expected-output -->"
#: pytest-codeblocks' markers that skip a block or chain it to another: none is allowed here.
SKIP_MARKER = re.compile(
    r"pytest-codeblocks:\s*(skip|skipif|skipfile|cont|importorskip|expect-exception|expect-error)\b")
_UPDATES: dict[Path, list] = {}


def pytest_addoption(parser):
    parser.addoption(
        "--update-docs-output",
        action="store_true",
        help="rewrite the output shown under code blocks in docs/ and README.md with what the code prints",
    )


def pytest_collect_file(file_path: Path, parent):
    if file_path.suffix != ".md":
        return None
    docs = ROOT / "docs"
    if file_path == ROOT / "README.md" or docs in file_path.parents:
        return MarkdownFile.from_parent(parent, path=file_path)
    return None


@lru_cache(maxsize=1)
def _snippet_preprocessor():
    """The snippets preprocessor, configured from mkdocs.yml exactly as the site build is."""
    import markdown
    from mkdocs.config import load_config

    config = load_config(str(ROOT / "mkdocs.yml"))
    options = config["mdx_configs"].get("pymdownx.snippets")
    if options is None:
        raise RuntimeError("mkdocs.yml does not configure pymdownx.snippets")
    md = markdown.Markdown(extensions=["pymdownx.snippets"], extension_configs={"pymdownx.snippets": options})
    return md.preprocessors["snippet"]


def expand_snippets(code: str) -> str:
    """Expand ``--8<--`` include lines the way the site does."""
    if "8<-" not in code:
        return code
    return "\n".join(_snippet_preprocessor().run(code.split("\n")))


def normalize_output(text: str) -> str:
    """Output as compared: trailing spaces and trailing blank lines do not count."""
    return "\n".join(line.rstrip() for line in text.rstrip().split("\n")) if text.strip() else ""


@dataclass
class Fence:
    start: int      # index of the opening line in the file's lines
    end: int        # index of the closing line
    indent: str
    ticks: str
    info: str


def _fence_at(lines: list[str], start: int) -> Fence:
    opening = lines[start]
    stripped = opening.lstrip()
    indent = opening[: len(opening) - len(stripped)]
    ticks = stripped[: len(stripped) - len(stripped.lstrip("`"))]
    end = start + 1
    while end < len(lines) and not lines[end].lstrip().startswith(ticks):
        end += 1
    return Fence(start, end, indent, ticks, stripped[len(ticks):].strip())


def _output_fence_after(lines: list[str], code: Fence) -> Fence | None:
    """The fence that follows ``<!-- pytest-codeblocks:expected-output -->`` after ``code``, if any."""
    i = code.end + 1
    while i < len(lines) and not lines[i].strip():
        i += 1
    if i >= len(lines) or lines[i].strip() != OUTPUT_MARKER:
        return None
    i += 1
    while i < len(lines) and not lines[i].strip():
        i += 1
    return _fence_at(lines, i)


class MarkdownFile(pytest.File):
    def collect(self):
        text = self.path.read_text(encoding="utf-8")
        lines = text.split("\n")
        namespace: dict = {"__name__": "__main__"}
        for number, line in enumerate(lines, start=1):
            if line.lstrip().startswith("~~~"):
                yield BadFence.from_parent(self, name=f"line {number}", lineno=number,
                                           message="a ~~~ fence: use ``` fences, which the docs tests read")
            if SKIP_MARKER.search(line):
                yield BadFence.from_parent(self, name=f"line {number}", lineno=number,
                                           message="a pytest-codeblocks skip/cont marker: every block runs, and "
                                                   "the blocks of a page already share one namespace")
        for block in extract_from_buffer(io.StringIO(text)):
            info = (block.syntax or "").strip()
            language = info.split()[0].lower() if info else ""
            name = f"line {block.lineno}"
            if block.marks or block.importorskip:
                yield BadFence.from_parent(self, name=name, lineno=block.lineno,
                                           message=f"the block carries marks {block.marks or block.importorskip}: "
                                                   "nothing is skipped here")
            elif language in EXECUTABLE:
                fence = _fence_at(lines, block.lineno - 1)
                output = _output_fence_after(lines, fence)
                if output is not None and output.info.split()[:1] != ["text"]:
                    yield BadFence.from_parent(self, name=name, lineno=output.start + 1,
                                               message="an expected-output fence must be ```text")
                    continue
                yield CodeBlockItem.from_parent(
                    self, name=name, lineno=block.lineno, code=block.code, namespace=namespace,
                    expected=block.expected_output, fence=fence, output_fence=output,
                )
            elif language not in NOT_EXECUTABLE:
                what = f"language {language!r}" if language else "no language"
                yield BadFence.from_parent(
                    self, name=name, lineno=block.lineno,
                    message=f"a fence with {what}: use one of {sorted(EXECUTABLE)} (runs) "
                            f"or {sorted(NOT_EXECUTABLE)} (declared not to run)",
                )


class DocsBlockError(Exception):
    """A code block failed: carries the message shown instead of pytest's own traceback."""


class BadFence(pytest.Item):
    def __init__(self, *, lineno: int, message: str, **kwargs):
        super().__init__(**kwargs)
        self.lineno = lineno
        self.message = message

    def runtest(self):
        raise DocsBlockError(f"{self.path.relative_to(ROOT)}:{self.lineno}: {self.message}")

    def repr_failure(self, excinfo):
        return str(excinfo.value)

    def reportinfo(self):
        return self.path, self.lineno - 1, self.name


class CodeBlockItem(pytest.Item):
    def __init__(self, *, lineno, code, namespace, expected, fence, output_fence, **kwargs):
        super().__init__(**kwargs)
        self.lineno = lineno
        self.code = expand_snippets(code)
        self.namespace = namespace
        self.expected = expected
        self.fence = fence
        self.output_fence = output_fence
        self.where = f"{self.path.relative_to(ROOT)}:{lineno}"

    def runtest(self):
        filename = f"<{self.where}>"
        # register the expanded lines so that tracebacks can show them
        linecache.cache[filename] = (len(self.code), None, self.code.splitlines(True), filename)
        buffer = io.StringIO()
        try:
            with contextlib.redirect_stdout(buffer):
                exec(compile(self.code, filename, "exec", dont_inherit=True), self.namespace)
        except Exception as error:
            tb = error.__traceback__.tb_next  # drop this frame: show the block's and scratchnet's
            shown = "".join(traceback.format_exception(type(error), error, tb))
            raise DocsBlockError(f"{self.where}: the code block raised\n\n{shown}") from error
        printed = normalize_output(buffer.getvalue())
        shown = normalize_output(self.expected or "")
        if printed == shown:
            return
        if self.config.getoption("--update-docs-output"):
            _UPDATES.setdefault(self.path, []).append((self.fence, self.output_fence, buffer.getvalue()))
            return
        if self.expected is None:
            raise DocsBlockError(
                f"{self.where}: the block prints output that the page does not show:\n{printed}\n\n"
                "Show it in a ```text fence after <!-- pytest-codeblocks:expected-output --> "
                "(pytest --update-docs-output adds it)."
            )
        diff = "\n".join(difflib.unified_diff(shown.split("\n"), printed.split("\n"),
                                              "shown on the page", "printed by the code", lineterm=""))
        raise DocsBlockError(f"{self.where}: the output shown on the page is not what the code prints\n{diff}")

    def repr_failure(self, excinfo):
        if isinstance(excinfo.value, DocsBlockError):
            return str(excinfo.value)
        return super().repr_failure(excinfo)

    def reportinfo(self):
        return self.path, self.lineno - 1, self.name


def pytest_sessionfinish(session):
    """With --update-docs-output, write the new output fences, bottom-up so indices stay valid."""
    for path, updates in _UPDATES.items():
        lines = path.read_text(encoding="utf-8").split("\n")
        for fence, output_fence, printed in sorted(updates, key=lambda u: u[0].start, reverse=True):
            body = [fence.indent + line if line else "" for line in printed.rstrip().split("\n")]
            new = [fence.indent + "```text", *body, fence.indent + "```"]
            if output_fence is not None:
                lines[output_fence.start: output_fence.end + 1] = [fence.indent + "```" + output_fence.info,
                                                                   *body, fence.indent + "```"]
            elif printed.strip():
                lines[fence.end + 1: fence.end + 1] = ["", fence.indent + OUTPUT_MARKER, "", *new]
        path.write_text("\n".join(lines), encoding="utf-8")
    _UPDATES.clear()
