# ruff: noqa: N999  (gunicorn finds its config by this file name)
"""gunicorn settings for the container and `make serve`. Command-line flags override them.

SIGTERM (ECS stop, Fargate Spot's 2-minute warning) makes gunicorn stop accepting connections and
let workers finish their in-flight requests for up to `graceful_timeout`, which stays under the
task definition's stopTimeout of 120 s so ECS never SIGKILLs a draining worker.
"""

import os


def _positive_int(name: str, default: int, maximum: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or not 1 <= int(raw) <= maximum:
        raise SystemExit(f"{name} must be a whole number from 1 to {maximum}, got {raw!r}")
    return int(raw)


PORT = _positive_int("PORT", 8080, 65535)
CONTAINER_PORT = 8080  # EXPOSE in app/Dockerfile; the ECS port mapping uses the same
ECS_STOP_TIMEOUT_SECONDS = 120

bind = [f"0.0.0.0:{PORT}"]
workers = _positive_int("WEB_CONCURRENCY", 2, 64)
# gthread keeps HTTP keep-alive connections open (the sync worker closes each one), which
# roughly doubles throughput behind a proxy; a few threads per worker cover slow DynamoDB calls.
# app/server.py's subclass reads each request in full in the event loop before a thread gets it,
# so slow or stalled clients can't hold the threads (and get a 408 after 10 s).
worker_class = "app.server.BufferingThreadWorker"
threads = 4
# Idle keep-alive connections cost a socket, not a thread. API Gateway's docs give no idle timeout
# for VPC link connections (checked: http-api-vpc-links, http-api-develop-integrations-private and
# http-api-quotas pages, 2026-11); a VPC link is Hyperplane ENIs like an NLB, whose TCP idle
# timeout defaults to 350 s (docs.aws.amazon.com/elasticloadbalancing/latest/network/
# update-idle-timeout.html). Staying open longer than anything on the path means the proxy, not
# gunicorn, closes an idle connection, so it never sends a request into one gunicorn just closed
# (the classic source of sporadic 502s). [unverified for VPC links; sure for NLB]
keepalive = 360
timeout = 30
graceful_timeout = 100
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
# Behind API Gateway (a VPC link) the peer is never a browser: trust its X-Forwarded-* headers.
forwarded_allow_ips = "*"
# gunicorn's control socket lives in $HOME and would clash between test servers; nothing uses it.
control_socket_disable = True
# gunicorn's maximum (the default is 4094): API Gateway passes up to 10,240 bytes of request line and
# headers, and a longer URL than 4 KB should reach the app (a JSON 422 or 404) rather than end in
# a 414. Past these, app/server.py answers 414 / 431 as JSON.
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190

# FRUGAL_ACCESS_LOG=off drops gunicorn's per-request line: it costs about a fifth of a trivial
# request's CPU here, and on AWS the API Gateway stage can keep access logs instead.
_access_log = os.environ.get("FRUGAL_ACCESS_LOG", "on").strip().lower() or "on"
if _access_log not in ("on", "off"):
    raise SystemExit(f"FRUGAL_ACCESS_LOG must be 'on' or 'off', got {_access_log!r}")
accesslog = "-"
errorlog = "-"
# Skips building the access-log atoms too, not just the write.
logger_class = "gunicorn.glogging.Logger" if _access_log == "on" else "app.logs.NoAccessLogger"
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "app.logs.JsonFormatter"},
        "access": {"()": "app.logs.AccessJsonFormatter"},
    },
    "handlers": {
        "stdout": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "json"},
        "access": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "access"},
    },
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": ["stdout"], "propagate": False},
        "gunicorn.access": {"level": "INFO", "handlers": ["access"], "propagate": False},
        "app": {"level": "INFO", "handlers": ["stdout"], "propagate": False},
    },
    "root": {"level": "WARNING", "handlers": ["stdout"]},
}

assert graceful_timeout < ECS_STOP_TIMEOUT_SECONDS
