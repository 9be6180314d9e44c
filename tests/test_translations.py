"""A translated page is its English twin's code, block for block (issue 15).

For every page ``docs/NAME.md`` with a twin ``docs/NAME.LANG.md`` (the languages of
``mkdocs.yml``'s i18n plugin; Japanese now), the rule, exactly as these tests apply it:

1. **The same Python, apart from comments and string contents.** The twin has as many
   ``python`` blocks as the English page, in the same order (in collapsed solutions too),
   and each pair is the same program after ``--8<--`` includes are expanded as the site
   expands them: equal syntax trees once every string's text is blanked. Comments are not
   in the tree; a docstring or a printed label may be translated. An f-string keeps its
   ``{expressions}``, their ``!conversions`` and ``:format specs``, in the same order; only
   the text between them may change. Whitespace and line breaks do not count.
2. **The same includes.** The ``--8<--`` lines of the two pages, in every fence, name the
   same files and sections in the same order: the twin shows the package's code from the
   same sources. The ``<!-- check: NAME -->`` markers (the Check buttons of exercises run in
   the browser) are the same too.
3. **The same anchors.** Every heading of the twin carries an explicit ``{#id}``, and the
   twin's headings have the English page's ids in the same order, so a link to
   ``forward.md#numbering`` lands on the same section in either language. A twin may add a
   section only where :data:`EXTRA_SECTIONS` says so.
4. **The same figures and generated tables.** The twin shows the same ``figures/*.svg``
   (or their translated versions, ``NAME.LANG.svg``) and the same ``<!-- table: NAME -->``
   markers, in the same order.
5. **No break inside Japanese text.** A line break inside a paragraph renders as a space,
   which Japanese does not have between words: "Python の 標準"… A line of prose that ends in
   a Japanese character is not continued on the next line by another one (write a Japanese
   paragraph or list item on one line).
6. **The nav is translated.** Every title of ``mkdocs.yml``'s nav has a translation in each
   language's ``nav_translations``.

Running each twin's blocks, with their output compared, is the docs plugin's job: it
collects every ``.md`` under ``docs/``, the twins included (``test_the_docs_plugin_collects_the_twins``).
The last tests break a copy of a page on one side and watch the comparison fail.
"""

from __future__ import annotations

import ast
import io
import re

import pytest
from pytest_codeblocks import extract_from_buffer

from tests import i18n
from tests.docs_plugin import ROOT, MarkdownFile, expand_snippets

#: Sections a twin has that its English page does not: ``{page name: [ids]}``. The Japanese
#: home page carries the README's Quick start (the README itself stays English).
EXTRA_SECTIONS = {"index": ["quick-start"]}

INCLUDE = re.compile(r'--8<--\s+"([^"]+)"|<!--\s*(check:\s*[\w-]+)\s*-->')
FIGURE = re.compile(r"\]\((?:\.\./)?figures/([\w-]+)(?:\.[a-z]{2})?\.svg\)")
TABLE = re.compile(r"^[ \t]*<!-- table: ([\w-]+) -->[ \t]*$", re.M)

PAIRS = [(page, twin) for lang in i18n.translations() for page, twin in i18n.pairs(lang.locale)]


def _pair_id(pair) -> str:
    return pair[1].name


# ------------------------------------------------------------------------------ the rule


class _BlankStrings(ast.NodeTransformer):
    """Every string's text blanked; an f-string keeps only its fields, in order."""

    def visit_Constant(self, node: ast.Constant):
        if isinstance(node.value, str):
            return ast.copy_location(ast.Constant(value=""), node)
        return node

    def visit_JoinedStr(self, node: ast.JoinedStr):
        fields = [self.visit_FormattedValue(value) for value in node.values if isinstance(value, ast.FormattedValue)]
        if not fields:  # an f-string with no field is a plain string
            return ast.copy_location(ast.Constant(value=""), node)
        return ast.copy_location(ast.JoinedStr(values=fields), node)

    def visit_FormattedValue(self, node: ast.FormattedValue):
        # the expression is code; the format spec (".4f") is code too: it decides what prints
        return ast.copy_location(
            ast.FormattedValue(value=self.visit(node.value), conversion=node.conversion, format_spec=node.format_spec),
            node,
        )


