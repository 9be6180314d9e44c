"""The glossary's "Name in the code" column names only things that exist in scratchnet.

The rule, as this test applies it:

1. ``docs/glossary.md`` holds exactly one Markdown table, with the columns
   Term | Math symbol | Name in the code | Japanese term.
2. Every row's "Name in the code" cell has at least one inline code span (`` `...` ``).
3. Each span is read as Python tokens. Every **name** in it (string literals, numbers,
   operators, Python keywords and builtins such as ``len`` do not count) must be one of:

   a. a public attribute of the package or of a public submodule: a name in
      ``scratchnet.__all__`` or a submodule's ``__all__``, or a submodule's own name
      (``tracing``);
   b. a parameter name of such a public function (``lr``, ``batch_size``,
      ``with_respect_to``);
   c. a variable the course's listings assign in the body of ``forward_prop``,
      ``back_prop``, ``update_params`` or ``train`` (loop variables and comprehension
      variables included: ``delta``, ``sum_der_w``, ``x_i``).

   A dotted name (``scratchnet.tracing.record_step``) must resolve attribute by
   attribute from ``scratchnet``. Inside square brackets the index letters of the
   glossary's symbols, ``l``, ``j``, ``i`` and ``k``, count too (`` `weights[l - 1][j][i]` ``).

4. **A position is not the thing at it.** A name of rule 3c that ends in ``_i``
   (``layer_i``, ``layer_max_i``, ``node_i``, ``x_i``) is, in the listings, the *index* of
   what its stem names: ``node_i`` counts nodes, ``x_i`` the inputs ``x``. Outside square
   brackets such a name may stand only in the row of a term it counts: a word of its stem
   (``node``; ``layer`` of ``layer_max``) is a word of the row's term, or the stem is the
   whole code name of another row (`` `x` `` of "input layer") whose term shares a word
   with this one. So `` `x_i` `` in the "edge" row fails: an input's index is not an edge.

So `` `sum_der(x, w, b, with_respect_to="w")` `` checks ``sum_der``, ``x``, ``w``, ``b``
and ``with_respect_to``. The last tests prove the checker rejects a misspelled name and a
position given for the wrong term.
"""

from __future__ import annotations

import ast
import builtins
import importlib
import inspect
import io
import keyword
import pkgutil
import re
import tokenize
from functools import lru_cache
from pathlib import Path

import scratchnet

GLOSSARY = Path(__file__).resolve().parent.parent / "docs" / "glossary.md"
HEADER = ["term", "math symbol", "name in the code", "japanese term"]
#: The functions whose local variables count as names in the code (rule 3c).
LISTED_FUNCTIONS = {"forward": "forward_prop", "backward": "back_prop", "update": "update_params", "train": "train"}
#: The index letters of the glossary's symbols: names inside square brackets (rule 3).
INDEX_LETTERS = {"l", "j", "i", "k"}
#: The 26 Japanese terms of the series (reference/series.md), every one of which the glossary must give.
SERIES_TERMS = [
    "順伝播", "逆伝播", "誤差逆伝播法", "損失関数", "二乗和誤差", "活性化関数", "恒等関数", "シグモイド関数",
    "重み", "バイアス", "重み付き線形和", "偏微分", "偏導関数", "偏微分係数", "合成関数", "連鎖律", "勾配",
    "学習率", "オンライン学習", "ミニバッチ学習", "バッチ学習", "隠れ層", "出力層", "入力層", "ノード", "エッジ",
]


def _public_modules():
    for info in pkgutil.iter_modules(scratchnet.__path__):
        if not info.name.startswith("_"):
            yield info.name, importlib.import_module(f"scratchnet.{info.name}")


def _assigned_names(function: ast.FunctionDef) -> set[str]:
    """Parameters and every name the function's body stores to (loops and comprehensions included)."""
    names = {arg.arg for arg in ast.walk(function.args) if isinstance(arg, ast.arg)}
    for node in ast.walk(function):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
    return names


@lru_cache(maxsize=1)
def known_names() -> frozenset[str]:
    names = set(scratchnet.__all__)
    for module_name, module in _public_modules():
        names.add(module_name)
        for public in getattr(module, "__all__", []):
            names.add(public)
            value = getattr(module, public)
            if inspect.isfunction(value):
                names.update(inspect.signature(value).parameters)
        if module_name in LISTED_FUNCTIONS:
            tree = ast.parse(Path(inspect.getsourcefile(module)).read_text(encoding="utf-8"))
            defs = [node for node in tree.body
                    if isinstance(node, ast.FunctionDef) and node.name == LISTED_FUNCTIONS[module_name]
                    and not any(getattr(d, "id", None) == "overload" for d in node.decorator_list)]
            assert len(defs) == 1, f"scratchnet.{module_name} has no function {LISTED_FUNCTIONS[module_name]}"
            names.update(_assigned_names(defs[0]))
    return frozenset(names)


def _resolves(dotted: str) -> bool:
    parts = dotted.split(".")
    if parts[0] != "scratchnet":
        return False
    value = scratchnet
    for depth, part in enumerate(parts[1:], start=2):
        if not hasattr(value, part):
            try:
                value = importlib.import_module(".".join(parts[:depth]))
                continue
            except ImportError:
                return False
        value = getattr(value, part)
    return True


