"""Container health check for the web service: `python -m ketenaanpak.healthcheck`.

Asks gunicorn itself, with a Host header Django accepts and the proxy's HTTPS marker,
so neither ALLOWED_HOSTS nor the SSL redirect turn a healthy app into a failure.
"""

import os
import sys
import urllib.request


def main() -> int:
    host = os.environ.get("DJANGO_ALLOWED_HOSTS", "localhost").split(",")[0].strip()
    request = urllib.request.Request(
        "http://127.0.0.1:8000/gezondheid/",
        headers={"Host": host, "X-Forwarded-Proto": "https"},
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return 0 if response.status == 200 else 1
    except OSError:
        return 1


if __name__ == "__main__":
    sys.exit(main())
