"""gunicorn settings for production (`make serve`, `make bench`, app servers).

Every value can be overridden from the environment, so one file serves a laptop
and a fleet: PORT / HOST (or BIND), WEB_CONCURRENCY (workers), GUNICORN_THREADS,
ACCESS_LOG ("-" for stdout, a path, or empty for none).
"""

import multiprocessing
import os

wsgi_app = "showtracker.wsgi:application"

# Behind a load balancer set HOST=0.0.0.0; locally only loopback listens.
bind = (
    os.environ.get("BIND")
    or f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
)

# Synchronous workers: the classic 2 * cores + 1, each one database connection.
workers = int(os.environ.get("WEB_CONCURRENCY") or multiprocessing.cpu_count() * 2 + 1)
threads = int(os.environ.get("GUNICORN_THREADS") or 1)
timeout = int(os.environ.get("GUNICORN_TIMEOUT") or 30)
graceful_timeout = 20
keepalive = 5  # behind a load balancer that reuses connections

# Recycle workers now and then so a slow leak never takes a server down.
max_requests = 2000
max_requests_jitter = 200

accesslog = os.environ.get("ACCESS_LOG", "-") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'

# A proxy terminating TLS in front: trust its X-Forwarded-* headers (comma-separated IPs).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

# gunicorn's control socket lives at one fixed path per user; several servers on one
# machine (benchmarks, app servers) would fight over it, and nothing here uses it.
control_socket_disable = True
