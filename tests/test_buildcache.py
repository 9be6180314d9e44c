"""The build cache and fresh modules of the hooks (``docs/_hooks/buildcache.py``).

* After a prose edit, a new process finds every artifact the hooks make in the cache on
  disk; after an edit to one function of ``scratchnet``, the same process (as ``mkdocs serve``
  rebuilds) recomputes exactly the artifacts whose code refers to it, with the new code.
  (``benchmarks/writer_loop.py`` times the whole rebuild.)
* The files an artifact is keyed by include every repository file its computation runs.
* An entry that is corrupt or half-written is computed again, never served; writes are
  atomic; ``SCRATCHNET_NO_CACHE`` turns the cache off; a computation that warns, or whose
  value holds anything but built-in types, is not cached.
* ``fresh`` imports a module again only after one of its files changed.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests import site_build

ROOT = Path(__file__).resolve().parent.parent
HOOKS = ROOT / "docs" / "_hooks"
if str(HOOKS) not in sys.path:
    sys.path.insert(0, str(HOOKS))

import buildcache  # noqa: E402


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """An empty cache folder and an empty memory, for this test only."""
    monkeypatch.setenv("SCRATCHNET_BUILD_CACHE_DIR", str(tmp_path / "cache" / "build"))
    monkeypatch.delenv("SCRATCHNET_NO_CACHE", raising=False)
    monkeypatch.setattr(buildcache, "_MEMORY", {})
    monkeypatch.setattr(buildcache, "_MANIFESTS", {})
    monkeypatch.setattr(buildcache, "_STATS", [])
    return tmp_path / "cache" / "build"


def forget_memory(monkeypatch):
    """As a new process sees the cache: only what is on disk."""
    monkeypatch.setattr(buildcache, "_MEMORY", {})
    monkeypatch.setattr(buildcache, "_MANIFESTS", {})


class Counter:
    def __init__(self, value):
        self.value, self.calls = value, 0

    def __call__(self):
        self.calls += 1
        return self.value


def entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("entries/*/*.bin"))


# -------------------------------------------------------------------------- the whole loop

DRIVER = r"""
import ast, hashlib, json, sys
from pathlib import Path
from types import SimpleNamespace
from mkdocs.config import load_config
from mkdocs.structure.files import Files

root = Path.cwd()
sys.path.insert(0, str(root / "docs" / "_hooks"))
import buildcache

def digest(data):
    return hashlib.sha256(data).hexdigest()

def build_hooks(language="en"):
    # what a build asks of the hooks (the rest of a build does not touch the cache), in the
    # default language's build or, as the i18n plugin runs it next, in another language's
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(root / "site-out"), strict=True)
    if language != "en":
        config.plugins["i18n"].current_language = language
    config = config.plugins.on_config(config)
    files = config.plugins.on_files(Files([]), config=config)
    pages = "*.md" if language == "en" else f"*.{language}.md"
    for path in sorted((root / "docs").glob(pages)):
        page = SimpleNamespace(file=SimpleNamespace(src_uri=path.name))
        text = path.read_text(encoding="utf-8")
        for hook in config.hooks.values():                  # the hooks alone, not the other plugins
            if hasattr(hook, "on_page_markdown"):
                text = hook.on_page_markdown(text, page=page, config=config, files=files)
    figures = {f.dest_uri: digest(f.content_bytes) for f in files if f.src_uri.startswith("figures/")}
    return {"stats": [[name, how] for name, how, _ in buildcache.stats()], "figures": figures}

