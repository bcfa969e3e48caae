"""What the browser tests share besides their fixtures (`browser` and `site`, in tests/conftest.py):
where Chromium and axe-core are, what is missing to run them, the viewports and the page types."""

import os
from pathlib import Path

# Playwright's sync API runs an event loop in this thread; the ORM calls made here (loading the
# demo) are still synchronous, so Django's async-safety check must be told so.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 375, "height": 812}
LAPTOP = {"width": 1280, "height": 900}


def _missing():
    reasons = []
    if not CHROMIUM.exists():
        reasons.append(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    if not AXE.exists():
        reasons.append(f"no axe-core at {AXE.relative_to(ROOT)} (npm ci)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        reasons.append("Playwright for Python is not installed")
    return "; ".join(reasons)


MISSING = _missing()
REQUIRED = os.environ.get("REQUIRE_BROWSER") == "1"

# Each page type the `site` fixture gives an address for, with the status it answers.
PAGE_TYPES = [
    ("home", 200),
    ("meetings", 200),
    ("meeting", 200),
    ("statement", 200),
    ("paraphrase", 200),
    ("delegates", 200),
    ("delegate", 200),
    ("countries", 200),
    ("country", 200),
    ("topics", 200),
    ("topic", 200),
    ("body", 200),
    ("source", 200),
    ("search", 200),
    ("search-error", 400),
    ("not-found", 404),
]
