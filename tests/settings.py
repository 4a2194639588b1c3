"""Test settings: the project's own, with background tasks run in-process at once."""

import os

os.environ.setdefault("HUEY_IMMEDIATE", "1")

from aftersales.settings import *  # noqa: E402,F403
