"""Tests of tests/docs_plugin.py, the plugin that runs every code block a reader sees.

Each test writes a small page to a temporary ``docs/`` directory and runs pytest on it in
process (``pytester``), with the plugin's ``ROOT`` pointed at that directory. Includes are
expanded with the site's own snippets configuration (the real ``mkdocs.yml``), so a page
here can include ``scratchnet/...`` sections like a chapter does.
"""

from __future__ import annotations

import textwrap

import pytest

import tests.docs_plugin as plugin

pytest_plugins = ["pytester"]

FENCE = "```"


@pytest.fixture(scope="session")
def real_snippets():
    """Configure the snippets preprocessor from the real mkdocs.yml, once, before any pytester.

    ``pytester`` removes every module first imported while it is active when it finishes.
    Loading mkdocs.yml imports MkDocs, PyYAML and the theme; if that happened inside a
    pytester test, later tests would get half-fresh copies of them (PyYAML's C extension
    is not re-imported) and fail to load any MkDocs config.
    """
    return plugin._snippet_preprocessor()


@pytest.fixture
def run_page(real_snippets, pytester, monkeypatch):
    """Write ``docs/page.md`` and run the plugin on it; return pytester's result."""
    monkeypatch.setattr(plugin, "ROOT", pytester.path)
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")   # only this plugin: fast, and nothing else collects
    (pytester.path / "docs").mkdir()

    def run(text: str, *args: str):
        page = pytester.path / "docs" / "page.md"
        page.write_text(textwrap.dedent(text).replace("'''", FENCE), encoding="utf-8")
        return pytester.runpytest_inprocess("-p", "tests.docs_plugin", "-p", "no:cacheprovider", *args,
                                            "docs/page.md")
    return run


def text_of(result) -> str:
    return "\n".join(result.outlines + result.errlines)


# --- which fences run ------------------------------------------------------------------

def test_a_python_block_runs_and_passes(run_page):
    result = run_page("""
        # A page

        '''python
        x = 6 * 7
        '''
    """)
    result.assert_outcomes(passed=1)


def test_a_python_block_that_raises_fails_and_names_file_and_line(run_page):
    result = run_page("""
        # A page

        '''python
        1 / 0
        '''
    """)
    result.assert_outcomes(failed=1)
    out = text_of(result)
    assert "docs/page.md:4: the code block raised" in out
    assert "ZeroDivisionError" in out and "1 / 0" in out          # the traceback, with the block's line


ATTRIBUTE_FENCES = ['python title="x"', "py", 'python hl_lines="1"', "Python"]


def test_fences_with_attributes_or_py_run_and_are_not_skipped(run_page):
    # each block raises, so each one that runs fails: four blocks, four failures
    result = run_page("\n".join(f"'''{info}\nraise RuntimeError('block {n} ran')\n'''\n"
                                for n, info in enumerate(ATTRIBUTE_FENCES)))
    result.assert_outcomes(failed=len(ATTRIBUTE_FENCES))
    out = text_of(result)
    assert all(f"block {n} ran" in out for n in range(len(ATTRIBUTE_FENCES)))


def test_an_unknown_fence_language_fails(run_page):
    result = run_page("""
        '''rust
        fn main() {}
        '''

        '''pycon
        >>> 1
        '''
    """)
    result.assert_outcomes(failed=2)
    out = text_of(result)
    assert "docs/page.md:2: a fence with language 'rust'" in out
    assert "docs/page.md:6: a fence with language 'pycon'" in out


def test_a_fence_with_no_language_fails(run_page):
    result = run_page("""
        Some text.

        '''
        print("no language")
        '''
    """)
    result.assert_outcomes(failed=1)
    assert "docs/page.md:4: a fence with no language" in text_of(result)


def test_a_tilde_fence_fails(run_page):
    result = run_page("""
        ~~~python
        print("hidden from the parser")
        ~~~
    """)
    assert result.ret != 0
    assert "docs/page.md:2: a ~~~ fence" in text_of(result)


@pytest.mark.parametrize("marker", ["skip", "cont"])
def test_a_pytest_codeblocks_skip_or_cont_marker_fails(run_page, marker):
    result = run_page(f"""
        '''python
        x = 1
        '''

        <!-- pytest-codeblocks:{marker} -->

        '''python
        x = 2
        '''
    """)
    assert result.ret != 0
    assert "docs/page.md:6: a pytest-codeblocks skip/cont marker" in text_of(result)


NOT_RUN = ["text", "console", "shell", "bash", "sh", "json", "toml", "yaml", "ini", "markdown", "csv"]


