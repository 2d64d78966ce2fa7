from circles.testing.fixtures import *  # noqa: F403
