"""The in-browser runtime hook (``docs/_hooks/runtime.py``): pinning, verification, cache, blocks.

The browser itself is tested in ``tests/browser/test_run.py``; these are the build-side parts,
with a fake ``npm`` where the real one would be fetched (no network needed).
"""

from __future__ import annotations

import io
import json
import logging
import os
import stat
import tarfile
import zipfile

import pytest

from tests import site_build
from tests.runtime_hook import blocks_of, hook, plugin_blocks

PAGES = site_build.source_pages()


def _tarball(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, data in files.items():
            info = tarfile.TarInfo(f"package/{name}")
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def _fake_npm(tmp_path, tarball: bytes | None, exit_code: int = 0):
    """An ``npm`` that writes ``tarball`` where ``npm pack`` would, or fails like an offline npm."""
    source = tmp_path / "served.tgz"
    if tarball is not None:
        source.write_bytes(tarball)
    script = tmp_path / "bin" / "npm"
    script.parent.mkdir(exist_ok=True)
    fail = f"echo 'npm ERR! code ENOTFOUND' >&2\nexit {exit_code}\n"
    pack = (f'while [ "$1" != "--pack-destination" ]; do shift; done\n'
            f'cp "{source}" "$2/pyodide-{hook().PYODIDE_VERSION}.tgz"\n')
    script.write_text(f'#!/bin/sh\necho "$@" >> "{tmp_path}/npm-calls"\n' + (fail if tarball is None else pack))
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return str(script)


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("SCRATCHNET_CACHE_DIR", str(folder))
    hook()._UNAVAILABLE.clear()
    yield folder
    hook()._UNAVAILABLE.clear()


def test_the_pin_is_one_version_with_a_sha512_integrity():
    runtime = hook()
    assert runtime.PYODIDE_VERSION.count(".") == 2
    assert runtime.PYODIDE_INTEGRITY.startswith("sha512-") and len(runtime.PYODIDE_INTEGRITY) == 7 + 88


def test_a_tarball_that_does_not_match_the_pin_is_refused_and_not_cached(tmp_path, cache):
    npm = _fake_npm(tmp_path, _tarball({"pyodide.mjs": b"not the pinned runtime"}))
    with pytest.raises(hook().IntegrityError, match="does not match the pinned integrity"):
        hook().fetch_tarball(npm)
    assert not hook().tarball_path().exists(), "an unverified tarball entered the cache"


def test_a_cached_tarball_is_verified_again(tmp_path, cache):
    hook().tarball_path().parent.mkdir(parents=True)
    hook().tarball_path().write_bytes(b"tampered")
    with pytest.raises(hook().IntegrityError):
        hook().fetch_tarball(_fake_npm(tmp_path, None))
    assert not (tmp_path / "npm-calls").exists(), "npm was asked although the cache had the file"


def test_a_matching_tarball_is_cached_and_served_from_the_cache(tmp_path, cache, monkeypatch):
    runtime = hook()
    files = {name: name.encode() * 3 for name in runtime.RUNTIME_FILES}
    files["pyodide-lock.json"] = json.dumps({"info": {"version": "x"}, "packages": {"numpy": {}}}).encode()
    data = _tarball(files)
    monkeypatch.setattr(runtime, "PYODIDE_INTEGRITY", runtime.integrity_of(data))
    npm = _fake_npm(tmp_path, data)
    assert runtime.fetch_tarball(npm) == data
    assert runtime.tarball_path().read_bytes() == data
    assert runtime.fetch_tarball(npm) == data
    calls = (tmp_path / "npm-calls").read_text().splitlines()
    assert calls == [f"pack pyodide@{runtime.PYODIDE_VERSION} --json --pack-destination " + calls[0].split()[-1]]
    served = runtime.runtime_files(data)
    assert sorted(served) == sorted([*runtime.RUNTIME_FILES, "pyodide-lock.json"])
    assert json.loads(served["pyodide-lock.json"]) == {"info": {"version": "x"}, "packages": {}}


def test_without_the_runtime_the_build_says_so_in_one_line_and_adds_no_script(tmp_path, cache, monkeypatch, caplog):
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    _fake_npm(tmp_path, None, exit_code=1)
    monkeypatch.delenv("CI", raising=False)
    from mkdocs.config import load_config

    config = load_config(str(site_build.CONFIG))
    with caplog.at_level(logging.INFO):
        hook().on_config(config)
    lines = [r.getMessage() for r in caplog.records if "runtime" in r.getMessage()]
    assert len(lines) == 1 and "\n" not in lines[0], lines
    assert "ENOTFOUND" in lines[0] and "without Run buttons" in lines[0]
    assert "assets/run.js" not in [str(s) for s in config.extra_javascript]
    monkeypatch.setenv("CI", "true")
    from mkdocs.exceptions import PluginError

    with pytest.raises(PluginError, match="CI=true"):
        hook().on_config(load_config(str(site_build.CONFIG)))
    calls = (tmp_path / "npm-calls").read_text().splitlines()
    assert len(calls) == 1, f"npm was asked again in the same process (mkdocs serve would wait each rebuild): {calls}"


def test_npm_comes_from_path_or_from_beside_python(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    beside = os.path.join(os.path.dirname(os.sys.executable), "npm")
    assert hook().find_npm() == (beside if os.path.exists(beside) else None)
    (tmp_path / "npm").write_text("#!/bin/sh\n")
    (tmp_path / "npm").chmod(0o755)
    assert hook().find_npm() == str(tmp_path / "npm")


def test_the_scratchnet_archive_is_this_checkouts_package():
    data = hook().scratchnet_zip()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        assert "scratchnet/__init__.py" in names and "scratchnet/backward.py" in names
        root = site_build.ROOT
        for name in names:
            assert archive.read(name) == (root / name).read_bytes(), name
    assert data == hook().scratchnet_zip(), "the archive is not reproducible"


@pytest.mark.parametrize("path", list(PAGES), ids=site_build.page_id)
def test_the_build_lists_exactly_the_blocks_the_tests_run(path):
    """Run buttons go on the blocks the docs tests execute: same code, same shown output, same order."""
    markdown = PAGES[path]
    listed = [(block["code"], block["expected"]) for block in blocks_of(markdown)]
    tested = plugin_blocks(markdown)
    assert len(listed) == len(tested)

    def lines(code):  # pytest-codeblocks drops blank lines of indented fences; the page keeps them
        return [line for line in code.split("\n") if line.strip()]

    for (code, expected), (tested_code, tested_expected) in zip(listed, tested):
        assert lines(code) == lines(tested_code)
        assert (expected or "").rstrip() == (tested_expected or "").rstrip()


def test_the_runtime_lives_in_the_build_caches_folder_and_no_cache_keeps_nothing(tmp_path, cache, monkeypatch):
    runtime = hook()
    assert runtime.tarball_path() == cache / "pyodide" / f"pyodide-{runtime.PYODIDE_VERSION}.tgz"
    files = {name: b"x" for name in runtime.RUNTIME_FILES}
    data = _tarball(files)
    monkeypatch.setattr(runtime, "PYODIDE_INTEGRITY", runtime.integrity_of(data))
    monkeypatch.setenv("SCRATCHNET_NO_CACHE", "1")
    npm = _fake_npm(tmp_path, data)
    assert runtime.fetch_tarball(npm) == data
    assert runtime.fetch_tarball(npm) == data
    assert len((tmp_path / "npm-calls").read_text().splitlines()) == 2, "SCRATCHNET_NO_CACHE=1 read a cache"
    assert not cache.exists() or not any(cache.rglob("*.tgz")), "SCRATCHNET_NO_CACHE=1 wrote the cache"
