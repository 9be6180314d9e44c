"""What the build hooks compute, cached by its inputs; and the one way the hooks get fresh modules.

**Fresh modules.** ``mkdocs serve`` rebuilds in one Python process, which keeps imported
modules and loads each hook file only once. ``fresh(name, path)`` returns the module (a
``.py`` file or a package folder) as its files are *now*: it re-imports it only when a
file of it, of ``scratchnet``, or of any other module loaded through ``fresh`` has changed
since it was imported (then all of them are imported anew, so none keeps a stale
reference to another). ``scratchnet`` is always this checkout's, imported first.

**The cache.** ``get(name, compute)`` returns what ``compute()`` returns, from the cache
when nothing it depends on has changed. Its key is a hash of exactly its inputs:

* ``name`` and ``params`` (anything ``repr`` shows faithfully), Python's version and this
  file's own source;
* every file of the repository its code refers to, found by following, from ``compute``
  (or the ``roots`` given), the names the code uses: functions, classes and modules of
  this checkout, the constants they import from other modules, and paths (``Path``
  constants) of files; plus the ``files`` given;
* the versions of the libraries that code uses (imports or refers to), with everything
  those libraries require; a library that is not installed counts too;
* the keys of the cached artifacts ``compute`` asked for (``get`` inside ``get``).

The files an artifact depends on are found once, when it is computed, and kept beside it
(a *manifest*); a lookup only hashes those files again, so it imports nothing. An entry
is kept in memory (across ``mkdocs serve`` rebuilds) and on disk, in ``build/`` of the
user's cache folder (``~/.cache/scratchnet`` on Linux; ``SCRATCHNET_CACHE_DIR`` moves that
folder, ``SCRATCHNET_BUILD_CACHE_DIR`` the build cache alone), written atomically with a
checksum: an entry that does not verify is deleted and computed again, never served.
``SCRATCHNET_NO_CACHE=1`` computes everything and neither reads nor writes the cache. A
computation that logs a warning is not cached (a strict build must fail again next time),
and neither is one that ran code older than its files (a hook file edited while ``mkdocs
serve`` runs), nor one that calls :func:`not_cached` because its value depends on something
its key cannot see (a Japanese plot drawn on a machine without a Japanese font), nor any
computation that asked for it.

Values are pickled and may only hold Python's built-in types (str, numbers, lists, dicts,
tuples, sets, None): an entry is read back without importing anything.

``python docs/_hooks/buildcache.py`` says where the cache is and how big; ``--clear``
empties it (only ``build/``: other caches in the folder stay).
"""

from __future__ import annotations

import ast
import dis
import functools
import hashlib
import importlib.metadata
import importlib.util
import io
import json
import logging
import os
import pickle
import re
import shutil
import sys
import tempfile
import time
import types
from collections.abc import Callable, Iterable
from pathlib import Path, PurePath
from typing import Any

PROJECT = Path(__file__).resolve().parent.parent.parent
PACKAGE = PROJECT / "scratchnet"
ENV_DIR = "SCRATCHNET_CACHE_DIR"
ENV_BUILD_DIR = "SCRATCHNET_BUILD_CACHE_DIR"
ENV_OFF = "SCRATCHNET_NO_CACHE"
#: The cache keeps at most this many bytes of entries on disk; the least recently used go first.
MAX_BYTES = 200_000_000
#: Manifests keep this many dependency lists per artifact (checkouts sharing a cache differ).
MANIFEST_RECORDS = 6
MAGIC = b"scratchnet-cache 1\n"

log = logging.getLogger("mkdocs.hooks.buildcache")
_SELF = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()
_SELF_FILE = Path(__file__).resolve().relative_to(PROJECT).as_posix()


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@functools.lru_cache(maxsize=4096)
def _relative(path: str | os.PathLike) -> str | None:
    """``path`` relative to the repository (posix), or None if it is outside it or in a virtualenv."""
    try:
        resolved = Path(path).resolve()
    except (OSError, ValueError):
        return None
    if not resolved.is_relative_to(PROJECT) or resolved.is_relative_to(Path(sys.prefix).resolve()):
        return None
    relative = resolved.relative_to(PROJECT)
    if "site-packages" in relative.parts or relative.parts[:1] in ((".git",), (".venv",)):
        return None
    return relative.as_posix()


