"""The production image's static build: collectstatic under production settings (as the
Dockerfile runs it) succeeds, and pages render with the manifest it wrote."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.test import Client, override_settings

from tests.ketenaanpak.test_settings import ROOT, run_manage

pytestmark = pytest.mark.django_db

MANIFEST_STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}


@pytest.fixture(scope="module")
def collected(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("staticfiles")
    result = run_manage(
        "collectstatic", "--noinput", "-v", "0", DJANGO_STATIC_ROOT=str(root)
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return root


def static_urls(html: str) -> list[str]:
    return re.findall(r'(?:href|src)="/static/([^"]+)"', html)


def test_collectstatic_writes_a_compressed_manifest(collected):
    manifest = json.loads((collected / "staticfiles.json").read_text())["paths"]
    assert "css/app.css" in manifest
    assert "vendor/htmx/htmx.min.js" in manifest
    assert (collected / (manifest["vendor/htmx/htmx.min.js"] + ".gz")).is_file()


def test_only_the_vendor_files_we_serve_are_collected(collected):
    vendor = sorted(
        str(path.relative_to(collected))
        for path in (collected / "vendor").rglob("*")
        if path.is_file() and not path.name.endswith((".gz", ".br"))
    )
    # The npm packages' own HTML (Swagger UI's index.html, oauth2-redirect.html) and
    # unused CSS never reach our origin.
    assert not [name for name in vendor if name.endswith(".html")]
    assert not [name for name in vendor if "background-image-icon" in name]
    assert finders.find("vendor/swagger-ui/index.html") is None


@pytest.mark.parametrize("path", ["/inloggen/", "/", "/api/docs/"])
def test_pages_render_with_the_manifest(collected, as_user, police_officer, path):
    client = Client() if path == "/inloggen/" else as_user(police_officer)
    with override_settings(STATIC_ROOT=collected, STORAGES=MANIFEST_STORAGES):
        response = client.get(path)
    assert response.status_code == 200
    urls = static_urls(response.content.decode())
    assert urls, "the page links no static files"
    for url in urls:
        # Hashed names (app.1a2b3c4d5e6f.css), each a file the build wrote.
        assert re.search(r"\.[0-9a-f]{12}\.", url), url
        assert (collected / url).is_file(), url


def test_the_dev_server_serves_the_listed_vendor_files_and_no_others():
    client = Client()
    assert client.get("/static/vendor/htmx/htmx.min.js").status_code == 200
    assert client.get("/static/vendor/utrecht-tokens/theme.css").status_code == 200
    for unlisted in (
        "/static/vendor/swagger-ui/index.html",
        "/static/vendor/swagger-ui/oauth2-redirect.html",
        "/static/vendor/utrecht-tokens/background-image-icon.css",
    ):
        assert client.get(unlisted).status_code == 404, unlisted


def test_the_image_build_context_leaves_out_this_machines_files():
    """COPY . . must not replace the image's npm install or bake in secrets."""
    ignored = {
        line.strip()
        for line in (ROOT / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    }
    assert {"secrets", "node_modules", ".venv", "staticfiles", ".git"} <= ignored
    dockerfile = (ROOT / "Dockerfile").read_text()
    # The image collects static exactly as the collected fixture above does.
    assert "python manage.py collectstatic --noinput" in dockerfile
    assert "DJANGO_SETTINGS_MODULE=ketenaanpak.settings.production" in dockerfile
