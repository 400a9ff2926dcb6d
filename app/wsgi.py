"""gunicorn entry point: `gunicorn -c app/gunicorn.conf.py app.wsgi:app`. Reads the environment."""

from app import create_app

app = create_app()