# ============================================================================ fresh modules

#: name -> (path, {repository file: sha256 when imported}) of every module loaded by ``fresh``
_FRESH: dict[str, tuple[Path, dict[str, str]]] = {}
_RELOADS = 0                                    # how many times ``fresh`` found a change
_CHECKED: Any = None                            # the build whose files ``fresh`` has checked
_STAT_HASHES: dict[str, tuple[tuple, str]] = {}


def file_hash(relative: str) -> str:
    """sha256 of a repository file (or any file, by absolute path) as it is on disk ("missing" if it is not)."""
    path = PROJECT / relative
    try:
        st = path.stat()
    except OSError:
        return "missing"
    stamp = (st.st_mtime_ns, st.st_size, st.st_ino)
    known = _STAT_HASHES.get(relative)
    if known is None or known[0] != stamp:
        known = (stamp, _sha(path.read_bytes()))
        _STAT_HASHES[relative] = known
    return known[1]


def _module_files(path: Path) -> dict[str, str]:
    """``{file: sha256}`` of a module's source files (repository-relative where they are in it)."""
    files = sorted(path.rglob("*.py")) if path.is_dir() else [path]
    names = [_relative(f) or str(f.resolve()) for f in files]
    return {name: file_hash(name) for name in names}


def _loaded_from(module: types.ModuleType, path: Path) -> bool:
    origin = getattr(module, "__file__", None)
    if origin is None:
        return False
    expected = path / "__init__.py" if path.is_dir() else path
    return Path(origin).resolve() == expected.resolve()


def _forget(name: str) -> None:
    for loaded in [n for n in sys.modules if n == name or n.startswith(name + ".")]:
        del sys.modules[loaded]


def _import(name: str, path: Path) -> types.ModuleType:
    if path.is_dir():
        spec = importlib.util.spec_from_file_location(name, path / "__init__.py",
                                                      submodule_search_locations=[str(path)])
    else:
        spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        _forget(name)
        raise
    return module


def fresh(name: str, path: str | os.PathLike | None = None) -> types.ModuleType:
    """The module ``name`` (file or package ``path`` of this checkout) as its files are now.

    ``fresh("scratchnet")`` is the package of this checkout; a hook gets a fresh copy of
    its own file with ``fresh("scratchnet_hook_NAME", __file__)``. In a build (after
    ``begin_build``) the files are checked on the first call only: one build sees one version.
    """
    global _RELOADS, _CHECKED
    path = PACKAGE if name == "scratchnet" and path is None else Path(path).resolve()
    if _BUILD is None or _CHECKED is not _BUILD:     # once per build (every call outside one)
        if any(_module_files(p) != files for p, files in _FRESH.values()):
            for known in list(_FRESH):              # something changed: every one anew
                _forget(known)
            _FRESH.clear()
            _RELOADS += 1
        _CHECKED = _BUILD
    if name != "scratchnet" and "scratchnet" not in _FRESH:
        fresh("scratchnet")                         # what the others import is this checkout's
    if name in _FRESH and name in sys.modules:
        return sys.modules[name]
    files = _module_files(path)
    loaded = sys.modules.get(name)
    if loaded is not None and _loaded_from(loaded, path) and not _RELOADS:
        module = loaded                             # adopt what this process imported, until a change
    else:
        _forget(name)
        module = _import(name, path)
    _FRESH[name] = (path, files)
    return module


def _loaded_hash(relative: str) -> str | None:
    """The hash of a file as the code now in memory was imported from it (None: not known)."""
    for _, files in _FRESH.values():
        if relative in files:
            return files[relative]
    return None


# ============================================================================ dependencies

def _is_project_file(filename: str) -> str | None:
    if not filename or filename.startswith("<"):
        return None
    return _relative(filename)


@functools.cache
def _stdlib(top: str) -> bool:
    return top in sys.stdlib_module_names or top in sys.builtin_module_names


