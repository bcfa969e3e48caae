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
CMD ["sh", "-c", "python manage.py migrate --noinput && gunicorn diplomacy.wsgi:application --bind 0.0.0.0:8000 --workers ${WEB_CONCURRENCY:-2} --access-logfile -"]
