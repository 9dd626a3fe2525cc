"""The repository stands alone: nothing in it points at files a person who clones it
does not have, and every page of ``docs/`` that a file cites exists, down to the
section number ("docs/domain.md section 9").

The files are those git knows: tracked, plus new ones not ignored, so a reference is
caught before it is committed.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# The design notes this project started from lived beside the repository; their
# content is now in docs/. Written as pieces so this file does not match itself.
OLD_NOTES = (
    "DOMAIN",
    "THREAT_MODEL",
    "API_CONTRACT",
    "ENGINEERING_NOTES",
    "HOUSE_STYLE",
)
OUTSIDE = re.compile(
    r"\.\./shared\b|\b(?:" + "|".join(OLD_NOTES) + r")\.md\b",
)
DOCS_REFERENCE = re.compile(r"(?<![\w/.-])docs/[\w./-]*?\.md\b")
# "docs/domain.md section 9", "docs/domain.md sections 4 and 9", also across a
# wrapped comment line.
SECTION_REFERENCE = re.compile(
    r"(?<![\w/.-])(docs/[\w-]+\.md),?[\s#*]+sections?[\s#*]+"
    r"(\d+(?:\.\d+)*(?:[\s#*]*(?:,|and)[\s#*]*\d+(?:\.\d+)*)*)"
)
MARKDOWN_LINK = re.compile(r"\]\(([^)\s]+)\)")
HEADING_NUMBER = re.compile(r"^#{2,6}\s+(\d+(?:\.\d+)*)\.?\s", re.MULTILINE)


def repository_files() -> list[Path]:
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git working tree")
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    paths = [ROOT / name for name in listed.split("\0") if name]
    return [path for path in paths if path.is_file()]


def text_files() -> Iterator[tuple[Path, str]]:
    for path in repository_files():
        data = path.read_bytes()
        if b"\0" in data[:8192]:
            continue
        yield path, data.decode("utf-8", errors="replace")


def line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def where(path: Path, text: str, offset: int) -> str:
    return f"{path.relative_to(ROOT)}:{line_of(text, offset)}"


def sections_of(page: Path) -> set[str]:
    return set(HEADING_NUMBER.findall(page.read_text(encoding="utf-8")))


def test_no_file_points_outside_the_repository() -> None:
    found = [
        f"{where(path, text, match.start())}: {match.group(0)}"
        for path, text in text_files()
        for match in OUTSIDE.finditer(text)
    ]
    assert not found, "outside the repository; cite docs/ instead:\n" + "\n".join(found)


def test_every_cited_docs_page_exists() -> None:
    missing = [
        f"{where(path, text, match.start())}: {match.group(0)}"
        for path, text in text_files()
        for match in DOCS_REFERENCE.finditer(text)
        if not (ROOT / match.group(0)).is_file()
    ]
    assert not missing, "no such page:\n" + "\n".join(missing)


def test_every_cited_docs_section_exists() -> None:
    missing = []
    for path, text in text_files():
        for match in SECTION_REFERENCE.finditer(text):
            page = ROOT / match.group(1)
            if not page.is_file():
                continue  # reported by test_every_cited_docs_page_exists
            numbers = re.findall(r"\d+(?:\.\d+)*", match.group(2))
            absent = set(numbers) - sections_of(page)
            if absent:
                missing.append(
                    f"{where(path, text, match.start())}: {match.group(1)} has no "
                    f"section {', '.join(sorted(absent))}"
                )
    assert not missing, "\n".join(missing)


def test_markdown_links_stay_inside_the_repository_and_resolve() -> None:
    broken = []
    for path, text in text_files():
        if path.suffix != ".md":
            continue
        for match in MARKDOWN_LINK.finditer(text):
            target = match.group(1).split("#", 1)[0]
            if (
                not target
                or re.match(r"^[a-z][a-z0-9+.-]*:", target)
                or target[0] == "/"
            ):
                continue  # a URL, an anchor on the same page, or a route of the app
            resolved = (path.parent / target).resolve()
            if not resolved.is_relative_to(ROOT) or not resolved.exists():
                broken.append(f"{where(path, text, match.start())}: {match.group(1)}")
    assert not broken, "broken or outside links:\n" + "\n".join(broken)


def test_the_docs_folder_holds_the_pages_the_project_cites() -> None:
    pages = {path.name for path in (ROOT / "docs").glob("*.md")}
    assert {
        "README.md",
        "domain.md",
        "threat-model.md",
        "api-contract.md",
        "architecture.md",
    } <= pages
    # Code and tests cite the rules of the domain by these section numbers.
    assert {str(n) for n in range(1, 11)} <= sections_of(ROOT / "docs" / "domain.md")