@functools.cache
def _code_names(code: types.CodeType) -> tuple[frozenset[str], frozenset[str]]:
    """The names a code object (and the code nested in it) uses, and the modules it imports."""
    names, imports = set(code.co_names), set()
    for instruction in dis.get_instructions(code):
        if instruction.opname == "IMPORT_NAME":
            imports.add(instruction.argval)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            more, more_imports = _code_names(const)
            names |= more
            imports |= more_imports
    return frozenset(names), frozenset(imports)


@functools.cache
def _from_imports(relative: str, digest: str) -> tuple[tuple[int, str, tuple[str, ...]], ...]:
    """``(level, module, names)`` of a file's module-level ``from ... import ...`` statements."""
    try:
        tree = ast.parse((PROJECT / relative).read_bytes(), relative)
    except (OSError, SyntaxError, ValueError):
        return ()
    return tuple((node.level, node.module or "", tuple(a.asname or a.name for a in node.names))
                 for node in tree.body if isinstance(node, ast.ImportFrom))


class _Deps:
    """Walks from functions to everything of this repository (and the libraries) they refer to."""

    def __init__(self):
        self.files: set[str] = set()
        self.libraries: set[str] = set()
        self._seen: set[int] = set()
        self._by_file = {}
        for module in list(sys.modules.values()):
            origin = getattr(module, "__file__", None)
            if origin and origin.startswith(str(PROJECT)) and (rel := _relative(origin)):
                self._by_file.setdefault(rel, module)

    def library(self, module_name: str | None) -> None:
        top = (module_name or "").split(".")[0]
        if top and top != "__main__" and not _stdlib(top) and not self._project_module(top):
            self.libraries.add(top)

    def _project_module(self, top: str) -> bool:
        module = sys.modules.get(top)
        origin = getattr(module, "__file__", None) if module is not None else None
        return bool(origin and _relative(origin))

    def add_file(self, relative: str) -> None:
        if relative in self.files:
            return
        self.files.add(relative)
        if relative.endswith(".py"):
            self._imported_constants(relative)

    def _imported_constants(self, relative: str) -> None:
        """A module's ``from X import NAME`` of a value that is not code makes X a dependency too."""
        module = self._by_file.get(relative)
        package = getattr(module, "__package__", None) or ""
        for level, source, imported in _from_imports(relative, file_hash(relative)):
            if level:
                base = package.rsplit(".", level - 1)[0] if level > 1 else package
                source = f"{base}.{source}" if source else base
            source_module = sys.modules.get(source)
            origin = getattr(source_module, "__file__", None)
            source_file = _relative(origin) if origin else None
            if source_file is None:
                continue
            for alias in imported:
                value = getattr(module, alias, None) if module is not None else None
                if isinstance(value, types.ModuleType) or (module is not None and callable(value)):
                    continue                    # code: followed where it is used
                self.add_file(source_file)      # a value (or a module not loaded): the file it comes from
                break

    def function(self, func) -> None:
        if id(func) in self._seen:
            return
        self._seen.add(id(func))
        code = getattr(func, "__code__", None)
        if code is None:
            return
        relative = _is_project_file(code.co_filename)
        if relative is None:
            if not code.co_filename.startswith("<"):
                self.library(getattr(func, "__module__", None))
            return
        if relative == _SELF_FILE:
            return                              # the cache itself: its source is in every key
        self.add_file(relative)
        names, imports = _code_names(code)
        namespace = getattr(func, "__globals__", {})
        for name in names:
            if name in namespace:
                self.value(namespace[name], names)
        for name in imports:
            module = sys.modules.get(name)
            if module is None and name and namespace.get("__package__"):
                module = sys.modules.get(f"{namespace['__package__']}.{name}")
            if module is None:
                self.library(name)          # not importable now: it counts as "not installed"
            else:
                self.value(module, names)
        for cell in getattr(func, "__closure__", None) or ():
            try:
                self.value(cell.cell_contents, names)
            except ValueError:              # an empty cell
                pass
        for default in (getattr(func, "__defaults__", None) or ()):
            self.value(default, names)
        for default in (getattr(func, "__kwdefaults__", None) or {}).values():
            self.value(default, names)
        if hasattr(func, "__wrapped__"):
            self.value(func.__wrapped__, names)

    def value(self, value, names: set[str]) -> None:
        if isinstance(value, (str, bytes, int, float, complex, bool, type(None))):
            return
        if isinstance(value, (types.FunctionType, types.LambdaType)):
            self.function(value)
        elif isinstance(value, types.MethodType):
            self.function(value.__func__)
        elif isinstance(value, functools.partial):
            self.value(value.func, names)
            for arg in value.args:
                self.value(arg, names)
        elif isinstance(value, type):
            self._class(value)
        elif isinstance(value, types.ModuleType):
            self._module(value, names)
        elif isinstance(value, PurePath):
            relative = _relative(value)
            if relative is not None and Path(value).is_file():
                self.add_file(relative)
        elif isinstance(value, (list, tuple, set, frozenset)):
            if id(value) not in self._seen:
                self._seen.add(id(value))
                for item in value:
                    self.value(item, names)
        elif isinstance(value, dict):
            if id(value) not in self._seen:
                self._seen.add(id(value))
                for item in value.values():
                    self.value(item, names)
        elif callable(getattr(value, "__func__", None)):       # staticmethod, classmethod
            self.value(value.__func__, names)
        elif isinstance(value, (property, functools.cached_property)):
            for part in (getattr(value, "fget", None), getattr(value, "fset", None), getattr(value, "func", None)):
                if part is not None:
                    self.value(part, names)
        elif isinstance(value, types.BuiltinFunctionType):
            self.library(getattr(value, "__module__", None))
        else:                                                   # an instance: its class
            self._class(type(value))

    def _class(self, cls: type) -> None:
        if id(cls) in self._seen:
            return
        self._seen.add(id(cls))
        module = sys.modules.get(cls.__module__)
        origin = getattr(module, "__file__", None)
        relative = _relative(origin) if origin else None
        if relative is None:
            self.library(cls.__module__)
            return
        self.add_file(relative)
        for member in vars(cls).values():
            if not isinstance(member, (str, int, float, type(None))):
                self.value(member, set())

    def _module(self, module: types.ModuleType, names: set[str]) -> None:
        origin = getattr(module, "__file__", None)
        relative = _relative(origin) if origin else None
        if relative is None:
            self.library(module.__name__)
            return
        if relative == _SELF_FILE:
            return
        self.add_file(relative)
        for name in names:
            if name in vars(module):
                self.value(vars(module)[name], names)


