"""Every link to a section of docs/ written in the code (`docs/performance.md#warm-dashboards`) finds it.

Benchmark figures live in docs/performance.md, a section per topic, and the code links to the section
(docs/architecture.md#where-a-thing-lives): a renamed heading must not leave the code pointing nowhere.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINK = re.compile(r"docs/([a-z0-9-]+\.md)(?:#([a-z0-9-]+))?")
SOURCES = ("roadmap", "areas", "evaluations", "dashboards", "exports", "api", "demo", "config", "templates", "bench")


def slug(heading: str) -> str:
    """GitHub's anchor of a Markdown heading: lower case, punctuation dropped, spaces to hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def anchors(doc: Path) -> set[str]:
    return {slug(line.lstrip("#")) for line in doc.read_text(encoding="utf-8").splitlines() if line.startswith("#")}


def links() -> list[tuple[str, str, str | None]]:
    found = []
    files = [ROOT / "README.md", *(ROOT / "docs").glob("*.md")]
    for folder in SOURCES:
        files += [p for p in (ROOT / folder).rglob("*") if p.suffix in {".py", ".html", ".jinja", ".txt"}]
    for path in files:
        for match in LINK.finditer(path.read_text(encoding="utf-8")):
            found.append((str(path.relative_to(ROOT)), match.group(1), match.group(2)))
    return found


def test_every_docs_link_finds_its_section():
    broken = []
    for source, doc, anchor in links():
        target = ROOT / "docs" / doc
        if not target.is_file():
            broken.append(f"{source}: docs/{doc} does not exist")
        elif anchor and anchor not in anchors(target):
            broken.append(f"{source}: docs/{doc} has no section #{anchor}")
    assert broken == []


def test_slug_is_githubs():
    assert slug("Jinja2 for the long lists") == "jinja2-for-the-long-lists"
    assert slug("Why the code is as it is, by topic") == "why-the-code-is-as-it-is-by-topic"
    assert slug("`config/` — the project shell") == "config--the-project-shell"