def code_shape(code: str) -> str:
    """The program ``code`` is, apart from comments, layout and string contents."""
    return ast.dump(_BlankStrings().visit(ast.parse(code)), annotate_fields=True, include_attributes=False)


def python_blocks(text: str) -> list[tuple[int, str]]:
    """``(line, code with includes expanded)`` of each ``python`` block of a page, in order."""
    blocks = []
    for block in extract_from_buffer(io.StringIO(text)):
        language = (block.syntax or "").split()[:1]
        if language and language[0].lower() in ("python", "py"):
            blocks.append((block.lineno, expand_snippets(block.code)))
    return blocks


def code_differences(english: str, twin: str) -> list[str]:
    """Where the twin's Python differs from the English page's (empty: the same code)."""
    ours, theirs = python_blocks(english), python_blocks(twin)
    problems = []
    if len(ours) != len(theirs):
        problems.append(f"{len(theirs)} python blocks, the English page has {len(ours)}")
    for (line, code), (twin_line, twin_code) in zip(ours, theirs):
        if code_shape(code) != code_shape(twin_code):
            problems.append(f"block at line {twin_line} is not the English block at line {line} "
                            f"(apart from comments and strings):\n--- English\n{code}\n--- translation\n{twin_code}")
    return problems


def include_lines(text: str) -> list[str]:
    """The ``--8<--`` includes and the ``<!-- check: NAME -->`` markers (Check buttons), in order."""
    return ["".join(found) for found in INCLUDE.findall(text)]


def heading_ids(text: str) -> list[tuple[str, str | None]]:
    """``(heading text, its id)`` of every heading, as MkDocs renders the page (ids from ``toc``)."""
    import markdown

    config = i18n._config()
    extensions = [name for name in config["markdown_extensions"] if isinstance(name, str)]
    md = markdown.Markdown(extensions=extensions, extension_configs=config["mdx_configs"])
    md.convert(text)
    found = []

    def walk(tokens):
        for token in tokens:
            found.append((token["name"], token["id"]))
            walk(token["children"])

    walk(md.toc_tokens)
    return found


def explicit_ids(text: str) -> list[tuple[int, str]]:
    """``(line, heading)`` of the ATX headings outside fences that carry no ``{#id}``."""
    missing, fence = [], None
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.lstrip()
        if stripped.startswith("```"):
            ticks = stripped[: len(stripped) - len(stripped.lstrip("`"))]
            fence = None if fence == ticks else (fence or ticks)
            continue
        if fence is None and i18n.is_heading(line) and not re.search(r"\{[^}]*#[\w-]+[^}]*\}\s*$", line):
            missing.append((number, line.strip()))
    return missing


def anchor_differences(english: str, twin: str, name: str) -> list[str]:
    problems = [f"line {n}: heading without an explicit {{#id}}: {h!r}" for n, h in explicit_ids(twin)]
    ours = [i for _, i in heading_ids(english)]
    theirs = [i for _, i in heading_ids(twin) if i not in EXTRA_SECTIONS.get(name, [])]
    if ours != theirs:
        problems.append(f"heading ids differ:\n  English:     {ours}\n  translation: {theirs}")
    return problems


#: Kana, kanji, CJK punctuation and full-width forms: characters that take no space between them.
_CJK = re.compile(r"[\u3000-\u30ff\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")
_NOT_PROSE = ("#", "|", "<", "```", "!!!", "???", "$$", "--8<--", "- ", "* ", "+ ")


def broken_japanese_lines(text: str) -> list[int]:
    """Lines of prose that end in a Japanese character and go on, in the same paragraph, with another."""
    lines, broken, fence, math = text.split("\n"), [], None, False
    for number, (line, following) in enumerate(zip(lines, lines[1:] + [""]), start=1):
        stripped, after = line.strip(), following.strip()
        if stripped.startswith("```"):
            ticks = stripped[: len(stripped) - len(stripped.lstrip("`"))]
            fence = None if fence == ticks else (fence or ticks)
            continue
        if stripped.startswith("$$") and stripped.count("$$") == 1:
            math = not math
        if fence or math or not stripped or not after or stripped.startswith(_NOT_PROSE[:8]):
            continue
        if after.startswith(_NOT_PROSE) or re.match(r"\d+\.\s", after) or line.endswith("  "):
            continue
        if _CJK.match(stripped[-1]) and _CJK.match(after[0]):
            broken.append(number)
    return broken


