pytest_plugins = ["circles.testing.fixtures", "circles.testing.browser"]
