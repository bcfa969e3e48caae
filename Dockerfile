# The web service: Django behind gunicorn, static files served by WhiteNoise.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1

WORKDIR /app

COPY requirements.txt .
RUN pip install -r requirements.txt

COPY . .

# collectstatic needs some key; the real one comes from the environment at run time.
RUN SECRET_KEY=build-only-not-secret python manage.py collectstatic --noinput

RUN useradd --system --home /app diplomacy && chown -R diplomacy /app
USER diplomacy

EXPOSE 8000
# gthread workers with 4 threads each and a 120 s timeout: a full CSV export of a million statements
# streams for 15-25 s, longer to a slow client, and sync workers are killed at the default 30 s
# (the client gets a cut-off file) while blocking every other request meanwhile.
CMD ["sh", "-c", "python manage.py migrate --noinput && gunicorn diplomacy.wsgi:application --bind 0.0.0.0:8000 --workers ${WEB_CONCURRENCY:-2} --worker-class gthread --threads 4 --timeout 120 --access-logfile -"]
