"""gunicorn's settings for this app, read from the working directory by every `gunicorn` start.

Forwarded headers (X-Forwarded-Proto and its spellings) make gunicorn tell the app that a request
came over HTTPS. gunicorn's own default believes them from 127.0.0.1, which is any local program
when gunicorn is not behind a proxy; here nobody is believed unless FORWARDED_ALLOW_IPS or
--forwarded-allow-ips names the proxy, as docker-compose.yml does.
"""

import os

forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "")
