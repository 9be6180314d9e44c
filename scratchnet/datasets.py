r"""Data sets of the TensorFlow Playground, in the standard library only.

The same points as the ``plygdata`` package (``pip install playground-data``), which needs
NumPy, so that chapter 8 runs anywhere Python runs, in the reader's browser too:

* :func:`regress_plane` and :func:`classify_circle` draw their points with Python's
  ``random`` module exactly as ``plygdata.generate_data`` does: after ``random.seed(s)``
  they give the points ``generate_data`` gives after ``random.seed(s)``;
* :func:`split_data` shuffles the rows as ``np.random.seed(seed)`` then
  ``plygdata.split_data`` does (NumPy's legacy Mersenne Twister, re-created with
  ``random.Random.setstate``), and cuts them into training and validation lists.

``tests/test_datasets.py`` compares every point with ``plygdata``'s.
"""

from __future__ import annotations

import math
import random
from typing import Protocol


class _Draws(Protocol):
    """Anything with ``random()``: a ``random.Random``, or the ``random`` module itself."""

    def random(self) -> float: ...


__all__ = ["regress_plane", "classify_circle", "split_data"]

#: How many points each data set has, as in the TensorFlow Playground.
NUM_SAMPLES_REGRESS = 1200
NUM_SAMPLES_CLASSIFY = 500


def _uniform(rng: _Draws, a: float, b: float) -> float:
    """A uniform draw from [a, b), computed as the Playground does."""
    return rng.random() * (b - a) + a


def regress_plane(noise: float = 0.0, *, rng: random.Random | None = None,
                  num_samples: int = NUM_SAMPLES_REGRESS) -> list[list[float]]:
    """Points ``[x1, x2, label]`` in the square [-6, 6]², the label $(x_1 + x_2) / 10$ (rescaled).

    Args:
        noise: 0 to 1; the label is computed at a point moved by up to ``noise * 6``.
        rng: a ``random.Random``; ``None`` draws from the ``random`` module (seed it with
            ``random.seed``).
        num_samples: how many points.
    """
    draws: _Draws = rng or random
    radius = 6
    points = []
    for _ in range(num_samples):
        x = _uniform(draws, -radius, radius)
        y = _uniform(draws, -radius, radius)
        noise_x = _uniform(draws, -radius, radius) * noise
        noise_y = _uniform(draws, -radius, radius) * noise
        # the scale from [-10, 10] to [-1, 1], in the Playground's order of operations
        label = -1 + 2 * ((x + noise_x + (y + noise_y) - -10) / 20)
        points.append([x, y, label])
    return points


def classify_circle(noise: float = 0.0, *, rng: random.Random | None = None,
                    num_samples: int = NUM_SAMPLES_CLASSIFY) -> list[list[float]]:
    """Points ``[x1, x2, label]``: label 1 inside radius 2.5, -1 in the ring from 3.5 to 5.

    Half the points are drawn inside, then half outside. Args as in :func:`regress_plane`.
    """
    draws: _Draws = rng or random
    radius = 5.0
    points = []
    for r_low, r_high in ((0.0, radius * 0.5), (radius * 0.7, radius)):
        for _ in range(num_samples // 2):
            r = _uniform(draws, r_low, r_high)
            angle = _uniform(draws, 0.0, 2.0 * math.pi)
            x = r * math.sin(angle)
            y = r * math.cos(angle)
            noise_x = _uniform(draws, -radius, radius) * noise
            noise_y = _uniform(draws, -radius, radius) * noise
            inside = math.sqrt((x + noise_x) ** 2 + (y + noise_y) ** 2) < radius * 0.5
            points.append([x, y, 1 if inside else -1])
    return points


def _numpy_legacy_generator(seed: int) -> random.Random:
    """A ``random.Random`` whose 32-bit draws are those of ``np.random.seed(seed)``.

    Both are MT19937; NumPy's legacy seeding fills the state from one 32-bit seed
    (``init_genrand``), which Python's ``random.seed`` does not, so the state is set directly.
    """
    if not isinstance(seed, int) or not 0 <= seed < 2**32:
        raise ValueError(f"seed: expected an int from 0 to 2**32 - 1, got {seed!r}")
    state = [seed]
    for i in range(1, 624):
        state.append((1812433253 * (state[-1] ^ (state[-1] >> 30)) + i) & 0xFFFFFFFF)
    rng = random.Random()
    rng.setstate((3, tuple(state) + (624,), None))
    return rng


def _interval(rng: random.Random, top: int) -> int:
    """A number from 0 to ``top``, drawn as NumPy's legacy ``random_interval`` draws it."""
    if top == 0:
        return 0
    mask = top
    for shift in (1, 2, 4, 8, 16):
        mask |= mask >> shift
    while True:
        value = rng.getrandbits(32) & mask
        if value <= top:
            return value


def split_data(
    data: list[list[float]], validation_size: float = 0.5, *, seed: int = 0
) -> tuple[list[list[float]], list[list[float]], list[list[float]], list[list[float]]]:
    """Shuffle the rows, then cut them: ``(x_train, y_train, x_valid, y_valid)``, plain lists.

    The shuffle is the one ``np.random.seed(seed)`` then ``np.random.shuffle`` makes, so the
    lists hold the numbers of ``plygdata.split_data`` (as floats), in the same order. Each
    ``x`` row is ``[x1, x2]`` and each ``y`` row ``[label]``.
    """
    rows = [[float(v) for v in row] for row in data]
    rng = _numpy_legacy_generator(seed)
    for i in range(len(rows) - 1, 0, -1):
        j = _interval(rng, i)
        rows[i], rows[j] = rows[j], rows[i]
    cut = round(len(rows) * (1.0 - validation_size))
    x = [row[:-1] for row in rows]
    y = [row[-1:] for row in rows]
    return x[:cut], y[:cut], x[cut:], y[cut:]
