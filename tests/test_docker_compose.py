"""docker-compose.yml and the Dockerfile: nginx in front of the web app, PostgreSQL and Redis behind it.

There is no Docker engine where the tests run, so these read the files and check what each
service would do; deploy/nginx.conf's own behaviour is tested with a real nginx in
test_proxy_nginx.py.
"""

import ipaddress
import re
import shlex
import subprocess
import sys
from urllib.parse import urlsplit

import pytest

from tests import deployment
from tests.deployment import ROOT


@pytest.fixture(scope="module")
def compose():
    return deployment.compose()


@pytest.fixture(scope="module")
def db(compose):
    return compose["services"]["db"]


@pytest.fixture(scope="module")
def web(compose):
    return compose["services"]["web"]


def with_defaults(value):
    """Substitute `${NAME:-default}` the way Compose does when NAME is unset."""
    return re.sub(r"\$\{[A-Z_]+:-([^}]*)\}", r"\1", value)


@pytest.fixture(scope="module")
def proxy(compose):
    return compose["services"]["proxy"]


@pytest.fixture(scope="module")
def redis(compose):
    return compose["services"]["redis"]


def test_it_defines_a_proxy_the_web_app_a_database_a_cache_the_alerts_and_a_mail_relay(compose):
    assert set(compose["services"]) == {"proxy", "web", "db", "redis", "alerts", "smtp"}


def test_the_database_is_postgresql(db):
    assert db["image"].startswith("postgres:")


def test_the_database_keeps_its_data_in_a_named_volume(compose, db):
    volume = db["volumes"][0].split(":")[0]

    assert volume in compose["volumes"]
    assert db["volumes"][0].endswith(":/var/lib/postgresql/data")


def test_the_database_has_a_healthcheck_with_pg_isready(db):
    test = " ".join(db["healthcheck"]["test"])

    assert "pg_isready" in test
    assert f"-U {db['environment']['POSTGRES_USER']}" in test


def test_the_web_service_is_built_from_the_repository_dockerfile(web):
    context = web["build"] if isinstance(web["build"], str) else web["build"]["context"]
    dockerfile = "Dockerfile" if isinstance(web["build"], str) else web["build"].get("dockerfile", "Dockerfile")

    assert (ROOT / context / dockerfile).is_file()


def test_the_web_service_waits_for_a_healthy_database(web):
    assert web["depends_on"]["db"]["condition"] == "service_healthy"


def test_the_web_service_connects_as_the_database_user(db, web):
    url = urlsplit(with_defaults(web["environment"]["DATABASE_URL"]))

    assert url.scheme in {"postgres", "postgresql"}
    assert url.hostname == "db"
    assert url.port == 5432
    assert url.username == db["environment"]["POSTGRES_USER"]
    assert url.password == with_defaults(db["environment"]["POSTGRES_PASSWORD"])
    assert url.path == "/" + db["environment"]["POSTGRES_DB"]


def test_the_secret_key_comes_from_the_environment_and_is_required(web):
    assert web["environment"]["SECRET_KEY"].startswith("${SECRET_KEY:?")


def test_the_web_service_runs_without_debug(web):
    assert web["environment"]["DEBUG"] == "0"


def test_the_web_service_migrates_then_starts_gunicorn_on_port_8000(web):
    command = web["command"]

    assert command.index("manage.py migrate") < command.index("gunicorn diplomacy.wsgi")
    assert "0.0.0.0:8000" in command
    # Open to the other services on its networks, and to nothing outside.
    assert web["expose"] == ["8000"]


def test_the_dockerfile_installs_the_requirements_and_collects_static_files():
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")

    assert "COPY requirements.txt" in dockerfile
    assert "pip install -r requirements.txt" in dockerfile
    assert "collectstatic" in dockerfile
    assert re.search(r"^USER \w+", dockerfile, re.MULTILINE), "the app should not run as root"


def test_gunicorn_and_the_postgresql_driver_are_runtime_requirements():
    requirements = (ROOT / "requirements.txt").read_text(encoding="utf-8")

    assert re.search(r"^gunicorn\b", requirements, re.MULTILINE)
    assert re.search(r"^psycopg", requirements, re.MULTILINE)


def test_the_image_leaves_out_local_secrets_and_databases():
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").split()

    assert {".env", ".venv", "db.sqlite3", ".git"} <= set(ignored)


# The web service's healthcheck and environment


def healthcheck_command(web):
    test = web["healthcheck"]["test"]
    assert test[0] == "CMD", "exec form: the image's shell need not be there for it"
    return test[1:]


def test_the_web_service_is_healthy_only_while_healthz_answers(web):
    command = healthcheck_command(web)

    # Python's own urllib: the slim image has no curl.
    assert command[:2] == ["python", "-c"]
    assert "urllib.request.urlopen('http://127.0.0.1:8000/healthz'" in command[2]


def run_healthcheck(web, base_url):
    command = healthcheck_command(web)
    script = command[2].replace("http://127.0.0.1:8000", base_url)
    return subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=30)


@pytest.mark.django_db(transaction=True)
def test_the_healthcheck_command_passes_against_a_healthy_app(web, live_server):
    assert run_healthcheck(web, live_server.url).returncode == 0


