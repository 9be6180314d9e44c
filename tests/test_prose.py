"""Prose that quotes a statement quotes code that exists: it cannot drift from the code (issue 12).

The rule, exactly as this test applies it:

1. **Where.** Every inline code span (`` `...` ``, any number of backticks) in the prose of
   ``docs/*.md`` and ``README.md``: outside fenced blocks and outside HTML comments, in
   paragraphs, lists, tables, admonitions and headings alike.
2. **Which spans are quoted statements.** A span is read as a list of tokens (names and
   numbers, ``...``, the operators ``+= -= *= /= == != <= >= ->``,
   and every other single non-space character). It is a quoted statement if it has at least one of:

   a. a loop or comprehension clause: the name ``for`` followed later by the name ``in``;
   b. a call of ``zip``: the name ``zip`` followed by ``(``;
   c. an augmented assignment: a name, ``]`` or ``)`` followed by ``+=``, ``-=``, ``*=`` or
      ``/=`` (a bare operator, `` `+=` ``, names the operator and is not a statement);
   d. a call of ``.append``, ``.insert`` or ``.extend``;
   e. an assignment: `` = `` with a space on each side, outside any brackets (a keyword
      argument such as ``lr=0.1`` or ``with_respect_to="w"`` is not one).

   Everything else (a name, an expression, a call such as ``sum_der(x, w, b)``) is not checked.
3. **Where it must stand.** The span's tokens must occur contiguously, in order, in

   * a fenced code block of the same page, after its ``--8<--`` includes are expanded
     exactly as the site expands them (``tests.docs_plugin.expand_snippets``); Python
     comments do not count, string literals and output fences do (a broken line that the
     page hands to ``variant`` as a string, or prints, is code the page shows), or
   * the code of a module ``scratchnet/*.py``: comments and docstrings do not count, and a
     one-line string literal is a single token (so a line held in a string, such as
     ``variants.FORGOT_THE_SUM``, is not a second copy of ``back_prop``: change the line in
     ``back_prop`` and the prose quoting it fails).

   Whitespace, line breaks and indentation do not count: the match is on tokens, so
   ``zip(x, weights)`` matches ``zip(x,\\n    weights)`` but not ``zip(xs, weights)``, and a
   name never matches the inside of a longer name.
4. **Elision.** ``...`` in a span stands for any code, possibly none: `` `grads_w.insert(0, ...)` ``
   must match ``grads_w.insert(0,`` followed later by ``)``. Only the written tokens are quoted.

The last tests show that a changed statement, on either side, fails.
"""

from __future__ import annotations

import ast
import io
import re
import sys
import tokenize
from functools import lru_cache
from pathlib import Path

import pytest
from pytest_codeblocks import extract_from_buffer

from tests.docs_plugin import expand_snippets

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted((ROOT / "docs").glob("*.md")) + [ROOT / "README.md"]
PACKAGE = sorted((ROOT / "scratchnet").glob("*.py"))

_TOKEN = re.compile(r"\.\.\.|…|[+\-*/]=|==|!=|<=|>=|->|\w+|\S")
_STRING = re.compile(r"\"[^\"\n]*\"|'[^'\n]*'")
_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
WILDCARD = "..."


def tokens(code: str, strings_whole: bool = False) -> list[str]:
    """The tokens of ``code``; with ``strings_whole``, a one-line string literal is one token."""
    pattern = re.compile(f"{_STRING.pattern}|{_TOKEN.pattern}") if strings_whole else _TOKEN
    return [WILDCARD if t == "…" else t for t in pattern.findall(code)]


def _is_name(token: str) -> bool:
    return bool(re.fullmatch(r"[A-Za-z_]\w*", token))


def _assigns_outside_brackets(span: str) -> bool:
    depth = 0
    for k, char in enumerate(span):
        if char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
        elif (char == "=" and depth == 0 and 0 < k < len(span) - 1
              and span[k - 1] == " " and span[k + 1] == " "):
            return True
    return False


def is_quoted_statement(span: str) -> bool:
    """Rule 2: does the inline code ``span`` quote a statement?"""
    toks = tokens(span)
    for k, tok in enumerate(toks):
        if tok == "for" and "in" in toks[k + 1:]:
            return True                                                       # 2a
        if tok == "zip" and toks[k + 1: k + 2] == ["("]:
            return True                                                       # 2b
        if tok in {"+=", "-=", "*=", "/="} and k > 0 and (_is_name(toks[k - 1]) or toks[k - 1] in "])"):
            return True                                                       # 2c
        if (tok == "." and toks[k + 1: k + 2] in (["append"], ["insert"], ["extend"])
                and toks[k + 2: k + 3] == ["("]):
            return True                                                       # 2d
    return _assigns_outside_brackets(span)                                    # 2e


def quoted_statements(markdown: str) -> list[tuple[int, str]]:
    """Rule 1: ``(line, span)`` of every quoted statement in the prose of a page."""
    markdown = _COMMENT.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), markdown)
    found, fence = [], None
    for number, line in enumerate(markdown.split("\n"), start=1):
        stripped = line.lstrip()
        ticks = re.match(r"`{3,}", stripped)
        if fence is None and ticks:
            fence = ticks.group(0)
            continue
        if fence is not None:
            if stripped.startswith(fence) and not stripped[len(fence):].strip():
                fence = None
            continue
        for _, span in _SPAN.findall(line):
            if is_quoted_statement(span.strip()):
                found.append((number, span.strip()))
    return found


