"""The Japanese glossary (``docs/glossary.ja.md``) is checked like the English one.

It keeps the four columns, in Japanese: 用語 (the term, the series' Japanese word), 記号 (the
symbol), コードでの名前 (the names in the code) and 英語 (the English term of
``docs/glossary.md``). The rules are ``tests/test_glossary.py``'s, applied by its own
functions:

1. every row names code, and every name in its code spans exists in scratchnet (rule 3 of
   the English test), and an index name stands only in the row of a term it counts (rule 4,
   judged on the row's English term);
2. every one of the series' 26 terms is in the 用語 column;
3. the two glossaries stay in step: the same English terms, each row with the same code
   spans, in the same order, as the English row of that term.
"""

from __future__ import annotations

import re
from pathlib import Path

from tests.test_glossary import GLOSSARY, HEADER, SERIES_TERMS, glossary_rows, misplaced_positions, unknown_names

GLOSSARY_JA = Path(__file__).resolve().parent.parent / "docs" / "glossary.ja.md"
HEADER_JA = ["用語", "記号", "コードでの名前", "英語"]
TERM, SYMBOL, CODE, ENGLISH = range(4)


def rows_ja() -> list[list[str]]:
    return glossary_rows(GLOSSARY_JA)[1:]


def as_english_layout(row: list[str]) -> list[str]:
    """A Japanese row in the English table's column order (term, symbol, code, Japanese term)."""
    return [row[ENGLISH], row[SYMBOL], row[CODE], row[TERM]]


def spans(cell: str) -> list[str]:
    return re.findall(r"`([^`]+)`", cell)


def test_the_table_has_the_four_columns():
    assert glossary_rows(GLOSSARY_JA)[0] == HEADER_JA


def test_every_row_names_code_that_exists():
    rows = rows_ja()
    english_layout = [as_english_layout(row) for row in rows]
    problems = []
    for row in rows:
        assert len(row) == len(HEADER_JA), f"row {row[TERM]!r}: expected {len(HEADER_JA)} cells, got {len(row)}"
        if not spans(row[CODE]):
            problems.append(f"{row[TERM]!r}: no `code` name")
        for name in unknown_names(row[CODE]):
            problems.append(f"{row[TERM]!r}: {name!r} is not a name in scratchnet")
        for name in misplaced_positions(row[ENGLISH], row[CODE], english_layout):
            problems.append(f"{row[TERM]!r}: {name!r} is the code's index into {name[:-2]!r}, not a name for "
                            f"the {row[ENGLISH]} (rule 4)")
    assert not problems, "docs/glossary.ja.md:\n" + "\n".join(problems)


def test_every_term_of_the_series_is_in_the_glossary():
    given = set()
    for row in rows_ja():
        given.update(term.strip() for term in re.split(r"[,、/]", row[TERM]))
    missing = [term for term in SERIES_TERMS if term not in given]
    assert not missing, f"docs/glossary.ja.md lacks the series' terms {missing}"


def test_the_two_glossaries_name_the_same_code():
    english = {row[0]: spans(row[HEADER.index("name in the code")]) for row in glossary_rows(GLOSSARY)[1:]}
    japanese = {row[ENGLISH]: spans(row[CODE]) for row in rows_ja()}
    assert sorted(japanese) == sorted(english), (
        f"English terms only in docs/glossary.md: {sorted(set(english) - set(japanese))}; "
        f"only in docs/glossary.ja.md: {sorted(set(japanese) - set(english))}")
    differ = [f"{term}: {english[term]} vs {japanese[term]}" for term in english if english[term] != japanese[term]]
    assert not differ, "rows whose code names differ between the glossaries:\n" + "\n".join(differ)


def test_the_japanese_terms_agree_with_the_english_glossary():
    """The English glossary's Japanese column names the same Japanese terms as the 用語 column."""
    english = {row[0]: row[HEADER.index("japanese term")].replace(" ", "") for row in glossary_rows(GLOSSARY)[1:]}
    japanese = {row[ENGLISH]: row[TERM].replace(" ", "") for row in rows_ja()}
    differ = [f"{term}: {english[term]} vs {japanese.get(term)}"
              for term in english if english[term] != japanese.get(term)]
    assert not differ, "\n".join(differ)
