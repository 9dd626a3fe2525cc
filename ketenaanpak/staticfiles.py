"""Front-end files from npm, served under ``/static/vendor/`` without copying them in.

Only the files named in ``settings.STATIC_VENDOR_FILES`` are found, collected and
served: never a package's whole ``dist`` folder. A whole folder brought along files we
do not use (and whose CSS points at images the package does not ship, which stops the
production manifest storage) and third-party HTML served from our own origin.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.checks import CheckMessage, Error
from django.core.files.storage import FileSystemStorage


def _vendor_files() -> dict[str, Path]:
    return {name: Path(source) for name, source in settings.STATIC_VENDOR_FILES.items()}


class VendorFileFinder(finders.BaseFinder):
    """Finds exactly the npm files listed in ``STATIC_VENDOR_FILES``
    (``{"vendor/htmx/htmx.min.js": <path in node_modules>, …}``)."""

    def check(self, **kwargs: Any) -> list[CheckMessage]:
        errors: list[CheckMessage] = []
        for name, source in _vendor_files().items():
            if not source.is_file():
                errors.append(
                    Error(
                        f"STATIC_VENDOR_FILES: {name} comes from {source}, which "
                        "does not exist. Run `npm ci`.",
                        id="ketenaanpak.E001",
                    )
                )
            if name.rpartition("/")[2] != source.name:
                errors.append(
                    Error(
                        f"STATIC_VENDOR_FILES: {name} must keep the file name of "
                        f"{source}.",
                        id="ketenaanpak.E002",
                    )
                )
        return errors

    def find(self, path: str, find_all: bool = False, **kwargs: Any) -> Any:
        source = _vendor_files().get(path)
        if source is None or not source.is_file():
            return []
        finders.searched_locations.append(str(source.parent))
        return [str(source)] if find_all else str(source)

    def list(self, ignore_patterns: Any) -> Iterator[tuple[str, FileSystemStorage]]:
        for name, source in _vendor_files().items():
            storage = FileSystemStorage(location=source.parent)
            # collectstatic and WhiteNoise put the file under the storage's prefix.
            storage.prefix = name.rpartition("/")[0]  # type: ignore[attr-defined]
            yield source.name, storage
