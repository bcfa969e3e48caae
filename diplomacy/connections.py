"""How gunicorn's workers share new connections: a worker whose threads are all taken leaves a
new connection to a worker with a thread free.

A gthread worker serves as many requests at once as it has threads (4 as docker-compose.yml
starts it), each holding one connection; a connection it takes beyond that waits for one of them.
Whichever worker calls accept() first gets a connection, and a client that keeps its connections
alive (a script, a benchmark, a pool) stays with that worker. With one listening socket the
first worker to wake took all 8 of a client's connections while the other idled (bench/README.md,
issue 16); with a socket per worker (SO_REUSEPORT) the kernel spread them at random, and a 6/2
or 5/3 split kept two or one of the busy worker's connections waiting for a thread while the other
worker had threads to spare (one country's page at 200,000 statements, 8 connections split 6 and 2:
p95 97 ms at the client against 56 ms inside the workers).

So the workers share one socket (gunicorn.conf.py), and a worker with as many connections as
threads waits up to WAIT_SECONDS for another worker to take a new one, and takes it itself only
if nobody did. 8 connections land 4 and 4. When every worker is full, a connection waits that much
longer before it is taken; it would have waited for a thread anyway. Requests through a proxy that
opens a connection per request go the same way: to a worker with a thread free, when there is one.
"""

import select
import time

# Longer than Python's switch interval (5 ms): a worker whose threads are busy running requests
# needs that long to get the interpreter for its own accept().
WAIT_SECONDS = 0.02
LOOK_EVERY_SECONDS = 0.001


def share_connections(worker):
    """Make a gunicorn gthread worker leave new connections to freer workers once its threads are
    all taken (gunicorn.conf.py's post_worker_init). Other kinds of worker are left as they are."""
    accept = getattr(worker, "accept", None)
    if accept is None or not hasattr(worker, "nr_conns"):
        return
    threads = worker.cfg.threads

    def accept_when_free(*arguments):
        # The listening socket comes last: older gunicorn versions pass its address before it.
        if worker.nr_conns >= threads and taken_by_another(arguments[-1]):
            return
        accept(*arguments)

    # gthread registers `self.accept` with its poller each time it starts accepting, from run(),
    # which comes after post_worker_init.
    worker.accept = accept_when_free


def taken_by_another(listener, seconds=WAIT_SECONDS):
    """Whether the connections waiting on `listener` are all taken within `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        time.sleep(LOOK_EVERY_SECONDS)
        readable, _, _ = select.select([listener], [], [], 0)
        if not readable:
            return True
    return False