def _names(span: str) -> list[tuple[str, int]]:
    """``(name, bracket depth)`` of each (dotted) name in a code span."""
    tokens = [t for t in tokenize.generate_tokens(io.StringIO(span).readline)
              if t.type not in (tokenize.NEWLINE, tokenize.NL, tokenize.ENDMARKER)]
    names, depth, k = [], 0, 0
    while k < len(tokens):
        if tokens[k].type != tokenize.NAME:
            depth += {"[": 1, "]": -1}.get(tokens[k].string, 0)
            k += 1
            continue
        dotted = tokens[k].string
        while k + 2 < len(tokens) and tokens[k + 1].string == "." and tokens[k + 2].type == tokenize.NAME:
            dotted += "." + tokens[k + 2].string
            k += 2
        k += 1
        names.append((dotted, depth))
    return names


def unknown_names(cell: str) -> list[str]:
    """The names in the cell's code spans that scratchnet does not have (empty: all exist)."""
    unknown = []
    for span in re.findall(r"`([^`]+)`", cell):
        for dotted, depth in _names(span):
            if "." in dotted:
                if not _resolves(dotted):
                    unknown.append(dotted)
            elif not (keyword.iskeyword(dotted) or hasattr(builtins, dotted) or dotted in known_names()
                      or (depth > 0 and dotted in INDEX_LETTERS)):
                unknown.append(dotted)
    return unknown


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z]+", text.lower()))


@lru_cache(maxsize=1)
def positions() -> frozenset[str]:
    """Rule 4: the listings' names for an index, ``..._i``."""
    return frozenset(name for name in known_names() if name.endswith("_i") and len(name) > 2)


def misplaced_positions(term: str, cell: str, rows: list[list[str]]) -> list[str]:
    """Rule 4: the index names in ``cell`` that do not count ``term`` (empty: none)."""
    column = HEADER.index("name in the code")
    misplaced = []
    for span in re.findall(r"`([^`]+)`", cell):
        for name, depth in _names(span):
            if depth > 0 or name not in positions():
                continue
            stem = name[: -len("_i")]
            counted = _words(stem.replace("_", " "))
            for row in rows:
                if row[0] != term and re.search(rf"`{re.escape(stem)}`", row[column]):
                    counted |= _words(row[0])
            if not counted & _words(term):
                misplaced.append(name)
    return misplaced


def glossary_rows(glossary: Path = GLOSSARY) -> list[list[str]]:
    """The cells of the glossary's one table, header first (``glossary``: a translation's page)."""
    lines = glossary.read_text(encoding="utf-8").split("\n")
    tables, current = [], []
    for line in lines + [""]:
        if line.lstrip().startswith("|"):
            current.append(line)
        elif current:
            tables.append(current)
            current = []
    assert len(tables) == 1, f"docs/{glossary.name}: expected exactly one table, found {len(tables)}"
    rows = []
    for line in tables[0]:
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if all(re.fullmatch(r":?-{3,}:?", cell) for cell in cells):
            continue  # the |---| separator row
        rows.append(cells)
    return rows


def test_the_table_has_the_four_columns():
    header = glossary_rows()[0]
    assert [cell.lower() for cell in header] == HEADER


def test_every_row_names_code_that_exists():
    column = HEADER.index("name in the code")
    problems = []
    for row in glossary_rows()[1:]:
        assert len(row) == len(HEADER), f"row {row[0]!r}: expected {len(HEADER)} cells, got {len(row)}"
        if not re.search(r"`[^`]+`", row[column]):
            problems.append(f"{row[0]!r}: no `code` name")
        for name in unknown_names(row[column]):
            problems.append(f"{row[0]!r}: {name!r} is not a name in scratchnet")
        for name in misplaced_positions(row[0], row[column], glossary_rows()[1:]):
            problems.append(f"{row[0]!r}: {name!r} is the code's index into {name[:-2]!r}, not a name for "
                            f"the {row[0]} (rule 4)")
    assert not problems, "docs/glossary.md:\n" + "\n".join(problems)


def test_every_term_of_the_series_is_in_the_glossary():
    column = HEADER.index("japanese term")
    given = set()
    for row in glossary_rows()[1:]:
        given.update(term.strip() for term in re.split(r"[,、/]", row[column]))
    missing = [term for term in SERIES_TERMS if term not in given]
    assert not missing, f"docs/glossary.md lacks the series' terms {missing}"


def test_the_checker_rejects_a_misspelled_name():
    assert unknown_names("`sum_der_w`, `lr`, `batch_size=len(x)`") == []
    assert unknown_names("`sum_der_ww`") == ["sum_der_ww"]
    assert unknown_names('`sum_der(x, w, b, with_respect_to="w")`') == []
    assert unknown_names("`sum_der(x, weight)`") == ["weight"]
    assert unknown_names("`scratchnet.tracing.record_step`") == []
    assert unknown_names("`scratchnet.tracing.record_steps`") == ["scratchnet.tracing.record_steps"]


def test_the_checker_rejects_a_position_given_for_the_wrong_term():
    rows = glossary_rows()[1:]
    assert positions() >= {"layer_i", "layer_max_i", "node_i", "x_i"}
    assert misplaced_positions("node", "`node_i`", rows) == []
    assert misplaced_positions("output layer", "`is_output_layer`, `layer_max_i`", rows) == []
    assert misplaced_positions("edge", "`weights[l - 1][j][i]`, `w[x_i]`", rows) == []
    assert misplaced_positions("edge", "`x_i`", rows) == ["x_i"]
    assert misplaced_positions("weight", "`weights`, `node_i`", rows) == ["node_i"]
    assert unknown_names("`weights[l - 1][j][i]`") == []
    assert unknown_names("`weights[l - 1][j][q]`") == ["q"]
    assert unknown_names("`j`") == ["j"]
