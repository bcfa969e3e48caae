"""What the deployment tests read: .env.example, docker-compose.yml and deploy/nginx.conf."""

import os
import re
import socket
import time
import urllib.error
import urllib.request
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
NGINX_CONF = ROOT / "deploy" / "nginx.conf"


def env_example_lines():
    """(name, value) for each variable .env.example sets, in order, repeats included."""
    pairs = []
    for line in (ROOT / ".env.example").read_text(encoding="utf-8").splitlines():
        if "=" in line and not line.lstrip().startswith("#"):
            name, value = line.split("=", 1)
            pairs.append((name.strip(), value.strip()))
    return pairs


def env_example():
    """The variables .env.example sets, by name."""
    return dict(env_example_lines())


def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


def compose_variables():
    """Every variable docker-compose.yml takes from the environment (`${NAME}`, `${NAME:-x}`, `${NAME:?x}`)."""
    return set(re.findall(r"\$\{([A-Za-z_][A-Za-z0-9_]*)", (ROOT / "docker-compose.yml").read_text(encoding="utf-8")))


class Directive:
    """One nginx directive: its name, its arguments, and the directives of its block if it has one."""

    def __init__(self, name, args, block=None):
        self.name, self.args, self.block = name, args, block

    def __repr__(self):
        return f"Directive({self.name!r}, {self.args!r})"

    def find(self, name):
        """Directives called `name` anywhere inside this block, depth first."""
        for directive in self.block or ():
            if directive.name == name:
                yield directive
            yield from directive.find(name)


def parse_nginx(text):
    """nginx's configuration syntax as a tree of Directives (the file is the root block).

    Enough for reading our own file: words, quoted strings, `;` and `{ }`; comments dropped.
    """
    tokens = re.findall(r'"[^"]*"|\'[^\']*\'|[{};]|[^\s{};"\']+', re.sub(r"(?m)#.*$", "", text))
    stack = [Directive("", [], [])]
    words = []
    for token in tokens:
        if token == ";":
            stack[-1].block.append(Directive(words[0], words[1:]))
            words = []
        elif token == "{":
            directive = Directive(words[0], words[1:], [])
            stack[-1].block.append(directive)
            stack.append(directive)
            words = []
        elif token == "}":
            assert not words, f"unterminated directive {words}"
            stack.pop()
        else:
            words.append(token[1:-1] if token[0] in "\"'" else token)
    assert len(stack) == 1 and not words, "unbalanced braces"
    return stack[0]


def nginx_conf():
    return parse_nginx(NGINX_CONF.read_text(encoding="utf-8"))


# Servers started for a test (the fixtures start_server and gunicorn in conftest.py)


def free_port():
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        return listener.getsockname()[1]


def gunicorn_environment(database_path):
    """gunicorn's environment in the tests: DEBUG off, plain HTTP redirected to HTTPS, HSTS sent.

    So each answer shows which scheme gunicorn told the app. The database is an empty SQLite
    file: enough for static files.
    """
    return {
        "PATH": os.environ.get("PATH", ""),
        "SECRET_KEY": "not-secret",
        "DEBUG": "0",
        "DATABASE_URL": f"sqlite:///{database_path}",
        "SECURE_SSL_REDIRECT": "1",
        "SECURE_HSTS_SECONDS": "60",
    }


def wait_until_listening(process, port, log):
    """Return once something accepts connections on `port`; fail with `log` if `process` ends first."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            if process.poll() is not None:
                raise AssertionError(log.read_text(encoding="utf-8", errors="replace")) from None
            time.sleep(0.2)
    process.kill()
    raise AssertionError(f"nothing listened on port {port} within a minute")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def get(url, context=None, **headers):
    """(status, headers) of a GET, redirects not followed; `context` checks an HTTPS server's certificate."""
    opener = urllib.request.build_opener(NoRedirect, urllib.request.HTTPSHandler(context=context))
    try:
        with opener.open(urllib.request.Request(url, headers=headers), timeout=30) as response:
            return response.status, response.headers
    except urllib.error.HTTPError as error:
        return error.code, error.headers
