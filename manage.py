#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def local_development_by_default(environ=os.environ, stderr=sys.stderr):
    """Run as local development (DEBUG=1) when the environment sets neither SECRET_KEY nor DEBUG.

    So that a fresh clone's `python manage.py createsuperuser` works as the README writes it.
    A server always sets both (docker-compose.yml sets DEBUG=0 and refuses to start without
    SECRET_KEY), and one set alone is a production environment missing a value, which the
    settings refuse as before. Only manage.py does this: gunicorn loads diplomacy.wsgi, and a
    server without SECRET_KEY still refuses to start.
    """
    if environ.get("SECRET_KEY", "").strip() or environ.get("DEBUG", "").strip():
        return
    environ["DEBUG"] = "1"
    print(
        "manage.py: neither SECRET_KEY nor DEBUG is set, so this runs as local development (DEBUG=1).",
        file=stderr,
    )


def main():
    """Run administrative tasks."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "diplomacy.settings")
    local_development_by_default()
    try:
        from django.core.management import execute_from_command_line
    except ImportError as exc:
        raise ImportError(
            "Couldn't import Django. Are you sure it's installed and "
            "available on your PYTHONPATH environment variable? Did you "
            "forget to activate a virtual environment?"
        ) from exc
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
