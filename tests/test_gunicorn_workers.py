"""gunicorn as the project starts it: every worker listens on a socket of its own (gunicorn.conf.py).

Then the kernel spreads new connections over the workers, instead of the first worker to wake
taking them all and keeping them as long as their clients keep them alive.
"""

import time
from pathlib import Path

from tests.deployment import get

LISTEN = "0A"  # the state column of /proc/net/tcp


def listening_sockets(port):
    """How many sockets listen on `port` of 127.0.0.1 (IPv4), from /proc/net/tcp."""
    count = 0
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        local, state = line.split()[1], line.split()[3]
        if state == LISTEN and local == f"0100007F:{port:04X}":
            count += 1
    return count


def test_each_of_two_workers_listens_on_a_socket_of_its_own(gunicorn):
    url = gunicorn("--workers", "2", "--env", "CACHE_URL=locmem://")
    port = int(url.rsplit(":", 1)[1])

    deadline = time.monotonic() + 30
    while listening_sockets(port) < 2 and time.monotonic() < deadline:
        time.sleep(0.2)

    assert listening_sockets(port) == 2
    status, _ = get(url + "/healthz")
    assert status == 200
