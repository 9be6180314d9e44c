"""The site builds the session needs start at once, in the background; the tests that use them run last.

``mkdocs build`` runs in a subprocess, so on a machine with two cores the builds (the plain
one, then the one with a sub-path ``site_url``, which finds the first one's figures in the
build cache) overlap the unit tests and the pages' code blocks, which need no site. The
tests that need a build keep their order among themselves, the browser tests last.
"""

from __future__ import annotations

import pytest

from tests import site_build


def pytest_collection_modifyitems(session, config, items):
    def needs_a_build(item) -> bool:
        return bool(site_build.builds_needed([item]))

    first = [item for item in items if not needs_a_build(item)]
    builds = [item for item in items if needs_a_build(item) and item.get_closest_marker("browser") is None]
    browser = [item for item in items if needs_a_build(item) and item.get_closest_marker("browser") is not None]
    items[:] = first + builds + browser


@pytest.fixture(scope="session", autouse=True)
def _site_builds_ahead(request, tmp_path_factory):
    site_build.build_ahead(tmp_path_factory, site_build.builds_needed(request.session.items))


@pytest.fixture(scope="session")
def root_build(tmp_path_factory) -> site_build.Build:
    """The site as ``mkdocs.yml`` builds it (``mkdocs build --strict`` into a temp dir)."""
    try:
        return site_build.shared_build(tmp_path_factory, "root")
    except site_build.BuildError as error:
        pytest.fail(str(error), pytrace=False)