def dependencies(roots: Iterable, files: Iterable = ()) -> tuple[list[str], list[str]]:
    """``(repository files, libraries)`` the code of ``roots`` refers to, with ``files`` added."""
    deps = _Deps()
    for root in roots:
        deps.value(root, set(vars(root)) if isinstance(root, types.ModuleType) else set())  # a module: all of it
    for extra in files:
        relative = _relative(extra)
        if relative is None:
            raise ValueError(f"buildcache: {extra} is not a file of this repository")
        deps.add_file(relative)
    return sorted(deps.files), sorted(deps.libraries)


# ============================================================================ library versions

_VERSIONS: dict[str, str] = {}
_DISTRIBUTIONS: dict[frozenset[str], list[str]] = {}


@functools.lru_cache(maxsize=1)
def _top_level_distributions() -> dict[str, list[str]]:
    return importlib.metadata.packages_distributions()


def _requirement_names(dist: str) -> list[str]:
    names = []
    for requirement in importlib.metadata.requires(dist) or []:
        if "extra ==" in requirement.replace('"', " ").replace("'", " ") or "extra==" in requirement:
            continue
        match = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", requirement)
        if match:
            names.append(match.group(1))
    return names


def distributions(libraries: Iterable[str]) -> list[str]:
    """The distributions that provide these top-level modules and all they require, by name.

    A module no distribution provides is ``module:NAME`` (PyTorch not installed, say).
    """
    libraries = frozenset(libraries)
    if libraries not in _DISTRIBUTIONS:
        _DISTRIBUTIONS[libraries] = _distributions(libraries)
    return _DISTRIBUTIONS[libraries]