def figures_and_tables(text: str) -> tuple[list[str], list[str]]:
    return FIGURE.findall(text), TABLE.findall(text)


# ------------------------------------------------------------------------------ the pairs


@pytest.mark.parametrize("pair", PAIRS, ids=_pair_id)
def test_same_python_blocks(pair):
    english, twin = (path.read_text(encoding="utf-8") for path in pair)
    problems = code_differences(english, twin)
    assert not problems, f"{pair[1].relative_to(ROOT)} vs {pair[0].name}:\n" + "\n".join(problems)


@pytest.mark.parametrize("pair", PAIRS, ids=_pair_id)
def test_same_includes(pair):
    english, twin = (path.read_text(encoding="utf-8") for path in pair)
    assert include_lines(twin) == include_lines(english), f"{pair[1].name} includes other code than {pair[0].name}"


@pytest.mark.parametrize("pair", PAIRS, ids=_pair_id)
def test_same_anchors(pair):
    english, twin = (path.read_text(encoding="utf-8") for path in pair)
    problems = anchor_differences(english, twin, pair[0].stem)
    assert not problems, f"{pair[1].relative_to(ROOT)}:\n" + "\n".join(problems)


@pytest.mark.parametrize("pair", PAIRS, ids=_pair_id)
def test_same_figures_and_tables(pair):
    english, twin = (path.read_text(encoding="utf-8") for path in pair)
    assert figures_and_tables(twin) == figures_and_tables(english), (
        f"{pair[1].name} shows other figures or tables than {pair[0].name}: "
        f"{figures_and_tables(twin)} vs {figures_and_tables(english)}"
    )


@pytest.mark.parametrize("pair", PAIRS, ids=_pair_id)
def test_no_line_break_inside_japanese_text(pair):
    broken = broken_japanese_lines(pair[1].read_text(encoding="utf-8"))
    assert not broken, (f"{pair[1].name}: lines {broken} end inside Japanese text that the next line continues; "
                        "the break shows as a space: join them")


@pytest.mark.parametrize("lang", i18n.translations(), ids=lambda lang: lang.locale)
def test_the_nav_is_translated(lang):
    missing = [title for title in i18n.nav_titles() if title not in lang.nav_translations]
    assert not missing, f"mkdocs.yml: the {lang.locale} nav_translations lack {missing}"
    stale = [title for title in lang.nav_translations if title not in i18n.nav_titles()]
    assert not stale, f"mkdocs.yml: the {lang.locale} nav_translations translate titles the nav no longer has: {stale}"


@pytest.mark.parametrize("lang", i18n.translations(), ids=lambda lang: lang.locale)
def test_every_english_page_has_a_twin(lang):
    """Every page in every language: a new English page needs its translation before it lands."""
    missing = [page.name for page in i18n.english_pages() if not i18n.twin(page, lang.locale).exists()]
    assert not missing, (f"pages without a {lang.locale} twin: {missing} (the {lang.locale} site would show them "
                         f"in English; write docs/NAME.{lang.locale}.md, see CONTRIBUTING.md)")
    stray = [page.name for page in sorted(i18n.DOCS.rglob(f"*.{lang.locale}.md"))
             if not any(i18n.twin(english, lang.locale) == page for english in i18n.english_pages())]
    assert not stray, f"{lang.locale} pages with no English page: {stray}"


def test_the_docs_plugin_collects_the_twins(request):
    """The twins' blocks run like the English ones: the plugin collects every ``.md`` of ``docs/``."""
    from tests.docs_plugin import pytest_collect_file

    for _, twin in PAIRS:
        collected = pytest_collect_file(twin, request.session)
        assert isinstance(collected, MarkdownFile), f"the docs plugin does not collect {twin.name}"
        runs = [item for item in collected.collect() if type(item).__name__ == "CodeBlockItem"]
        assert len(runs) == len(python_blocks(twin.read_text("utf-8"))), f"{twin.name}: not every python block runs"