report = {}
chapter = root / "docs" / "training.md"
chapter.write_text(chapter.read_text(encoding="utf-8") + "\nA sentence a writer just added.\n", encoding="utf-8")
report["prose"] = build_hooks()
report["prose ja"] = build_hooks("ja")
# one function of the package changed: train() halves the learning rate it is given
source = root / "scratchnet" / "train.py"
text = source.read_text(encoding="utf-8")
function = next(n for n in ast.parse(text).body if isinstance(n, ast.FunctionDef) and n.name == "train")
first = function.body[1] if isinstance(function.body[0], ast.Expr) else function.body[0]   # after the docstring
lines = text.splitlines(keepends=True)
lines.insert(first.lineno - 1, " " * first.col_offset + "lr = lr / 2  # edited by tests/test_buildcache.py\n")
source.write_text("".join(lines), encoding="utf-8")
report["package"] = build_hooks()     # in the same process, as `mkdocs serve`'s next rebuild
report["package ja"] = build_hooks("ja")
print("REPORT " + json.dumps(report))
"""

#: Artifacts a build asks for first: when they are cached, nothing inside them is looked at.
GROUPS = {"figures", "traces", "crosscheck table", "benchmark table", "breakdown table", "table trace-table"}
#: Everything that depends on scratchnet/train.py: the two training runs, the figures drawn
#: from them, and the figure list that holds them.
TRAINING = {"run regression", "run classification", "figure train-loss.svg", "figure train-predictions.svg",
            "figure train-classification.svg", "figures"}
#: ... and in the Japanese build, after the English one in the same process: its own drawings of
#: those figures (the runs, trained again for the English build, are the same).
TRAINING_JA = {"figure train-loss.svg ja", "figure train-predictions.svg ja", "figure train-classification.svg ja",
               "figures ja"}
TRAINING_FIGURES = {"train-loss.svg", "train-predictions.svg", "train-classification.svg"}


def copy_of_the_repository(into: Path) -> Path:
    skip = shutil.ignore_patterns(".git", ".venv", "site", "artifacts", "__pycache__", "*.pyc", ".pytest_cache")
    return Path(shutil.copytree(ROOT, into / "repo", ignore=skip))


def test_a_prose_edit_rebuilds_from_the_cache_and_a_package_edit_recomputes_exactly_its_dependents(
        root_build, tmp_path_factory):
    built = root_build                                  # the session's build has filled the cache
    work = tmp_path_factory.mktemp("loop")
    repo = copy_of_the_repository(work)
    cache = work / "cache"
    shutil.copytree(os.environ["SCRATCHNET_BUILD_CACHE_DIR"], cache)
    env = {**os.environ, "SCRATCHNET_BUILD_CACHE_DIR": str(cache), "NO_MKDOCS_2_WARNING": "1",
           "PYTHONDONTWRITEBYTECODE": "1"}
    env.pop("SCRATCHNET_NO_CACHE", None)
    done = subprocess.run([sys.executable, "-c", DRIVER], cwd=repo, env=env, capture_output=True,
                          text=True, timeout=site_build.BUILD_TIMEOUT)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-6000:]
    report = json.loads(done.stdout.split("REPORT ", 1)[1])

    # a new process after a prose edit: every artifact the hooks make comes from the disk cache
    prose = report["prose"]["stats"]
    assert all(how == "cached" for _, how in prose), prose
    assert {name for name, _ in prose} >= GROUPS, prose
    shipped = {p.name: p for p in (built.site_dir / "figures").glob("*.svg")}
    assert set(report["prose"]["figures"]) == {f"figures/{name}" for name in shipped}
    # ... in each language: the Japanese build's figures, keyed per language, are cached too
    prose_ja = report["prose ja"]["stats"]
    assert all(how == "cached" for _, how in prose_ja), prose_ja
    assert "figures ja" in {name for name, _ in prose_ja}, prose_ja
    shipped_ja = {p.name for p in (built.site_dir / "ja" / "figures").glob("*.svg")}
    assert set(report["prose ja"]["figures"]) == {f"ja/figures/{name}" for name in shipped_ja} and shipped_ja

    # train() changed: in the same process, exactly what depends on it is computed again
    package = report["package"]["stats"]
    computed = {name for name, how in package if how == "computed"}
    assert computed == TRAINING, package
    cached = {name for name, how in package if how == "cached"} - computed
    assert cached >= GROUPS - TRAINING | {"figure netC-forward.svg", "figure gradient-check.svg"}, package
    assert {name for name, _ in package} == computed | cached, package
    # ... and with the new code: the training figures changed, no other figure did
    before, after = report["prose"]["figures"], report["package"]["figures"]
    changed = {name for name in before if before[name] != after[name]}
    assert changed == {f"figures/{name}" for name in TRAINING_FIGURES}
    # the Japanese build next: its drawings of the same figures, nothing else
    package_ja = report["package ja"]["stats"]
    assert {name for name, how in package_ja if how == "computed"} == TRAINING_JA, package_ja
    before, after = report["prose ja"]["figures"], report["package ja"]["figures"]
    assert {name for name in before if before[name] != after[name]} == {f"ja/figures/{n}" for n in TRAINING_FIGURES}


# -------------------------------------------------------------------------- what an artifact is keyed by

def executed_files(compute) -> set[str]:
    """The repository files whose code runs while ``compute()`` does (a profiler sees every call)."""
    seen: set[str] = set()

    def profile(frame, event, arg):
        seen.add(frame.f_code.co_filename)

    previous = sys.getprofile()
    sys.setprofile(profile)
    try:
        compute()
    finally:
        sys.setprofile(previous)
    files = {buildcache._relative(f) for f in seen if not f.startswith("<")}
    return {f for f in files if f and not f.startswith("tests/test_") and f != "docs/_hooks/buildcache.py"}


def test_every_file_an_artifact_runs_is_in_its_key(root_build):
    """Run each kind of artifact again under a profiler: every repository file whose code ran is
    among the files its manifest (from the session's build) keys it by."""
    buildcache._MANIFESTS.clear()                                 # read what the build wrote
    import figlib
    from figlib import runs as recipes

    player = buildcache.fresh("scratchnet_hook_player", HOOKS / "player.py")
    crosscheck = buildcache.fresh("scratchnet_hook_crosscheck", HOOKS / "crosscheck.py")
    short = {"regression": dict(recipes.REGRESSION, epochs=1), "classification": dict(recipes.CLASSIFICATION, epochs=1)}
    ready = figlib.Runs()                                         # what the figures are drawn from
    assert ready.step_c["y_pred"]
    ready.regression = {"glorot": recipes.train_run(short["regression"]),
                        "zeros": recipes.train_run(short["regression"], "zeros")}
    cases = {
        "run step_c": lambda: figlib.Runs().step_c,
        "run gd": lambda: figlib.Runs().gd,
        "run gradcheck": lambda: figlib.Runs().gradcheck,
        # the training runs' code, run for one epoch
        "run regression": lambda: recipes.train_run(short["regression"]),
        "run classification": lambda: recipes.train_run(short["classification"]),
        "trace example-c": lambda: player.build_trace("example-c"),
        "trace broken-sum": lambda: player.build_trace("broken-sum"),
        "crosscheck table": crosscheck.crosscheck_markdown,
        "benchmark table": lambda: crosscheck.benchmark_markdown(crosscheck._load_results()),
    }
    for figure in ("netC-backward-layer1.svg", "four-steps-output0.svg", "sum-over-edges.svg", "step-overview.svg",
                   "netC-update.svg", "train-predictions.svg"):
        cases[f"figure {figure}"] = lambda figure=figure: figlib.FIGURES[figure].draw(ready)
    for figure in ("netC-backward-layer1.svg", "train-predictions.svg"):            # the Japanese drawings
        cases[f"figure {figure} ja"] = lambda figure=figure: figlib.FIGURES[figure].draw(ready, "ja")
    for table in ("backward-layer2", "trace-table"):
        cases[f"table {table}"] = lambda table=table: figlib.TABLES[table].draw(ready)
    for name, compute in cases.items():
        records = buildcache.recorded_files(name)
        assert records, f"the build stored no manifest for {name}"
        ran = executed_files(compute)
        assert ran, name
        missing = ran - set(records[0])
        assert not missing, f"{name} ran code of {sorted(missing)}, which its key leaves out"


def test_the_keys_follow_the_code_not_the_package_as_a_whole():
    import figlib
    from figlib import network

    train_run = buildcache.dependencies([figlib.Runs.regression.func])[0]
    assert "scratchnet/train.py" in train_run and "docs/_hooks/figlib/runs.py" in train_run
    assert "scratchnet/examples.py" not in train_run
    drawing = buildcache.dependencies([network.network_figure])[0]
    assert "docs/_hooks/figlib/svg.py" in drawing and "docs/_hooks/figlib/values.py" in drawing
    assert not any(f.startswith("scratchnet/") for f in drawing)
    # a library imported inside a function counts, installed or not
    files, libraries = buildcache.dependencies([figlib.runs.load_dataset])
    assert {"numpy", "plygdata"} <= set(libraries)


# -------------------------------------------------------------------------- the store

def test_a_value_is_computed_once_then_served_from_memory_and_from_disk(cache, monkeypatch):
    compute = Counter({"svg": "<svg/>", "numbers": [1.5, (2, 3)], "set": {1}})
    first = buildcache.get("test value", compute)
    assert buildcache.get("test value", compute) == first and compute.calls == 1
    forget_memory(monkeypatch)
    assert buildcache.get("test value", compute) == first and compute.calls == 1
    assert [how for _, how, _ in buildcache.stats()] == ["computed", "cached", "cached"]
    assert len(entries(cache)) == 1


def test_params_are_part_of_the_key(cache):
    compute = Counter("value")
    buildcache.get("test params", compute, params={"epochs": 30})
    buildcache.get("test params", compute, params={"epochs": 20})
    assert compute.calls == 2


@pytest.mark.parametrize("damage", ["truncated", "flipped", "empty"])
def test_a_corrupt_entry_is_computed_again_never_served(cache, monkeypatch, caplog, damage):
    compute = Counter("the right value " * 20)
    buildcache.get("test corrupt", compute)
    (entry,) = entries(cache)
    data = entry.read_bytes()
    entry.write_bytes({"truncated": data[: len(data) // 2], "flipped": data[:-5] + b"X" + data[-4:],
                       "empty": b""}[damage])
    forget_memory(monkeypatch)
    with caplog.at_level(logging.INFO, logger="mkdocs.hooks.buildcache"):
        assert buildcache.get("test corrupt", compute) == compute.value
    assert compute.calls == 2
    assert "corrupt or half-written" in caplog.text
    forget_memory(monkeypatch)
    assert buildcache.get("test corrupt", compute) == compute.value and compute.calls == 2   # rewritten whole


def test_a_write_that_dies_midway_leaves_no_entry(cache, monkeypatch):
    def dies(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(buildcache.os, "replace", dies)
    with pytest.raises(OSError, match="disk full"):
        buildcache.get("test atomic", Counter("value"))
    assert not entries(cache)
    assert not list(cache.rglob("*.tmp")), "the temporary file is left behind"


def test_no_cache_computes_every_time_and_writes_nothing(cache, monkeypatch):
    monkeypatch.setenv("SCRATCHNET_NO_CACHE", "1")
    compute = Counter("value")
    buildcache.get("test off", compute)
    buildcache.get("test off", compute)
    assert compute.calls == 2 and not cache.exists()


def test_a_computation_that_warns_is_not_cached(cache):
    log = logging.getLogger("mkdocs.hooks.test")

    def warns():
        log.warning("the cross-check disagrees")
        return "a table"

    calls = []

    def counted():
        calls.append(1)
        return warns()

    buildcache.get("test warns", counted)
    buildcache.get("test warns", counted)
    assert len(calls) == 2 and not entries(cache)


def test_a_computation_that_says_not_cached_is_not_cached_nor_what_asked_for_it(cache, monkeypatch, caplog):
    """A Japanese plot drawn without a Japanese font: neither it nor the figure list holding it is kept."""
    missing = ["the font"]
    inner_calls, outer_calls, plain = [], [], Counter("sibling")

    def inner():
        inner_calls.append(1)
        if missing:
            buildcache.not_cached(f"{missing[0]} is missing")
        return "inner"

    def outer():
        outer_calls.append(1)
        return buildcache.get("test refused inner", inner) + " " + buildcache.get("test sibling", plain)

    buildcache.not_cached("outside get: nothing to refuse")        # does nothing, and does not fail
    with caplog.at_level(logging.INFO, logger="mkdocs.hooks.buildcache"):
        assert buildcache.get("test refused outer", outer) == "inner sibling"
    assert "not cached: the font is missing" in caplog.text
    forget_memory(monkeypatch)
    buildcache.get("test refused outer", outer)
    assert len(inner_calls) == len(outer_calls) == 2 and plain.calls == 1    # the sibling was cached
    missing.clear()                                                         # the font is installed
    buildcache.get("test refused outer", outer)
    forget_memory(monkeypatch)
    buildcache.get("test refused outer", outer)
    assert len(inner_calls) == len(outer_calls) == 3


def test_a_value_of_other_types_is_returned_but_not_cached(cache):
    value = Path("a path")
    assert buildcache.get("test types", lambda: value) is value
    assert not entries(cache)


def test_an_artifact_asked_for_inside_another_is_part_of_its_key(cache, monkeypatch):
    inner = Counter("inner 1")
    outer = Counter(None)

    def outer_compute():
        outer.calls += 1
        return "outer of " + buildcache.get("test inner", inner)

    assert buildcache.get("test outer", outer_compute) == "outer of inner 1"
    forget_memory(monkeypatch)
    assert buildcache.get("test outer", outer_compute) == "outer of inner 1" and outer.calls == 1
    # the inner artifact's entry is gone (pruned, say): the outer one's key cannot be made
    buildcache._entry_path(buildcache._find(buildcache._head("test inner", None))).unlink()
    forget_memory(monkeypatch)
    inner.value = "inner 2"
    assert buildcache.get("test outer", outer_compute) == "outer of inner 2" and outer.calls == 2


# -------------------------------------------------------------------------- fresh modules

def test_fresh_imports_again_only_after_a_change(tmp_path, monkeypatch):
    monkeypatch.setattr(buildcache, "_FRESH", {})
    package = tmp_path / "freshpkg"
    package.mkdir()
    (package / "__init__.py").write_text("from .part import VALUE\n")
    (package / "part.py").write_text("VALUE = 1\n")
    try:
        first = buildcache.fresh("scratchnet_test_freshpkg", package)
        assert first.VALUE == 1
        assert buildcache.fresh("scratchnet_test_freshpkg", package) is first
        (package / "part.py").write_text("VALUE = 2  # edited\n")
        second = buildcache.fresh("scratchnet_test_freshpkg", package)
        assert second is not first and second.VALUE == 2
        assert sys.modules["scratchnet_test_freshpkg.part"].VALUE == 2
    finally:
        for name in [n for n in sys.modules if n.startswith("scratchnet_test_freshpkg")]:
            del sys.modules[name]


def test_fresh_scratchnet_is_this_checkouts():
    assert Path(buildcache.fresh("scratchnet").__file__).resolve() == ROOT / "scratchnet" / "__init__.py"


def test_the_command_line_says_where_the_cache_is_and_clears_it(cache, capsys):
    buildcache.get("test cli", Counter("value"))
    assert buildcache.main(["buildcache.py"]) == 0
    assert f"{cache}: 1 entries" in capsys.readouterr().out
    assert buildcache.main(["buildcache.py", "--clear"]) == 0
    assert not cache.exists()