def _distributions(libraries: frozenset[str]) -> list[str]:
    found: set[str] = set()
    for library in libraries:
        pending = list(_top_level_distributions().get(library, []))
        if not pending:
            found.add(f"module:{library}")
        while pending:
            dist = re.sub(r"[-_.]+", "-", pending.pop()).lower()
            if dist in found:
                continue
            found.add(dist)
            try:
                pending.extend(_requirement_names(dist))
            except importlib.metadata.PackageNotFoundError:
                pass
    return sorted(found)


def version(dist: str) -> str:
    """The installed version of a distribution (or whether a ``module:NAME`` can be imported)."""
    if dist not in _VERSIONS:
        if dist.startswith("module:"):
            try:
                found = importlib.util.find_spec(dist[len("module:"):]) is not None
            except (ImportError, ValueError):
                found = False
            _VERSIONS[dist] = "importable" if found else "not installed"
        else:
            try:
                _VERSIONS[dist] = importlib.metadata.version(dist)
            except importlib.metadata.PackageNotFoundError:
                _VERSIONS[dist] = "not installed"
    return _VERSIONS[dist]


def begin_build(config: Any = None) -> None:
    """A new build: library versions are looked up again (hooks call this from ``on_config``)."""
    global _BUILD
    if config is None or _BUILD is not config:
        _BUILD = config
        _VERSIONS.clear()
        _DISTRIBUTIONS.clear()
        _top_level_distributions.cache_clear()
        _STATS.clear()


_BUILD: Any = None


# ============================================================================ storage

def enabled() -> bool:
    return os.environ.get(ENV_OFF, "") in ("", "0")


def cache_root() -> Path:
    """scratchnet's cache folder: ``$SCRATCHNET_CACHE_DIR``, or the user's (``~/.cache/scratchnet`` on Linux).

    Each kind of cache has a sub-folder of its own; this module's is ``build/``.
    """
    if os.environ.get(ENV_DIR):
        return Path(os.environ[ENV_DIR]).expanduser()
    from platformdirs import user_cache_dir  # MkDocs depends on it

    return Path(user_cache_dir("scratchnet", appauthor=False))


def cache_dir() -> Path:
    """Where the build cache lives: ``$SCRATCHNET_BUILD_CACHE_DIR``, or ``build/`` in :func:`cache_root`."""
    if os.environ.get(ENV_BUILD_DIR):
        return Path(os.environ[ENV_BUILD_DIR]).expanduser()
    return cache_root() / "build"


_MEMORY: dict[str, bytes] = {}                  # entry key -> verified payload
_MANIFESTS: dict[str, list[dict]] = {}           # head -> dependency records
_PRUNED = False


def _write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise


def _entry_path(key: str) -> Path:
    return cache_dir() / "entries" / key[:2] / f"{key}.bin"


def _manifest_path(head: str) -> Path:
    return cache_dir() / "manifests" / f"{head}.json"


def _read_entry(key: str, name: str) -> bytes | None:
    if key in _MEMORY:
        return _MEMORY[key]
    path = _entry_path(key)
    try:
        data = path.read_bytes()
    except OSError:
        return None
    header = len(MAGIC) + 64
    payload = data[header:]
    if not data.startswith(MAGIC) or data[len(MAGIC):header].decode("ascii", "replace") != _sha(payload):
        log.info(f"cache: the entry of {name} at {path} is corrupt or half-written: deleted, computing it again")
        try:
            path.unlink()
        except OSError:
            pass
        return None
    try:
        os.utime(path)                          # recently used: pruned last
    except OSError:
        pass
    _MEMORY[key] = payload
    return payload


def _write_entry(key: str, payload: bytes) -> None:
    _MEMORY[key] = payload
    _write_atomically(_entry_path(key), MAGIC + _sha(payload).encode("ascii") + payload)
    _prune_once()


