"""docker-compose.yml and the Dockerfile: PostgreSQL plus the web app, wired to each other."""

import re
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
