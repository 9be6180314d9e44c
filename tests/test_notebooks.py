"""Each page's notebook (``notebooks/PAGE.ipynb``, made by ``docs/_hooks/runtime.py``) runs top to
bottom in a fresh kernel (nbclient + ipykernel), and its code cells are the page's blocks.

The notebook is made exactly as the build makes it (the same function, from the same
Markdown), so what runs here is what a reader downloads; ``tests/browser/test_run.py``
checks the built page links to it.
"""

from __future__ import annotations

import json
import re

import pytest

from tests import site_build
from tests.runtime_hook import blocks_of, expander, hook, pages_with_blocks

PAGES = pages_with_blocks()
#: Per notebook: chapter 8 trains several networks.
CELL_TIMEOUT = 600


def make(path: str) -> dict:
    markdown = site_build.source_pages()[path]
    return hook().notebook(markdown.read_text(encoding="utf-8"), expander(), title=path)


@pytest.mark.parametrize("path", PAGES, ids=site_build.page_id)
def test_code_cells_are_the_pages_blocks_and_prose_is_markdown(path):
    book = make(path)
    json.dumps(book)  # serialisable as written by the build
    code = ["".join(cell["source"]) for cell in book["cells"] if cell["cell_type"] == "code"]
    assert code == [block["code"] for block in blocks_of(site_build.source_pages()[path])]
    prose = "".join("".join(c["source"]) for c in book["cells"] if c["cell_type"] == "markdown")
    source = site_build.source_pages()[path].read_text(encoding="utf-8")
    first_heading = next(line for line in source.splitlines() if line.startswith("# "))
    assert re.sub(r"\s*\{[^}]*\}\s*$", "", first_heading) in prose   # without an {#id} (the Japanese pages')
    assert not re.search(r"^#.*\{\s*#[\w-]+\s*\}\s*$", prose, re.M), "a heading's {#id} left in the prose"
    assert "--8<--" not in "".join(code), "a snippet include was left unexpanded"
    assert "pytest-codeblocks:expected-output" not in prose
    assert "\n??? " not in "\n" + prose and "\n!!! " not in "\n" + prose, "admonition syntax left in the prose"
    for title in re.findall(r'\?\?\? success "([^"]+)"', source):   # "Solution", "解答"
        assert f"**{title}**" in prose


@pytest.mark.parametrize("path", PAGES, ids=site_build.page_id)
def test_the_notebook_runs_top_to_bottom_in_a_fresh_kernel(path, tmp_path):
    import nbformat  # the test extra installs nbclient, nbformat and ipykernel
    from nbclient import NotebookClient

    book = nbformat.reads(json.dumps(make(path)), as_version=4)  # as a downloaded file is read
    nbformat.validate(book)
    client = NotebookClient(book, timeout=CELL_TIMEOUT, kernel_name="python3",
                            resources={"metadata": {"path": str(tmp_path)}})
    client.execute()  # raises CellExecutionError, naming the cell, if any cell fails
    printed = []
    for cell in book.cells:
        if cell.cell_type == "code":
            streams = [o for o in cell.outputs if o.output_type == "stream" and o.name == "stdout"]
            printed.append("".join(o.get("text", "") for o in streams))
    expected = [block["expected"] for block in blocks_of(site_build.source_pages()[path])]
    for n, (out, shown) in enumerate(zip(printed, expected), start=1):
        if shown is not None:
            lines = [line.rstrip() for line in out.rstrip().splitlines()]
            assert lines == [line.rstrip() for line in shown.rstrip().splitlines()], (
                f"cell {n} of {path} printed something else than the page shows"
            )
