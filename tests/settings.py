"""Settings for the test suite: the project's own, with a key and a fast password hasher."""

import os

# The suite runs with DEBUG off, like production, so it needs some key. Off even when the shell
# says DEBUG=1 (the Makefile does, for `make run`): settings derived from DEBUG at import time,
# such as secure cookies, must be the production ones under test.
os.environ["DEBUG"] = "0"
os.environ.setdefault("SECRET_KEY", "tests-only-secret-key")

from diplomacy.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Tests render templates without running collectstatic first, so no manifest is needed.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405

# The API throttle is tested on its own; elsewhere it must never refuse the suite.
API_ANON_RATE = API_USER_RATE = API_RESEARCHER_RATE = "100000/minute"