def _records(head: str) -> list[dict]:
    if head in _MANIFESTS:
        return _MANIFESTS[head]
    try:
        records = json.loads(_manifest_path(head).read_text(encoding="utf-8"))
        assert isinstance(records, list) and all(isinstance(r, dict) for r in records)
    except (OSError, ValueError, AssertionError):
        return []
    _MANIFESTS[head] = records
    return records


def _write_records(head: str, record: dict) -> None:
    records = [record] + [r for r in _records(head) if r != record]
    _MANIFESTS[head] = records[:MANIFEST_RECORDS]
    _write_atomically(_manifest_path(head), json.dumps(_MANIFESTS[head], indent=0).encode("utf-8"))


def _prune_once() -> None:
    """Once per process: drop the least recently used entries beyond ``MAX_BYTES``, and old temporary files."""
    global _PRUNED
    if _PRUNED:
        return
    _PRUNED = True
    for stale in cache_dir().glob("*/**/.*.tmp"):    # left by a process killed while writing
        try:
            if time.time() - stale.stat().st_mtime > 3600:
                stale.unlink()
        except OSError:
            pass
    entries = []
    for path in (cache_dir() / "entries").glob("*/*.bin"):
        try:
            st = path.stat()
        except OSError:
            continue
        entries.append((st.st_mtime, st.st_size, path))
    total = sum(size for _, size, _ in entries)
    for _, size, path in sorted(entries):
        if total <= MAX_BYTES:
            break
        try:
            path.unlink()
            total -= size
        except OSError:
            pass


class _BuiltinsOnly(pickle.Unpickler):
    ALLOWED = {"set", "frozenset", "complex", "bytearray", "slice", "range"}

    def find_class(self, module, name):
        if module == "builtins" and name in self.ALLOWED:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"a cached value may only hold built-in types, not {module}.{name}")


def _load(payload: bytes):
    return _BuiltinsOnly(io.BytesIO(payload)).load()


# ============================================================================ get

#: What each build did: [(artifact name, "cached" | "computed" | "not cached", seconds)]
_STATS: list[tuple[str, str, float]] = []
_FRAMES: list[list[str]] = []                    # heads of the artifacts each running compute asked for
_REFUSALS: list[list[str]] = []                  # why each running compute may not be cached (not_cached)


def stats() -> list[tuple[str, str, float]]:
    """``(name, "cached" | "computed" | "not cached", seconds)`` of every ``get`` since ``begin_build``."""
    return list(_STATS)


def not_cached(reason: str) -> None:
    """Called inside a computation under :func:`get`: do not cache its value, nor the values of the
    computations that asked for it, because it depends on something outside its key (``reason`` says
    what; the build logs it). Outside ``get`` it does nothing."""
    for refusals in _REFUSALS:
        refusals.append(reason)


def _head(name: str, params) -> str:
    return _sha(repr(("scratchnet build cache", _SELF, sys.version, name, params)).encode("utf-8"))


def _key(head: str, record: dict, loaded: bool = False) -> str | None:
    """The entry key of ``record``'s inputs as they are now (None if an input artifact is not cached)."""
    parts = [head]
    for relative in record["files"]:
        current = file_hash(relative)
        if loaded and _loaded_hash(relative) not in (None, current):
            return None                          # the code in memory is older than the file
        parts.append(f"{relative}:{current}")
    for dist in record["libraries"]:
        parts.append(f"{dist}=={version(dist)}")
    for child in record["children"]:
        child_key = _find(child)
        if child_key is None:
            return None
        parts.append(child_key)
    return _sha("\n".join(parts).encode("utf-8"))


def _find(head: str) -> str | None:
    """The key of a stored entry for ``head`` whose inputs are as they are now."""
    for record in _records(head):
        key = _key(head, record)
        if key is not None and (key in _MEMORY or _entry_path(key).exists()):
            return key
    return None


class _Warnings(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record):
        self.count += 1


