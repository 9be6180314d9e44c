"""Each page's notebook (``notebooks/PAGE.ipynb``, made by ``docs/_hooks/runtime.py``) runs top to
bottom in a fresh kernel (nbclient + ipykernel; two notebooks at once, each in its own kernel),
and its code cells are the page's blocks.

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


#: Notebooks run at once, each in its own kernel process: two use both cores of a 2-core machine.
AT_ONCE = 2


@pytest.fixture(scope="module")
def executed(request, tmp_path_factory) -> dict:
    """The notebooks this session tests, each run top to bottom in a fresh kernel of its own,
    :data:`AT_ONCE` at a time: ``{path: (the executed notebook, the error it raised or None)}``."""
    import asyncio

    import nbformat  # the test extra installs nbclient, nbformat and ipykernel
    from nbclient import NotebookClient

    wanted = [item.callspec.params["path"] for item in request.session.items   # code blocks are items too
              if getattr(item, "originalname", None) == "test_the_notebook_runs_top_to_bottom_in_a_fresh_kernel"]

    async def run(path, gate):
        async with gate:
            book = nbformat.reads(json.dumps(make(path)), as_version=4)  # as a downloaded file is read
            try:
                nbformat.validate(book)
                client = NotebookClient(book, timeout=CELL_TIMEOUT, kernel_name="python3",
                                        resources={"metadata": {"path": str(tmp_path_factory.mktemp("notebook"))}})
                await client.async_execute()  # raises CellExecutionError, naming the cell, if any cell fails
            except Exception as error:  # noqa: BLE001 (reported by the test of that notebook)
                return path, book, error
            return path, book, None

    async def run_all():
        gate = asyncio.Semaphore(AT_ONCE)
        return await asyncio.gather(*(run(path, gate) for path in dict.fromkeys(wanted)))

    return {path: (book, error) for path, book, error in asyncio.run(run_all())}


@pytest.mark.parametrize("path", PAGES, ids=site_build.page_id)
def test_the_notebook_runs_top_to_bottom_in_a_fresh_kernel(path, executed):
    book, error = executed[path]
    if error is not None:
        raise error
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