def _quick_start_commands(text: str, heading: str) -> list[str]:
    """The ``shell`` fence(s) of the section whose heading line starts with ``heading``."""
    section = text.split(heading, 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```shell\n(.*?)```", section, re.S)


def test_the_japanese_home_page_carries_the_readmes_quick_start():
    """The README (English only) and the Japanese home page give the same Quick start commands."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    home = (i18n.DOCS / "index.ja.md").read_text(encoding="utf-8")
    english = _quick_start_commands(readme, "## Quick start")
    assert english, "README.md has no ```shell fence in its Quick start"
    assert _quick_start_commands(home, "## クイックスタート {#quick-start}") == english, (
        "docs/index.ja.md's クイックスタート section does not give the README's Quick start commands")


# ------------------------------------------------------------------------------ the checker


SAMPLE = '''
Text.

```python
total = 0.0  # a running sum
for x_i, w_i in zip(x, w):
    total += x_i * w_i
print(f"total = {total:.4f} after {len(x)} inputs")
```
'''


def test_comments_and_strings_may_differ():
    translated = SAMPLE.replace("# a running sum", "# 途中までの和").replace(
        'f"total = {total:.4f} after {len(x)} inputs"', 'f"合計 = {total:.4f}（入力 {len(x)} 個）"')
    assert translated != SAMPLE
    assert code_differences(SAMPLE, translated) == []


@pytest.mark.parametrize("change", [
    ("total += x_i * w_i", "total = x_i * w_i"),           # the sum forgotten on one side
    ("{total:.4f}", "{total:.3f}"),                        # another format: other printed digits
    ("{len(x)}", "{len(w)}"),                              # another expression inside an f-string
    ("zip(x, w)", "zip(w, x)"),
    ("total = 0.0", "total = 0"),
])
def test_a_code_change_on_one_side_fails(change):
    changed = SAMPLE.replace(*change)
    assert changed != SAMPLE
    assert code_differences(SAMPLE, changed), f"{change} went unnoticed"


def test_a_real_page_changed_on_one_side_fails():
    """The first twin with a ``+`` in a block, that ``+`` changed to ``-``: the test names the block."""
    english, twin, block = next(
        (english, twin, block)
        for english, twin in ((e.read_text(encoding="utf-8"), t.read_text(encoding="utf-8")) for e, t in PAIRS)
        for block in extract_from_buffer(io.StringIO(twin))
        if (block.syntax or "").startswith("python") and " + " in block.code)
    assert code_differences(english, twin) == []
    lines = twin.split("\n")
    k = next(k for k in range(block.lineno, len(lines)) if " + " in lines[k])
    lines[k] = lines[k].replace(" + ", " - ", 1)
    problems = code_differences(english, "\n".join(lines))
    assert len(problems) == 1 and f"block at line {block.lineno} " in problems[0], problems


def test_a_break_inside_japanese_text_is_found():
    assert broken_japanese_lines("使っているのは Python の標準ライブラリだけです。\n") == []
    assert broken_japanese_lines("使っているのは Python の\n標準ライブラリだけです。\n") == [1]
    assert broken_japanese_lines("使っているのは\nPython です。\n") == []         # a space before Latin is fine
    assert broken_japanese_lines("一つ目の段落。\n\n二つ目。\n") == []           # a paragraph ends
    assert broken_japanese_lines("```python\n# 日本語の\n# コメント\n```\n") == []  # code is not prose


def test_anchor_and_include_checks_fail_on_a_difference():
    english = "# One {#one}\n\n## Two\n\n```python\n--8<-- \"scratchnet/summation.py:summation\"\n```\n"
    twin = "# 一 {#one}\n\n## 二 {#two}\n\n```python\n--8<-- \"scratchnet/summation.py:summation\"\n```\n"
    assert anchor_differences(english, twin, "x") == []
    assert anchor_differences(english, twin.replace(" {#two}", ""), "x")            # no explicit id
    assert anchor_differences(english, twin.replace("{#two}", "{#deux}"), "x")      # another id
    assert include_lines(twin.replace("summation.py", "losses.py")) != include_lines(english)
