"""A function with one line changed: the course's "break it and watch" tool.

``variant(back_prop, old, new)`` compiles a copy of the package's own ``back_prop`` from its
real source with exactly one line replaced, so what a gradient check (or the step-through
player) catches is that edit and nothing else. The copy keeps the file's line numbers and
its snippet markers, and its source is registered with ``linecache``, so ``inspect`` shows
the changed code and tracebacks point at the changed line.

This is the one way scratchnet builds a variant of a function from its source: the
chapters' exercises, the figures and the player all use it.
"""

from __future__ import annotations

import inspect
import linecache
from collections.abc import Callable
from typing import Any

__all__ = ["FORGOT_THE_SUM", "changed_source", "variant"]


def changed_source(func: Callable[..., Any], old: str, new: str) -> tuple[list[str], int, int]:
    """The source of ``func`` with the one line that starts with ``old`` replaced by ``new``.

    Args:
        func: a plain function of the package (a checked public one is unwrapped).
        old: the line as it stands (indentation aside); its start is enough, if that
            start is found on exactly one line.
        new: what to put there instead; the old line's indentation is kept.

    Returns:
        ``(lines, first, changed)``: the function's lines (without line ends), the file line
            number of its first line, and the index in ``lines`` of the changed line.
    """
    func = inspect.unwrap(func)
    source, first = inspect.getsourcelines(func)
    lines = [line.rstrip("\n") for line in source]
    hits = [n for n, line in enumerate(lines) if line.strip().startswith(old.strip())]
    if len(hits) != 1:
        raise ValueError(f"old: expected exactly one line of {func.__name__} starting with {old.strip()!r}, "
                         f"got {len(hits)}")
    line = lines[hits[0]]
    lines[hits[0]] = line[: len(line) - len(line.lstrip())] + new.strip()
    return lines, first, hits[0]


def variant(func: Callable[..., Any], old: str, new: str) -> Callable[..., Any]:
    """A copy of ``func`` compiled from its real source with one line changed.

    Args:
        func: the function to copy, e.g. ``back_prop``.
        old: the line to change, as in :func:`changed_source`.
        new: its replacement.

    Returns:
        The changed function: same name, same signature, same globals (a copy of them), no
            argument checks.

    Example:
        ``variant(back_prop, "layer_grads_x[x_i] += grad_x", "layer_grads_x[x_i] = grad_x")``
        is ``back_prop`` with the sum over edges turned into an overwrite.
    """
    plain = inspect.unwrap(func)
    lines, first, _ = changed_source(plain, old, new)
    filename = f"<{plain.__name__} with {new.strip()!r}>"
    text = "\n" * (first - 1) + "\n".join(lines) + "\n"   # the file's line numbers
    linecache.cache[filename] = (len(text), None, text.splitlines(keepends=True), filename)
    namespace = dict(plain.__globals__)
    exec(compile(text, filename, "exec"), namespace)
    changed: Callable[..., Any] = namespace[plain.__name__]
    return changed


#: The course's favourite break: ``back_prop`` with the sum over edges (pitfall 2) turned
#: into an overwrite, so each input keeps only the last node's share of its gradient.
#: ``variant(back_prop, *FORGOT_THE_SUM)``; chapter 9, its figure and the player use it.
FORGOT_THE_SUM = ("layer_grads_x[x_i] += grad_x", "layer_grads_x[x_i] = grad_x")
