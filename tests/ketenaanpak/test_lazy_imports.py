"""Heavy libraries stay out of the web process's start: importing the URLconf
(what every gunicorn worker and runserver does before its first request) does
not import WeasyPrint; the PDF renderers import it on first use."""

from __future__ import annotations

import os
import subprocess
import sys

from django.conf import settings


def test_importing_the_urlconf_does_not_import_weasyprint():
    code = (
        "import sys, django; django.setup(); "
        f"import {settings.ROOT_URLCONF}; "
        "print('weasyprint' in sys.modules)"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "ketenaanpak.settings.test"}
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        cwd=settings.BASE_DIR,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_rendering_a_pdf_imports_weasyprint_on_first_use():
    from classification.pdf import html_to_pdf

    assert html_to_pdf("<p>Tekst</p>").startswith(b"%PDF")
    assert "weasyprint" in sys.modules
