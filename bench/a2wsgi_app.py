"""The service as ASGI for uvicorn, through a2wsgi (`bench/compare_servers.py` only; not part of the
service). 4 threads per process, like the app's gunicorn config."""

from a2wsgi import WSGIMiddleware

from app.wsgi import app as wsgi_app

app = WSGIMiddleware(wsgi_app, workers=4)
