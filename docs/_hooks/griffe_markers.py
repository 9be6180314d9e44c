"""Griffe extension: hide the snippet section markers in the API reference's source view.

The chapters include parts of scratchnet's functions by named sections, marked in the
code with comments such as ``# --8<-- [start:step1]``. Those markers mean nothing to a
reader of the API reference, so this extension blanks them in the lines Griffe shows as
source. Line numbers stay right because each marker becomes an empty line, not no line.
"""

from __future__ import annotations

import re

import griffe

_MARKER = re.compile(r"--8<--\s*\[\s*(start|end)\s*:")


class HideSnippetMarkers(griffe.Extension):
    def on_package(self, *, pkg: griffe.Module, **kwargs) -> None:
        for lines in pkg.lines_collection.values():
            for number, line in enumerate(lines):
                if _MARKER.search(line):
                    lines[number] = ""
