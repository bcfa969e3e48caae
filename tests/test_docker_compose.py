"""docker-compose.yml and the Dockerfile: PostgreSQL plus the web app, wired to each other."""

import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def db(compose):
    return compose["services"]["db"]


@pytest.fixture(scope="module")
def web(compose):
    return compose["services"]["web"]


def with_defaults(value):
    """Substitute `${NAME:-default}` the way Compose does when NAME is unset."""
    return re.sub(r"\$\{[A-Z_]+:-([^}]*)\}", r"\1", value)


def test_it_defines_a_database_and_a_web_service(compose):
    assert set(compose["services"]) == {"db", "web"}


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
    assert "8000:8000" in web["ports"]


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


def variables_in_env_example():
    lines = (ROOT / ".env.example").read_text(encoding="utf-8").splitlines()
    return {line.split("=", 1)[0].strip() for line in lines if "=" in line and not line.lstrip().startswith("#")}


def test_the_web_service_takes_every_documented_variable_from_the_environment(web):
    # DATABASE_URL points at the db service and DEBUG is fixed off; the rest come from .env.
    passed = {name for name, value in web["environment"].items() if f"${{{name}" in str(value)}

    assert variables_in_env_example() - {"DATABASE_URL", "DEBUG"} <= passed
