"""What a server process does before its first request (diplomacy/startup.py, gunicorn.conf.py)."""

import gc
import runpy
import sys
from pathlib import Path

import pytest

from diplomacy.startup import YOUNG_OBJECTS, settle

GUNICORN_CONF = Path(__file__).resolve().parent.parent / "gunicorn.conf.py"


@pytest.fixture
def unfrozen():
    threshold = gc.get_threshold()
    gc.unfreeze()
    yield
    gc.unfreeze()
    gc.set_threshold(*threshold)


def test_settle_loads_the_views_and_freezes_what_is_alive(unfrozen):
    assert gc.get_freeze_count() == 0

    settle()

    assert "statements.api.views" in sys.modules
    assert "statements.pages.views" in sys.modules
    # Everything alive after loading the app, and nothing created later.
    frozen = gc.get_freeze_count()
    assert frozen > 10_000
    later = [[] for _ in range(1000)]
    assert gc.get_freeze_count() == frozen
    assert later
    # The youngest generation is collected less often; the older ones as Python would.
    assert gc.get_threshold() == (YOUNG_OBJECTS, 10, 10)


def test_every_gunicorn_worker_settles_once_it_has_loaded_the_app(unfrozen):
    hooks = runpy.run_path(str(GUNICORN_CONF))

    hooks["post_worker_init"](worker=None)

    assert gc.get_freeze_count() > 10_000
