"""PDF rendering with WeasyPrint, shared by the Comensha report (classification)
and the casusoverleg minutes (casusoverleg imports it; it sits below).

WeasyPrint is imported on first use, never at module load: importing it costs
seconds, and the URLconf of every web process imports the services that render.
The renderer gets ``StaticOnlyFetcher``: only our own static files (``/static/…``
or ``static:///…``), never another URL, so user text can never make the renderer
fetch anything (threat model 6).
"""

from __future__ import annotations

import functools
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders


def read_static(url: str) -> tuple[bytes, str]:
    """The bytes and content type ("" when unknown) of one of our static files.
    ``file:``, ``http(s):``, ``data:``, a host, and any path outside the static
    files are refused with a ``ValueError``."""
    parts = urlsplit(url)
    prefix = settings.STATIC_URL or "/static/"
    if parts.scheme not in ("", "static") or parts.netloc:
        raise ValueError("refused url: not our static files")
    if parts.scheme == "static":
        relative = parts.path.lstrip("/")
    elif parts.path.startswith(prefix):
        relative = parts.path[len(prefix) :]
    else:
        raise ValueError("refused url outside the static files")
    if not relative or ".." in relative.split("/") or "\\" in relative:
        raise ValueError("refused path")
    found = finders.find(relative)
    if not found or isinstance(found, list):
        raise ValueError("static file not found")
    with open(found, "rb") as handle:
        data = handle.read()
    return data, "text/css" if relative.endswith(".css") else ""


@functools.cache
def static_only_fetcher_class() -> type[Any]:
    """The ``URLFetcher`` subclass WeasyPrint gets (built, and WeasyPrint
    imported, on first call)."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):  # type: ignore[misc]  # weasyprint is untyped
        """WeasyPrint's url_fetcher: our own static files, nothing else."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            data, content_type = read_static(url)
            return URLFetcherResponse(
                url, data, {"Content-Type": content_type} if content_type else None
            )

    return StaticOnlyFetcher


def html_to_pdf(html: str) -> bytes:
    """Render our own HTML (static files only) to PDF bytes."""
    from weasyprint import HTML

    pdf: bytes = HTML(
        string=html, base_url="static:///", url_fetcher=static_only_fetcher_class()()
    ).write_pdf()
    return pdf
