"""The built site's links, anchors and asset paths all resolve inside the site.

``mkdocs build --strict`` validates the links written in Markdown; this checks the HTML that
ships (theme, mkdocstrings, hooks and raw HTML included): one broken link or anchor fails.
Runs over the plain build and the build with a sub-path ``site_url``; needs no browser.
"""

from __future__ import annotations

import pytest

from tests import site_build
from tests.site_links import SiteLinks


@pytest.fixture(scope="session", params=["root", "subpath"])
def build(request, tmp_path_factory) -> site_build.Build:
    try:
        return site_build.shared_build(tmp_path_factory, request.param)
    except site_build.BuildError as error:
        pytest.fail(str(error), pytrace=False)


def test_links_anchors_and_assets_resolve(build):
    report = SiteLinks(build.site_dir, build.base_path, build.site_url).check()
    outbound = ", ".join(sorted(report.outbound)) or "none"
    print(
        f"\n[{build.name}] {report.checked} links and asset paths resolved inside the site"
        f" ({report.anchors} with an anchor); links out of the site (not requests): {outbound}"
    )
    assert not report.problems, f"{len(report.problems)} broken in the {build.name} build:\n" + "\n".join(
        report.problems
    )
    assert report.checked > 0


def test_every_page_is_built(build):
    """The pages the tests visit (from ``docs/``) are exactly the pages the build wrote."""
    built = site_build.built_pages(build.site_dir)
    expected = list(site_build.source_pages())
    assert sorted(built) == sorted(expected), (
        "built HTML pages and docs/ pages differ (a page not at a directory URL, or a stray file): "
        f"only built: {sorted(set(built) - set(expected))}, only in docs/: {sorted(set(expected) - set(built))}"
    )