def get(name: str, compute: Callable[[], Any], *, params: Any = None, roots: Iterable | Callable[[], Iterable] = (),
        files: Iterable = ()) -> Any:
    """``compute()``, or its value from the cache when none of its inputs changed.

    Args:
        name: names the artifact (in logs, and in its key).
        compute: makes the value, of built-in types only.
        params: anything else the value depends on, if its ``repr`` shows it faithfully.
        roots: the functions whose code makes the value (default: ``compute``), or a
            callable returning them, called only when the value is computed.
        files: repository files it depends on that its code does not name.
    """
    started = time.perf_counter()
    if not enabled():
        value = compute()
        _STATS.append((name, "not cached", time.perf_counter() - started))
        return value
    head = _head(name, params)
    if _FRAMES:
        _FRAMES[-1].append(head)
    for record in _records(head):
        key = _key(head, record)
        payload = _read_entry(key, name) if key is not None else None
        if payload is None:
            continue
        try:
            value = _load(payload)
        except Exception as error:              # noqa: BLE001 (a checksum-valid entry of another format)
            log.info(f"cache: the entry of {name} cannot be read ({error}): computing it again")
            _MEMORY.pop(key, None)
            continue
        _STATS.append((name, "cached", time.perf_counter() - started))
        return value

    watcher = _Warnings()
    loggers = [logging.getLogger(), logging.getLogger("mkdocs")]    # MkDocs' may not propagate
    for logger in loggers:
        logger.addHandler(watcher)
    _FRAMES.append([])
    _REFUSALS.append([])
    try:
        value = compute()
    finally:
        children = _FRAMES.pop()
        refusals = _REFUSALS.pop()
        for logger in loggers:
            logger.removeHandler(watcher)
    elapsed = time.perf_counter() - started
    reason = None
    if watcher.count:
        reason = f"it logged {watcher.count} warning(s)"
    elif refusals:
        reason = refusals[0]
    else:
        chosen = roots() if callable(roots) else list(roots)
        dep_files, libraries = dependencies(chosen or [compute], files)
        record = {"name": name, "files": dep_files, "libraries": distributions(libraries),
                  "children": list(dict.fromkeys(children))}
        key = _key(head, record, loaded=True)
        try:
            payload = pickle.dumps(value, protocol=4)
            _load(payload)
        except Exception as error:              # noqa: BLE001
            reason = f"its value cannot be cached ({error})"
        else:
            if key is None:
                reason = "its code changed on disk while this process ran"
            else:
                _write_entry(key, payload)
                _write_records(head, record)
    if reason:
        log.info(f"cache: {name} computed in {elapsed:.2f} s, not cached: {reason}")
        _STATS.append((name, "not cached", elapsed))
    else:
        log.debug(f"cache: {name} computed in {elapsed:.2f} s")
        _STATS.append((name, "computed", elapsed))
    return value


def recorded_files(name: str, params: Any = None) -> list[list[str]]:
    """The repository files each stored manifest of artifact ``name`` lists (newest first)."""
    return [record["files"] for record in _records(_head(name, params))]


def summary(prefix: str, since: int = 0) -> str:
    """"3 computed, 11 from the cache" for the artifacts whose name starts with ``prefix``, among the
    ``stats()`` from index ``since`` on (one language's, when the languages' builds share a config)."""
    mine = [s for s in _STATS[since:] if s[0].startswith(prefix)]
    counts = {kind: sum(1 for s in mine if s[1] == kind) for kind in ("computed", "cached", "not cached")}
    return ", ".join(f"{n} {'from the cache' if kind == 'cached' else kind}" for kind, n in counts.items() if n)


# ============================================================================ command line

def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) if folder.exists() else 0


def main(argv: list[str]) -> int:
    folder = cache_dir()
    if argv[1:] == ["--clear"]:
        shutil.rmtree(folder, ignore_errors=True)
        print(f"cleared {folder}")
        return 0
    if argv[1:]:
        print("usage: python docs/_hooks/buildcache.py [--clear]", file=sys.stderr)
        return 2
    entries = len(list((folder / "entries").glob("*/*.bin"))) if folder.exists() else 0
    print(f"{folder}: {entries} entries, {_size(folder) / 1e6:.1f} MB"
          f"{' (SCRATCHNET_NO_CACHE is set: not used)' if not enabled() else ''}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
