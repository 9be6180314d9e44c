"""``scratchnet.datasets`` gives the very points of ``plygdata`` (NumPy-based), from the standard library.

Each generator is compared with ``plygdata.generate_data`` after the same ``random.seed``, and
``split_data`` with ``np.random.seed`` + ``plygdata.split_data``: every number equal, same order.
"""

from __future__ import annotations

import ast
import random
import sys

import numpy as np
import plygdata as pg
import pytest

from scratchnet import datasets

CASES = [
    (pg.DatasetType.RegressPlane, datasets.regress_plane),
    (pg.DatasetType.ClassifyCircleData, datasets.classify_circle),
]


@pytest.mark.parametrize("seed", [0, 1, 2026])
@pytest.mark.parametrize("noise", [0.0, 0.25])
@pytest.mark.parametrize("kind, ours", CASES, ids=["regress_plane", "classify_circle"])
def test_same_points_as_plygdata(kind, ours, noise, seed):
    random.seed(seed)
    theirs = pg.generate_data(kind, noise)
    random.seed(seed)
    mine = ours(noise)
    assert len(mine) == len(theirs)
    assert mine == theirs
    assert ours(noise, rng=random.Random(seed)) == theirs, "an own Random gives other points than the seeded module"


@pytest.mark.parametrize("seed", [0, 7, 2**32 - 1])
@pytest.mark.parametrize("validation_size", [0.5, 0.3])
def test_same_split_as_plygdata_with_numpy(seed, validation_size):
    random.seed(seed)
    data = pg.generate_data(pg.DatasetType.RegressPlane, 0.1)
    np.random.seed(seed)
    theirs = [part.tolist() for part in pg.split_data(data, validation_size=validation_size)]
    mine = list(datasets.split_data(data, validation_size, seed=seed))
    assert mine == theirs


def test_split_refuses_a_seed_numpy_would_refuse():
    with pytest.raises(ValueError, match="seed: expected an int from 0 to 2\\*\\*32 - 1, got -1"):
        datasets.split_data([[0.0, 0.0, 1.0]], seed=-1)


def test_standard_library_only():
    tree = ast.parse(open(datasets.__file__, encoding="utf-8").read())
    nodes = list(ast.walk(tree))
    imported = {alias.name.split(".")[0] for node in nodes if isinstance(node, ast.Import) for alias in node.names}
    imported |= {node.module.split(".")[0] for node in nodes if isinstance(node, ast.ImportFrom) and node.module}
    assert imported <= set(sys.stdlib_module_names), imported - set(sys.stdlib_module_names)
    assert "numpy" not in imported
