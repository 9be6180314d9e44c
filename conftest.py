"""Root conftest: loads the plugin that runs every code block of the site and README."""

pytest_plugins = ["tests.docs_plugin"]