def occurs(span: str, haystack: list[str], strings_whole: bool = False) -> bool:
    """Rule 3 and 4: do the span's tokens occur in order, contiguously, ``...`` matching anything?"""
    parts: list[list[str]] = [[]]
    for tok in tokens(span, strings_whole):
        if tok == WILDCARD:
            parts.append([])
        else:
            parts[-1].append(tok)
    parts = [part for part in parts if part]

    def find(part: list[str], start: int) -> int:
        for k in range(start, len(haystack) - len(part) + 1):
            if haystack[k: k + len(part)] == part:
                return k
        return -1

    if not parts:
        return True
    first = find(parts[0], 0)
    while first >= 0:
        position, ok = first + len(parts[0]), True
        for part in parts[1:]:
            at = find(part, position)
            if at < 0:
                ok = False
                break
            position = at + len(part)
        if ok:
            return True
        first = find(parts[0], first + 1)
    return False


def code_only(source: str) -> str:
    """Python source without its comments and docstrings."""
    lines = source.split("\n")
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) \
                    and isinstance(first.value.value, str):
                for k in range(first.lineno - 1, first.end_lineno):
                    lines[k] = ""
    source = "\n".join(lines)
    kept = []
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type not in (tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT,
                            tokenize.ENDMARKER):
            kept.append(tok.string)
    return " ".join(kept)


@lru_cache(maxsize=1)
def package_tokens() -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(tokens(code_only(path.read_text(encoding="utf-8")), strings_whole=True)) for path in PACKAGE)


def page_blocks(page: Path) -> list[list[str]]:
    """The tokens of each fenced block of ``page`` (output fences too), includes expanded, Python comments left out."""
    blocks = []
    for block in extract_from_buffer(io.StringIO(page.read_text(encoding="utf-8"))):
        code = expand_snippets(block.code)
        if (block.syntax or "").split()[:1] in (["python"], ["py"]):
            try:
                code = code_only(code)
            except SyntaxError:
                pass
        blocks.append(tokens(code))
        if block.expected_output:
            blocks.append(tokens(block.expected_output))
    return blocks


def drift(page: Path) -> list[str]:
    """Every quoted statement of ``page`` that stands nowhere in its code blocks or the package."""
    blocks, package = page_blocks(page), [list(t) for t in package_tokens()]
    rel = page.relative_to(ROOT)
    return [f"{rel}:{line}: `{span}` is in no code block of the page and nowhere in scratchnet/*.py"
            for line, span in quoted_statements(page.read_text(encoding="utf-8"))
            if not any(occurs(span, block) for block in blocks)
            and not any(occurs(span, code, strings_whole=True) for code in package)]


@pytest.mark.parametrize("page", PAGES, ids=[p.relative_to(ROOT).as_posix() for p in PAGES])
def test_quoted_statements_stand_in_the_code(page):
    problems = drift(page)
    assert not problems, "prose quotes code that is not there:\n" + "\n".join(problems)


def test_the_rule_picks_statements_not_names():
    statements = ["for l in range(len(layers) - 1)", "zip(x, weights)", "layer_grads_x[x_i] += grad_x",
                  "grads_x.append(layer_grads_x)", "grads_w.insert(0, ...)", "SKIP_INPUT_LAYER = 1",
                  "[delta * each_dw for each_dw in sum_der_w]"]
    others = ["+=", "layer_grads_x", "weights[l][j][i]", "sum_der(x, w, b, with_respect_to=\"w\")",
              "batch_size=len(x)", "x == y", "delta * each_dw", "forward_prop(..., cache_mode=True)"]
    assert [s for s in statements if not is_quoted_statement(s)] == []
    assert [s for s in others if is_quoted_statement(s)] == []
    page = "Text `total += x_i * w_i` and `x`.\n\n```python\nfor a in b: pass  # `c = d`\n```\n<!-- `e = f` -->"
    assert quoted_statements(page) == [(1, "total += x_i * w_i")]


def test_a_statement_changed_on_one_side_fails():
    code = tokens(code_only("def f(x, weights, bias):\n    total = 0.0\n    for x_i, w_i in zip(x,\n"
                            "            weights):  # for w in zip(weights)\n        total += x_i * w_i\n"))
    assert occurs("for x_i, w_i in zip(x, weights)", code)
    assert occurs("total += x_i * w_i", code)
    assert occurs("for x_i, w_i in zip(...)", code)
    assert not occurs("for w_i, x_i in zip(x, weights)", code)      # the prose changed
    assert not occurs("for w in zip(weights)", code)                # only in a comment
    assert not occurs("otal += x_i * w_i", code)                    # part of a name is not a name
    assert not occurs("total += x_i * w_i * 2", code)


def test_the_quote_issue_12_found_fails():
    """Chapter 7 once quoted a line that ``update_params`` never had."""
    update = [list(t) for t in package_tokens()]
    assert any(occurs("b - lr * grad_b for b, grad_b in zip(biases[l], grads_b[l])", h) for h in update)
    assert not any(occurs("b - lr * grad_b for b, grad_b in zip(layer_b, layer_gb)", h) for h in update)


def test_changing_back_prop_fails_the_prose_that_quotes_it(monkeypatch):
    """Change step 4's sum in ``back_prop`` only: the player page, which quotes it, drifts."""
    line, changed = "layer_grads_x[x_i] += grad_x", "layer_grads_x[x_i] = layer_grads_x[x_i] + grad_x"
    sources = [path.read_text(encoding="utf-8") for path in PACKAGE]
    assert any(line in source for source in sources)
    edited = tuple(tuple(tokens(code_only(source.replace(line, changed) if "def back_prop(" in source else source),
                                strings_whole=True)) for source in sources)
    player = ROOT / "docs" / "player.md"
    assert drift(player) == []
    monkeypatch.setattr(sys.modules[__name__], "package_tokens", lambda: edited)
    assert [problem for problem in drift(player) if f"`{line}`" in problem]
