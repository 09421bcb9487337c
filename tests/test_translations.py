"""The English catalogue is complete, and the interface really switches to English.

The .po file is read with a small parser of our own (no extra dependency). The page test
needs the compiled .mo file: `make test` runs compilemessages first; by hand run
`python manage.py compilemessages --ignore=.venv --ignore=node_modules`.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

PO_FILE = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"%\([A-Za-z_][A-Za-z0-9_]*\)[sd]|%[sd]")


@dataclass
class Entry:
    line: int
    flags: set[str] = field(default_factory=set)
    fields: dict[str, str] = field(default_factory=dict)  # msgctxt, msgid, msgid_plural, msgstr, msgstr[0], ...

    @property
    def msgstrs(self) -> list[str]:
        return [v for k, v in self.fields.items() if k.startswith("msgstr")]


def parse_po(text: str) -> list[Entry]:
    """Entries of a .po file; obsolete (#~) entries are skipped."""
    entries: list[Entry] = []
    current: Entry | None = None
    key: str | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#~"):
            if not line:
                current, key = None, None
            continue
        if current is None:
            current = Entry(line=number)
            entries.append(current)
        if line.startswith("#,"):
            current.flags |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            assert key is not None, f"line {number}: continuation without a keyword"
            current.fields[key] += ast.literal_eval(line)
        else:
            key, _, value = line.partition(" ")
            current.fields[key] = ast.literal_eval(value)
    return entries


@pytest.fixture(scope="module")
def catalogue() -> list[Entry]:
    assert PO_FILE.exists(), f"{PO_FILE} is missing; run makemessages -l en"
    return parse_po(PO_FILE.read_text(encoding="utf-8"))


def _messages(catalogue: list[Entry]) -> list[Entry]:
    return [e for e in catalogue if e.fields.get("msgid", "") != ""]


def test_catalogue_has_messages(catalogue):
    assert len(_messages(catalogue)) > 100


def test_no_fuzzy_entries(catalogue):
    fuzzy = [e.fields.get("msgid") or "(header)" for e in catalogue if "fuzzy" in e.flags]
    assert not fuzzy, f"fuzzy entries (ignored by gettext) in {PO_FILE.name}: {fuzzy}"


def test_every_message_is_translated(catalogue):
    untranslated = [e.fields["msgid"] for e in _messages(catalogue) if not e.msgstrs or not all(e.msgstrs)]
    assert not untranslated, f"untranslated entries in {PO_FILE.name}: {untranslated}"


def test_plural_entries_have_both_forms(catalogue):
    plurals = [e for e in _messages(catalogue) if "msgid_plural" in e.fields]
    for entry in plurals:
        assert {"msgstr[0]", "msgstr[1]"} <= entry.fields.keys(), entry.fields["msgid"]


def test_placeholders_are_kept(catalogue):
    for entry in _messages(catalogue):
        expected = sorted(PLACEHOLDER.findall(entry.fields["msgid"]))
        for english in entry.msgstrs:
            assert sorted(PLACEHOLDER.findall(english)) == expected, (entry.fields["msgid"], english)


def test_parser_reads_multiline_and_plural_entries():
    sample = (
        'msgid ""\nmsgstr ""\n"Language: en\\n"\n\n'
        '#, fuzzy, python-format\nmsgid ""\n"Dua "\n"baris"\nmsgstr "Two lines"\n\n'
        'msgid "%(n)s hari"\nmsgid_plural "%(n)s hari"\nmsgstr[0] "%(n)s day"\nmsgstr[1] ""\n\n'
        '#~ msgid "lama"\n#~ msgstr ""\n'
    )
    header, multiline, plural = parse_po(sample)
    assert header.fields["msgstr"] == "Language: en\n"
    assert multiline.fields["msgid"] == "Dua baris" and "fuzzy" in multiline.flags
    assert plural.msgstrs == ["%(n)s day", ""]


@pytest.mark.django_db
def test_officer_pages_render_in_english(client, officer_a):
    client.force_login(officer_a)
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302

    body = client.get(reverse("home_operator")).content.decode()
    hint = "English not rendered; is locale/en/LC_MESSAGES/django.mo compiled?"
    for english in ("Home", "Quarterly Reports", "Dashboard", "Sign out", "Change password", "Unit Officer"):
        assert english in body, f"{english!r} missing. {hint}"
    for indonesian in ("Beranda", "Laporan Triwulan", "Keluar", "Ganti kata sandi"):
        assert indonesian not in body, f"{indonesian!r} still shown in English mode"

    body = client.get(reverse("evaluations:report_list")).content.decode()
    assert "Quarterly Reports" in body and "Laporan Triwulan" not in body


@pytest.mark.django_db
def test_indonesian_stays_the_default(client, officer_a):
    client.force_login(officer_a)
    body = client.get(reverse("home_operator")).content.decode()
    assert "Beranda" in body and "Keluar" in body
    assert "Sign out" not in body
