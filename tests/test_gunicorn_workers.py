"""gunicorn as the project starts it: kept-alive connections shared evenly by the workers
(gunicorn.conf.py, diplomacy/connections.py).

Which worker holds a connection is read from /proc: the server's end of each connection is a
socket, and the worker that has it open holds its inode among its file descriptors.
"""

import http.client
import os
import socket
import sys
import time
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

import pytest

from diplomacy import connections

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc, which Linux has")

THREADS = 4


def socket_inode(port, client_port):
    """The inode of the server's end of the connection from 127.0.0.1:`client_port` (/proc/net/tcp)."""
    local, remote = f"0100007F:{port:04X}", f"0100007F:{client_port:04X}"
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        if fields[1] == local and fields[2] == remote:
            return fields[9]
    return None


def holder(inode):
    """The pid of the process that has the socket `inode` open."""
    target = f"socket:[{inode}]"
    for fd_folder in Path("/proc").glob("[0-9]*/fd"):
        try:
            if any(os.readlink(fd) == target for fd in fd_folder.iterdir()):
                return int(fd_folder.parent.name)
        except OSError:  # a process that ended meanwhile
            continue
    return None


def connect(url):
    """A kept-alive connection that has had one answer, and the pid of the worker that holds it."""
    port = int(url.rsplit(":", 1)[1])
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", "/healthz")
    connection.getresponse().read()
    inode = socket_inode(port, connection.sock.getsockname()[1])
    return connection, holder(inode)


@pytest.fixture
def two_workers(gunicorn):
    """The URL of a gunicorn of two gthread workers of THREADS threads, once both answer."""
    url = gunicorn(
        "--workers", "2", "--worker-class", "gthread", "--threads", str(THREADS), "--env", "CACHE_URL=locmem://"
    )
    workers, deadline = set(), time.monotonic() + 60
    while len(workers) < 2 and time.monotonic() < deadline:
        connection, pid = connect(url)
        connection.close()
        workers.add(pid)
        time.sleep(0.05)
    assert len(workers) == 2, "the second worker never answered"
    time.sleep(0.5)  # the probes' connections closed on the server's side too
    return url


def test_eight_kept_alive_connections_land_four_on_each_worker(two_workers):
    held = [connect(two_workers) for _ in range(2 * THREADS)]
    try:
        assert sorted(Counter(pid for _, pid in held).values()) == [THREADS, THREADS]
    finally:
        for connection, _ in held:
            connection.close()


def test_more_connections_than_threads_are_all_answered(two_workers):
    """Once both workers are full, a new connection waits a little, then is taken all the same."""
    held = [connect(two_workers) for _ in range(3 * THREADS)]
    try:
        assert None not in {pid for _, pid in held}
        assert len({pid for _, pid in held}) == 2
    finally:
        for connection, _ in held:
            connection.close()


def worker_with(connections_held, accept):
    """A stand-in for a gthread worker holding `connections_held`, its accept wrapped as gunicorn.conf.py does."""
    worker = SimpleNamespace(cfg=SimpleNamespace(threads=THREADS), nr_conns=connections_held, accept=accept)
    connections.share_connections(worker)
    return worker


def listener_with_waiting_connection():
    listener = socket.create_server(("127.0.0.1", 0))
    client = socket.create_connection(listener.getsockname())
    return listener, client


def test_a_full_worker_takes_a_connection_nobody_else_took():
    listener, client = listener_with_waiting_connection()
    accepted = []
    worker = worker_with(THREADS, lambda sock: accepted.append(sock.accept()[0]))
    try:
        worker.accept(listener)
        assert len(accepted) == 1
    finally:
        for sock in (*accepted, client, listener):
            sock.close()


def test_a_full_worker_leaves_a_connection_another_worker_took():
    listener, client = listener_with_waiting_connection()
    other = listener.accept()[0]  # another worker, first
    calls = []
    worker = worker_with(THREADS, calls.append)
    try:
        worker.accept(listener)
        assert calls == []
    finally:
        for sock in (other, client, listener):
            sock.close()


def test_a_worker_with_a_free_thread_takes_at_once():
    calls = []
    worker = worker_with(THREADS - 1, calls.append)
    worker.accept("listener")
    assert calls == ["listener"]
