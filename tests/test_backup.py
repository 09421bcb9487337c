"""scripts/backup and scripts/restore on the real PostgreSQL: restore into a new empty database and find every report.

The data is committed (a transactional test) so that pg_dump, another process, sees it. The
restore database is created for the test and always dropped at the end.
"""

from __future__ import annotations

import os
import subprocess
import uuid
from pathlib import Path

import psycopg2
import pytest
from django.db import connection

from evaluations.models import Evidence, Report
from tests import factories
from tests.test_review_data import add_indicators, attach_evidence, fill, open_cycle, report_of

ROOT = Path(__file__).resolve().parent.parent
pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def url_of(name: str) -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"


def admin_connection():  # type: ignore[no-untyped-def]
    db = connection.settings_dict
    conn = psycopg2.connect(
        dbname="postgres", user=db["USER"], host=db["HOST"], port=db["PORT"], password=db["PASSWORD"]
    )
    conn.autocommit = True
    return conn


def run(script: str, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(ROOT / "scripts" / script), *args],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def restore_db():
    name = f"monev_restore_{uuid.uuid4().hex[:12]}"
    admin = admin_connection()
    with admin.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        yield name
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


@pytest.fixture
def reports_with_evidence(settings):
    roadmap = factories.RoadmapFactory()
    cycle = None
    for number in range(3):
        unit = factories.UnitFactory(name=f"Dinas Cadangan {number}", slug=f"dinas-cadangan-{number}")
        officer = factories.OperatorFactory(username=f"operator.cadangan{number}", unit=unit)
        add_indicators(roadmap, unit, [(f"C{number}-01", "higher", "80", 1), (f"C{number}-02", "higher", "50", 2)])
        cycle = open_cycle(roadmap)
        report = report_of(unit, cycle)
        fill(report, officer, {f"C{number}-01": 70 + number, f"C{number}-02": 40})
        attach_evidence(report, officer, content=b"%PDF-1.4\n" + f"bukti unit {number} ".encode() * 50 + b"\n%%EOF\n")
    return {r.pk: r for r in Report.objects.all()}


def test_backup_then_restore_into_an_empty_database_finds_every_report_and_file(
    reports_with_evidence, restore_db, settings, tmp_path
):
    evidence = {e.file.name: Path(e.file.path).read_bytes() for e in Evidence.objects.all()}
    assert len(reports_with_evidence) == 3 and len(evidence) == 6

    backup = run(
        "backup",
        env={
            "DATABASE_URL": url_of(connection.settings_dict["NAME"]),
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "BACKUP_DIR": str(tmp_path / "backups"),
        },
    )
    assert backup.returncode == 0, backup.stderr
    folder = Path(backup.stdout.strip().splitlines()[-1])
    assert folder.parent == tmp_path / "backups" and folder.name.startswith("monev-")
    assert {p.name for p in folder.iterdir()} == {"db.dump", "media.tar.gz", "MANIFEST", "SHA256SUMS"}

    restored_media = tmp_path / "restored-media"
    target = {"DATABASE_URL": url_of(restore_db), "MEDIA_ROOT": str(restored_media)}
    restore = run("restore", str(folder), env=target)
    assert restore.returncode == 0, restore.stderr
    assert "restored: 3 reports, 6 files" in restore.stdout

    db = connection.settings_dict
    copy = psycopg2.connect(dbname=restore_db, user=db["USER"], host=db["HOST"], port=db["PORT"])
    try:
        with copy.cursor() as cursor:
            cursor.execute("SELECT id, status, unit_id FROM evaluations_report ORDER BY id")
            rows = cursor.fetchall()
            cursor.execute("SELECT file FROM evaluations_evidence ORDER BY id")
            files = [name for (name,) in cursor.fetchall()]
            cursor.execute("SELECT count(*) FROM evaluations_progress WHERE realisasi IS NOT NULL")
            (filled,) = cursor.fetchone()
    finally:
        copy.close()
    assert [(pk, status, unit) for pk, status, unit in rows] == [
        (r.pk, r.status, r.unit_id) for r in sorted(reports_with_evidence.values(), key=lambda r: r.pk)
    ]
    assert filled == 6
    assert sorted(files) == sorted(evidence)
    for name, content in evidence.items():
        assert (restored_media / name).read_bytes() == content

    # A second restore into the now non-empty database is refused, and nothing is touched.
    again = run("restore", str(folder), env={**target, "MEDIA_ROOT": str(tmp_path / "other-media")})
    assert again.returncode == 3 and "not empty" in again.stderr
    assert not (tmp_path / "other-media").exists()


def test_a_corrupt_backup_is_refused(reports_with_evidence, restore_db, settings, tmp_path):
    backup = run(
        "backup",
        env={
            "DATABASE_URL": url_of(connection.settings_dict["NAME"]),
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "BACKUP_DIR": str(tmp_path / "backups"),
        },
    )
    folder = Path(backup.stdout.strip())
    with (folder / "db.dump").open("r+b") as dump:
        dump.seek(100)
        dump.write(b"\x00" * 16)
    restore = run("restore", str(folder), env={"DATABASE_URL": url_of(restore_db), "MEDIA_ROOT": str(tmp_path / "m")})
    assert restore.returncode == 2 and "checksums" in restore.stderr
