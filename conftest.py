"""Root conftest: loads the plugin that runs every code block of the site and README.

The build cache (``docs/_hooks/buildcache.py``) of a test session is a fresh, empty folder,
shared by every build the session runs (in process or not) and deleted at the end: the
tests never read what an earlier run or a person's ``mkdocs serve`` left in it. (Only the
build cache: the verified download of the in-browser runtime stays where it is.)
"""

import os
import shutil
import tempfile

pytest_plugins = ["tests.docs_plugin"]

_CACHE = tempfile.mkdtemp(prefix="scratchnet-test-build-cache-")
os.environ["SCRATCHNET_BUILD_CACHE_DIR"] = _CACHE


def pytest_unconfigure(config):
    shutil.rmtree(_CACHE, ignore_errors=True)