@pytest.mark.django_db(transaction=True)
def test_the_healthcheck_command_fails_when_the_database_does_not_answer(web, live_server, monkeypatch):
    # The live server runs in this process, so its /healthz sees the patch.
    monkeypatch.setattr("statements.ops.middleware.database_problem", lambda: "the database did not answer")

    result = run_healthcheck(web, live_server.url)

    assert result.returncode != 0
    assert "503" in result.stderr


def test_the_healthcheck_fails_when_nothing_listens(web):
    assert run_healthcheck(web, "http://127.0.0.1:9").returncode != 0


# Only the proxy is reachable from outside


def test_only_the_proxy_publishes_ports(compose):
    published = {name for name, service in compose["services"].items() if service.get("ports")}

    assert published == {"proxy"}


def test_the_proxy_publishes_http_and_https(proxy):
    assert sorted(proxy["ports"]) == ["443:443", "80:80"]


def test_the_proxy_is_the_official_nginx_image_with_our_configuration_read_only(proxy):
    assert proxy["image"].startswith("nginx:")
    assert "./deploy/nginx.conf:/etc/nginx/nginx.conf:ro" in proxy["volumes"]
    # The certificate and its key, which the container may read and not change.
    assert "./deploy/tls:/etc/nginx/tls:ro" in proxy["volumes"]
    assert deployment.NGINX_CONF.is_file()


def test_the_proxy_starts_once_the_app_is_healthy(proxy):
    assert proxy["depends_on"]["web"]["condition"] == "service_healthy"


def gunicorn_settings(web):
    """The settings the web service's gunicorn command line gives, read by gunicorn's own parser."""
    from gunicorn.config import Config

    shell = shlex.split(web["command"])
    assert shell[:2] == ["sh", "-c"]
    words = shlex.split(shell[2])
    config = Config()
    options = config.parser().parse_args(words[words.index("gunicorn") + 1 :])
    for name, value in vars(options).items():
        if value is not None and name in config.settings:
            config.set(name, value)
    return config


def test_gunicorn_believes_forwarded_headers_from_the_proxys_address_alone(compose, proxy, web):
    (network_name,) = proxy["networks"]
    proxy_address = proxy["networks"][network_name]["ipv4_address"]

    assert gunicorn_settings(web).forwarded_allow_ips == [proxy_address]
    assert network_name in web["networks"]


def test_the_proxys_address_is_its_own_on_the_network(compose, proxy):
    # A fixed address inside the subnet, outside the range Docker hands out to other containers,
    # so that no other container can be given it.
    (network_name,) = proxy["networks"]
    proxy_address = ipaddress.ip_address(proxy["networks"][network_name]["ipv4_address"])
    (pool,) = compose["networks"][network_name]["ipam"]["config"]

    assert proxy_address in ipaddress.ip_network(pool["subnet"])
    assert proxy_address not in ipaddress.ip_network(pool["ip_range"])


def test_the_proxy_cannot_reach_the_database_or_the_cache(proxy, db, redis):
    assert not set(proxy["networks"]) & (set(db["networks"]) | set(redis["networks"]))


def test_the_app_counts_clients_by_the_address_the_one_proxy_wrote(web):
    # Fixed by the compose file, not by .env: it is a fact of this topology. nginx writes
    # X-Forwarded-For itself (test_proxy_nginx.py), so its one address is the client's.
    assert web["environment"]["NUM_PROXIES"] == "1"


# The proxy's configuration (deploy/nginx.conf)


def proxy_headers(server):
    return {d.args[0].lower(): d.args[1] if len(d.args) > 1 else "" for d in server.find("proxy_set_header")}


def servers():
    (http,) = deployment.nginx_conf().find("http")
    return [directive for directive in http.block if directive.name == "server"]


def https_server():
    (server,) = [server for server in servers() if any("ssl" in d.args for d in server.find("listen"))]
    return server


def test_the_proxy_passes_requests_to_the_web_services_gunicorn(web):
    (upstream,) = deployment.nginx_conf().find("upstream")
    (server,) = upstream.find("server")
    (proxy_pass,) = https_server().find("proxy_pass")

    assert server.args == ["web:8000"]
    assert proxy_pass.args == [f"http://{upstream.args[0]}"]
    assert gunicorn_settings(web).bind == ["0.0.0.0:8000"]


def test_the_proxy_writes_the_clients_address_and_scheme_over_what_the_client_sent():
    headers = proxy_headers(https_server())

    # $remote_addr alone, never $proxy_add_x_forwarded_for, which appends to the client's header.
    assert headers["x-forwarded-for"] == "$remote_addr"
    assert headers["x-forwarded-proto"] == "$scheme"
    assert "proxy_add_x_forwarded_for" not in deployment.NGINX_CONF.read_text(encoding="utf-8")


def test_the_proxy_removes_the_other_forwarded_headers_gunicorn_and_django_could_read():
    headers = proxy_headers(https_server())

    for name in ("x-forwarded-host", "x-forwarded-port", "x-forwarded-protocol", "x-forwarded-ssl", "forwarded"):
        assert headers[name] == "", f"{name} should be cleared"


