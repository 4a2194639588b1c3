"""Test settings: the project's own, with background tasks run in-process at once."""

import os

os.environ.setdefault("HUEY_IMMEDIATE", "1")

from aftersales.settings import *  # noqa: E402,F403

# One test database per run, so that two runs on one machine (a developer's and CI's, or
# parallel helpers) never share a SQLite file. PostgreSQL runs keep Django's test_<name>.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {  # noqa: F405
        **DATABASES["default"].get("TEST", {}),  # noqa: F405
        "NAME": str(VAR_DIR / f"test-aftersales-{os.getpid()}.sqlite3"),  # noqa: F405
    }
