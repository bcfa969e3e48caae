"""gunicorn's settings for this app, read from the working directory by every `gunicorn` start.

Forwarded headers (X-Forwarded-Proto and its spellings) make gunicorn tell the app that a request
came over HTTPS. gunicorn's own default believes them from 127.0.0.1, which is any local program
when gunicorn is not behind a proxy; here nobody is believed unless FORWARDED_ALLOW_IPS or
--forwarded-allow-ips names the proxy, as docker-compose.yml does.

Several workers need a shared cache (`on_starting`).
"""

import os

forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "")

# One listening socket for every worker, not one each (SO_REUSEPORT): a worker whose threads are
# all taken leaves a new connection to another that has one free (diplomacy/connections.py). With a
# socket each, the kernel spread kept-alive connections at random (8 connections: 4 and 4 in one
# run of 16), and the other worker could not take what was queued on the busy one's socket.
reuse_port = False


def on_starting(server):
    """Refuse to start several workers when each would count the limits on its own.

    The sign-in limits (statements/ops/login_limits.py) and the API rate limits are counted in the
    cache. Without CACHE_URL the cache is each process's memory, so every worker would give an
    address the whole allowance again: 5 wrong passwords would be 10 with 2 workers. Checked here
    because only gunicorn knows how many workers it starts; the settings cannot tell. An explicit
    CACHE_URL=locmem:// says the operator means it (a benchmark, or a single machine they trust).
    """
    workers = server.cfg.workers
    if workers > 1 and not os.environ.get("CACHE_URL", "").strip():
        # gunicorn prints a RuntimeError raised here as one "Error: ..." line and exits with 1.
        raise RuntimeError(
            f"CACHE_URL is not set, so each of the {workers} workers would count sign-in failures and API "
            f"requests on its own, multiplying every limit by {workers}. Set CACHE_URL to a redis:// URL that "
            "every worker reaches, start one worker (--workers 1), or set CACHE_URL=locmem:// to accept "
            "limits counted per worker."
        )


def post_worker_init(worker):
    """Once the worker has loaded the app: its long-lived objects out of the collector's way
    (diplomacy/startup.py), and new connections left to freer workers when its threads are all
    taken (diplomacy/connections.py)."""
    from diplomacy.connections import share_connections
    from diplomacy.startup import settle

    settle()
    share_connections(worker)
