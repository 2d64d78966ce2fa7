pytest_plugins = ["circles.testing.fixtures"]