def test_plain_http_is_only_redirected_to_https():
    (plain,) = [server for server in servers() if not any("ssl" in d.args for d in server.find("listen"))]
    (listen,) = plain.find("listen")
    (redirect,) = plain.find("return")

    assert listen.args[0] == "80"
    assert redirect.args == ["301", "https://$host$request_uri"]
    assert not list(plain.find("proxy_pass"))


def test_the_proxy_takes_an_upload_as_large_as_the_app_does():
    from statements.editor.forms import MEGABYTE
    from statements.editor.records import MAX_RECORD_BYTES

    (size,) = https_server().find("client_max_body_size")
    megabytes = int(size.args[0].removesuffix("m"))

    assert megabytes * MEGABYTE > MAX_RECORD_BYTES + MEGABYTE


# The shared cache


def test_the_cache_is_redis_and_keeps_nothing_on_disk(redis):
    assert redis["image"].startswith("redis:")
    command = redis["command"]
    assert command[command.index("--save") + 1] == ""
    assert command[command.index("--appendonly") + 1] == "no"


def test_the_cache_has_a_healthcheck_with_redis_cli_ping(redis):
    assert redis["healthcheck"]["test"] == ["CMD", "redis-cli", "ping"]


def test_the_app_uses_the_redis_service_as_its_cache(web, redis):
    url = urlsplit(web["environment"]["CACHE_URL"])

    assert url.scheme == "redis"
    assert (url.hostname, url.port) == ("redis", 6379)
    assert web["depends_on"]["redis"]["condition"] == "service_healthy"
    assert set(web["networks"]) & set(redis["networks"])


# .env.example and the compose file agree

# The mail relay's own variables, which the app does not read.
RELAY_VARIABLES = {"SMTP_RELAYHOST", "SMTP_RELAYHOST_USERNAME", "SMTP_RELAYHOST_PASSWORD"}

# Set by the compose file itself for the web service, because they follow from its services.
FIXED_BY_COMPOSE = {"DATABASE_URL", "DEBUG", "CACHE_URL", "NUM_PROXIES"}


def test_every_variable_the_compose_file_reads_is_in_env_example():
    assert deployment.compose_variables() <= set(deployment.env_example())


def test_every_variable_of_env_example_is_used_by_the_compose_file(web):
    passed = {name for name, value in web["environment"].items() if f"${{{name}" in str(value)}
    fixed = {name for name in web["environment"] if name not in passed}

    assert fixed == FIXED_BY_COMPOSE
    assert set(deployment.env_example()) == passed | fixed | {"POSTGRES_PASSWORD"} | RELAY_VARIABLES
    assert "POSTGRES_PASSWORD" in deployment.compose_variables()


def test_every_variable_the_settings_read_is_in_env_example():
    settings = (ROOT / "diplomacy" / "settings.py").read_text(encoding="utf-8")
    read = set(re.findall(r"""(?:env_\w+|os\.environ\.get|os\.getenv)\(\s*["']([A-Z_]+)["']""", settings))

    assert read
    assert read <= set(deployment.env_example())


def test_env_example_sets_each_variable_once():
    names = [name for name, _ in deployment.env_example_lines()]

    assert len(names) == len(set(names))


def test_the_tls_certificate_stays_out_of_git_and_out_of_the_image():
    for name in ("deploy/tls/privkey.pem", "deploy/tls/fullchain.pem"):
        ignored = subprocess.run(["git", "check-ignore", "--quiet", name], cwd=ROOT, check=False)
        assert ignored.returncode == 0, f"git would track {name}"
    assert "deploy/tls" in (ROOT / ".dockerignore").read_text(encoding="utf-8").split()


# The email alerts and the mail relay


@pytest.fixture(scope="module")
def alerts(compose):
    return compose["services"]["alerts"]


def test_the_alerts_service_runs_send_alerts_every_minute_with_the_apps_environment(alerts, web):
    command = " ".join(alerts["command"])

    assert "python manage.py send_alerts" in command
    assert "while true" in command and "sleep 60" in command
    assert alerts["build"] == web["build"]
    assert alerts["environment"] == web["environment"]


def test_the_alerts_start_once_the_web_service_has_migrated_the_database(alerts):
    assert alerts["depends_on"]["web"]["condition"] == "service_healthy"


def test_the_alerts_publish_no_port_and_stay_off_the_proxys_network(alerts):
    assert "ports" not in alerts and "expose" not in alerts
    assert alerts["networks"] == ["data"]


def test_the_app_sends_mail_through_the_relay_service_by_default(compose, web):
    url = urlsplit(with_defaults(web["environment"]["EMAIL_URL"]))
    relay = compose["services"]["smtp"]

    assert (url.scheme, url.hostname, url.port) == ("smtp", "smtp", 25)
    assert relay["networks"] == ["data"]
    assert "ports" not in relay
    assert {name for name in relay["environment"] if "RELAYHOST" in name} == {
        "RELAYHOST",
        "RELAYHOST_USERNAME",
        "RELAYHOST_PASSWORD",
    }