def test_declared_non_executable_fences_do_not_run(run_page):
    result = run_page("\n".join(f"'''{language}\nexit 1\n'''\n" for language in NOT_RUN)
                      + "\n'''python\nx = 1\n'''\n")
    result.assert_outcomes(passed=1)
    assert sorted(NOT_RUN) == sorted(plugin.NOT_EXECUTABLE)


# --- one namespace per page, one test per block ----------------------------------------

def test_blocks_of_a_page_share_one_namespace_but_are_separate_tests(run_page):
    result = run_page("""
        '''python
        total = 40
        '''

        '''python
        total += 2
        assert total == 42
        '''
    """)
    result.assert_outcomes(passed=2)


# --- shown output ----------------------------------------------------------------------

def test_shown_output_that_matches_passes(run_page):
    result = run_page("""
        '''python
        print(f"{2 / 3:.4f}")
        print("last line   ")
        '''

        <!-- pytest-codeblocks:expected-output -->

        '''text
        0.6667
        last line
        '''
    """)
    result.assert_outcomes(passed=1)


def test_shown_output_that_differs_fails_and_names_file_and_line(run_page):
    result = run_page("""
        # A page

        '''python
        print(f"{2 / 3:.4f}")
        '''

        <!-- pytest-codeblocks:expected-output -->

        '''text
        0.6666
        '''
    """)
    result.assert_outcomes(failed=1)
    out = text_of(result)
    assert "docs/page.md:4: the output shown on the page is not what the code prints" in out
    assert "-0.6666" in out and "+0.6667" in out


def test_a_block_that_prints_without_shown_output_fails(run_page):
    result = run_page("""
        '''python
        print("something")
        '''
    """)
    result.assert_outcomes(failed=1)
    out = text_of(result)
    assert "docs/page.md:2: the block prints output that the page does not show" in out
    assert "something" in out


def test_an_output_fence_that_is_not_text_fails(run_page):
    result = run_page("""
        '''python
        print("x")
        '''

        <!-- pytest-codeblocks:expected-output -->

        '''python
        x
        '''
    """)
    assert result.ret != 0
    assert "an expected-output fence must be" in text_of(result)


def test_update_docs_output_writes_what_the_code_printed(run_page, pytester):
    run_page("""
        '''python
        print("fresh")
        '''
    """, "--update-docs-output")
    page = (pytester.path / "docs" / "page.md").read_text(encoding="utf-8")
    assert "<!-- pytest-codeblocks:expected-output -->" in page
    assert "```text\nfresh\n```" in page
    pytester.runpytest_inprocess("-p", "tests.docs_plugin", "-p", "no:cacheprovider",
                                 "docs/page.md").assert_outcomes(passed=1)


def test_normalize_output_ignores_trailing_spaces_and_blank_lines_only():
    assert plugin.normalize_output("a  \nb\t\n\n\n") == "a\nb"
    assert plugin.normalize_output("  a") == "  a"                  # leading spaces count
    assert plugin.normalize_output("\n \n") == ""
    assert plugin.normalize_output("a\n\nb") == "a\n\nb"             # inner blank lines count


# --- includes --------------------------------------------------------------------------

def test_expand_snippets_replaces_an_include_line_by_the_section():
    code = plugin.expand_snippets('--8<-- "scratchnet/summation.py:summation"\nprint(summation([1], [2], 3))')
    assert "def summation(" in code
    assert "8<" not in code                                       # neither the include nor the markers
    assert code.rstrip().endswith("print(summation([1], [2], 3))")


def test_expand_snippets_dedents_a_section_from_inside_a_loop():
    code = plugin.expand_snippets('--8<-- "scratchnet/backward.py:step2"')
    assert code.startswith("# Step 2") and "active_der = active_der_of(node_sum)" in code


def test_expand_snippets_leaves_code_without_includes_alone():
    assert plugin.expand_snippets("x = 1\n") == "x = 1\n"


def test_an_included_function_is_what_runs(run_page):
    result = run_page("""
        '''python
        --8<-- "scratchnet/summation.py:summation"
        '''

        '''python
        print(summation.__module__, summation([1.0, 2.0], [3.0, 4.0], 0.5))
        '''

        <!-- pytest-codeblocks:expected-output -->

        '''text
        __main__ 11.5
        '''
    """)
    result.assert_outcomes(passed=2)


@pytest.mark.parametrize("include, missing", [
    ('"scratchnet/summation.py:summaton"', "section 'summaton'"),      # a misspelled section
    ('"scratchnet/sumation.py:summation"', "sumation.py"),             # a misspelled file
])
def test_a_misspelled_include_fails(run_page, include, missing):
    result = run_page(f"""
        '''python
        --8<-- {include}
        '''
    """, "--tb=line")
    assert result.ret != 0
    out = text_of(result)
    assert "docs/page.md" in out
    assert missing in out
