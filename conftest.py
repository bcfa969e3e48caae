"""Settings for the test run, set before Django reads them."""

import os

# The suite runs with DEBUG off, like production; it needs some key for that.
os.environ.setdefault("SECRET_KEY", "tests-only-secret-key")
