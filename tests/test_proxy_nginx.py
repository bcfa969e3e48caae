"""deploy/nginx.conf run by a real nginx, in front of the app as docker-compose.yml puts it.

Only the addresses change: the upstream `web:8000` becomes the test's server, the listening ports
free local ones, and the certificate a self-signed one made for 127.0.0.1. Skipped where nginx
or openssl is not installed; test_docker_compose.py still reads the file there.
"""

import re
import shutil
import ssl
import subprocess

import pytest

from tests.deployment import NGINX_CONF, free_port, get

pytestmark = [
    pytest.mark.skipif(shutil.which("nginx") is None, reason="nginx is not installed (apt-get install nginx-light)"),
    pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl is not installed to make a test certificate"),
]


def replace_once(text, old, new):
    assert text.count(old) == 1, f"deploy/nginx.conf should have {old!r} once"
    return text.replace(old, new)


@pytest.fixture
def certificate(tmp_path):
    """A self-signed certificate for 127.0.0.1, where nginx reads it, and a TLS context that trusts it."""
    folder = tmp_path / "tls"
    folder.mkdir()
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1"]
        + ["-addext", "subjectAltName=IP:127.0.0.1"]
        + ["-keyout", str(folder / "privkey.pem"), "-out", str(folder / "fullchain.pem")],
        check=True,
        capture_output=True,
    )
    return folder, ssl.create_default_context(cafile=folder / "fullchain.pem")


def configuration(tmp_path, certificate_folder, upstream, http_port, https_port):
    text = NGINX_CONF.read_text(encoding="utf-8")
    text = replace_once(text, "server web:8000;", f"server {upstream};")
    text = replace_once(text, "listen 80 default_server;", f"listen 127.0.0.1:{http_port} default_server;")
    text = replace_once(text, "listen 443 ssl default_server;", f"listen 127.0.0.1:{https_port} ssl default_server;")
    text = text.replace("/etc/nginx/tls/", f"{certificate_folder}/").replace("/var/log/nginx/", f"{tmp_path}/")
    # Temporary files in the test's folder, so that nginx needs no system directory.
    temporary = "".join(
        f"    {kind}_temp_path {tmp_path}/{kind};\n" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    text = replace_once(text, "http {\n", "http {\n" + temporary)
    path = tmp_path / "nginx.conf"
    path.write_text(text, encoding="utf-8")
    return path


def nginx_command(path, tmp_path, *arguments):
    return ["nginx", "-c", str(path), "-p", str(tmp_path), "-g", f"pid {tmp_path}/nginx.pid;", *arguments]


@pytest.fixture
def proxy(tmp_path, certificate, start_server):
    """proxy(upstream): nginx in front of `upstream` (host:port); returns its http and https URLs."""
    folder, _ = certificate

    def start(upstream):
        http_port, https_port = free_port(), free_port()
        path = configuration(tmp_path, folder, upstream, http_port, https_port)
        command = nginx_command(path, tmp_path, "-g", "daemon off;")
        start_server("nginx", command, https_port)
        return f"http://127.0.0.1:{http_port}", f"https://127.0.0.1:{https_port}"

    return start


def test_nginx_accepts_the_configuration(tmp_path, certificate):
    path = configuration(tmp_path, certificate[0], "127.0.0.1:8000", free_port(), free_port())

    result = subprocess.run(nginx_command(path, tmp_path, "-t"), capture_output=True, text=True)

    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr


@pytest.mark.django_db(transaction=True)
def test_through_the_proxy_a_new_forwarded_for_on_every_request_does_not_escape_the_throttle(
    live_server, proxy, certificate, settings
):
    # As docker-compose.yml sets the app: the one proxy's X-Forwarded-For is the client's address.
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    settings.API_ANON_RATE = "5/minute"
    _, https = proxy(re.sub(r"^http://", "", live_server.url))

    statuses = [
        get(https + "/api/v1/topics/", certificate[1], **{"X-Forwarded-For": f"198.51.100.{number}"})[0]
        for number in range(12)
    ]

    assert statuses == [200] * 5 + [429] * 7


def test_plain_http_is_redirected_by_the_proxy_whatever_the_client_claims(proxy, gunicorn):
    http, _ = proxy(re.sub(r"^http://", "", gunicorn("--forwarded-allow-ips", "127.0.0.1")))

    status, headers = get(http + "/static/css/site.css", **{"X-Forwarded-Proto": "https"})

    assert status == 301
    assert headers["Location"] == "https://127.0.0.1/static/css/site.css"
    assert headers["Server"] == "nginx"


def test_over_https_gunicorn_learns_the_scheme_from_the_proxy_not_from_the_client(proxy, gunicorn, certificate):
    # As in docker-compose.yml: gunicorn believes forwarded headers from the proxy's address.
    _, https = proxy(re.sub(r"^http://", "", gunicorn("--forwarded-allow-ips", "127.0.0.1")))

    # The client's own header says plain HTTP; the proxy writes what the connection was.
    status, headers = get(https + "/static/css/site.css", certificate[1], **{"X-Forwarded-Proto": "http"})

    assert status == 200
    assert headers["Strict-Transport-Security"] == "max-age=60"
