"""The yearly results BPSDM enters: the road map's sasaran realised (with evidence) and the Indeks RB of
KemenPANRB's evaluation (with its LHE). Verifikator and Admin only (roadmap.permissions.can_enter_yearly_results).

Each write is all or nothing: every value and file is checked first, then the rows are locked, their optimistic
`version` compared and written in one transaction; a refused request saves nothing and removes the files it had
stored. What is not covered here: the LHE's recommendations and their follow-up (another module).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from django.core.files.base import File
from django.core.files.storage import Storage
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from areas.models import StrategicIndicator
from evaluations.exceptions import InvalidEntry, NotAllowed, StaleEdit
from evaluations.models import (
    TEMATIK_MAX,
    RbEvaluation,
    StrategicEvidence,
    StrategicRealisation,
    today_wita,
)
from evaluations.services.evidence import CheckedFile, EvidenceRejected, check_file, keep_file
from roadmap import permissions
from roadmap.models import Roadmap, User

MAX_FILES = 10  # per indicator and request, as on the report form
NOTE_MAX_LENGTH = 5000
GENERAL_MAX = Decimal(100)


def _allowed(user: User) -> None:
    if not permissions.can_enter_yearly_results(user):
        raise NotAllowed(_("Hanya Verifikator dan Admin yang dapat mengisi hasil tahunan road map."))


def _check_files(uploads: Sequence[Any]) -> list[CheckedFile]:
    """Every file through the evidence guard; one refused file refuses the request, naming each."""
    checked: list[CheckedFile] = []
    problems: list[str] = []
    for upload in uploads:
        try:
            checked.append(check_file(upload))
        except EvidenceRejected as error:
            problems.extend(error.problems)
    if problems:
        raise EvidenceRejected(_("Tidak ada yang disimpan: ada berkas yang ditolak."), problems=problems)
    return checked


def _discard(storage: Storage, names: list[str]) -> None:
    for name in names:
        storage.delete(name)


# --- sasaran road map ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RealisationInput:
    """One indicator's line of the year's form: the value, the note, the version it was loaded at, new files."""

    indicator_id: int
    value: Decimal | None
    note: str = ""
    version: int = 0
    files: Sequence[Any] = field(default_factory=tuple)


def strategic_realisations_save(
    *, user: User, roadmap: Roadmap, year: int, rows: Sequence[RealisationInput]
) -> list[StrategicRealisation]:
    """Save the year's realisation of the road map's sasaran indicators; returns the rows written.

    A line equal to what is stored (and without files) is left alone; any other line must name the version it
    was loaded at, or nothing is saved and StaleEdit names the indicators (no one's entry is lost unseen).
    """
    _allowed(user)
    if year not in roadmap.years:
        raise InvalidEntry(
            _("Tahun %(year)s di luar masa road map %(start)s–%(end)s.")
            % {"year": year, "start": roadmap.start_year, "end": roadmap.end_year}
        )
    ids = [row.indicator_id for row in rows]
    if len(set(ids)) != len(ids):
        raise InvalidEntry(_("Satu indikator sasaran dikirim lebih dari sekali."))
    indicators = {i.pk: i for i in StrategicIndicator.objects.filter(strategic_target__roadmap=roadmap, pk__in=ids)}
    if len(indicators) != len(ids):
        raise InvalidEntry(_("Ada indikator yang bukan indikator sasaran road map ini."))
    problems: list[str] = []
    for row in rows:
        name = indicators[row.indicator_id].name
        if row.value is not None and row.value < 0:
            problems.append(_("%(name)s: realisasi tidak boleh negatif.") % {"name": name})
        if len(row.note) > NOTE_MAX_LENGTH:
            problems.append(
                _("%(name)s: keterangan paling banyak %(n)s karakter.") % {"name": name, "n": NOTE_MAX_LENGTH}
            )
        if len(row.files) > MAX_FILES:
            problems.append(_("%(name)s: paling banyak %(n)s berkas sekaligus.") % {"name": name, "n": MAX_FILES})
    if problems:
        raise InvalidEntry(_("Tidak ada yang disimpan: periksa isian berikut."), problems=problems)
    files = {row.indicator_id: _check_files(row.files) for row in rows}

    storage = StrategicEvidence._meta.get_field("file").storage
    stored: list[str] = []
    try:
        with transaction.atomic():
            # The row lock keeps the version check sound against a second save of the same year at once.
            current = {
                r.indicator_id: r
                for r in StrategicRealisation.objects.select_for_update().filter(indicator_id__in=ids, year=year)
            }
            changed = [
                row
                for row in rows
                if files[row.indicator_id]
                or (
                    (current[row.indicator_id].value, current[row.indicator_id].note)
                    if row.indicator_id in current
                    else (None, "")
                )
                != (row.value, row.note)
            ]
            stale = [
                indicators[row.indicator_id].name
                for row in changed
                if (current[row.indicator_id].version if row.indicator_id in current else 0) != row.version
            ]
            if stale:
                raise StaleEdit(
                    _(
                        "Tidak ada yang disimpan: realisasi %(names)s sudah diubah orang lain sejak halaman ini "
                        "dibuka. Muat ulang halaman, periksa angkanya, lalu simpan lagi."
                    )
                    % {"names": ", ".join(stale)}
                )
            written = []
            for row in changed:
                realisation = current.get(row.indicator_id) or StrategicRealisation(
                    indicator=indicators[row.indicator_id], year=year
                )
                realisation.value = row.value
                realisation.note = row.note
                realisation.updated_by = user
                realisation.version += 1 if realisation.pk else 0
                realisation._history_user = user  # Riwayat names who, outside a request too (simple-history)
                realisation.save()
                for item in files[row.indicator_id]:
                    keep_file(StrategicEvidence(realisation=realisation, uploaded_by=user), item, stored)
                written.append(realisation)
    except IntegrityError:
        # Someone created the same year's row between our read and our insert: theirs stands.
        _discard(storage, stored)
        raise StaleEdit(
            _("Tidak ada yang disimpan: realisasi tahun ini baru saja diisi orang lain. Muat ulang halaman.")
        ) from None
    except BaseException:
        _discard(storage, stored)
        raise
    return written


def strategic_evidence_delete(*, user: User, evidence: StrategicEvidence, version: int | None) -> None:
    """Remove a sasaran's evidence file, when the line is still at the `version` the page showed (a file is part of
    the line: its removal is a change, the line's version goes up); the stored file goes after commit."""
    _allowed(user)
    with transaction.atomic():
        realisation = StrategicRealisation.objects.select_for_update().get(pk=evidence.realisation_id)
        if version is None or realisation.version != version:
            raise StaleEdit(
                _(
                    "Bukti dukung tidak dihapus: realisasi %(name)s sudah berubah sejak halaman ini dibuka. "
                    "Muat ulang halaman."
                )
                % {"name": realisation.indicator.name}
            )
        realisation.version += 1
        realisation.updated_by = user
        realisation._history_user = user
        realisation.save(update_fields=["version", "updated_by", "updated_at"])
        name = evidence.file.name
        storage = evidence.file.storage
        evidence.delete()
        transaction.on_commit(lambda: storage.delete(name))


# --- Indeks RB ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RbEvaluationInput:
    year: int
    general_value: Decimal | None
    tematik_value: Decimal | None = None
    lhe_number: str = ""
    lhe_date: dt.date | None = None
    notes: str = ""
    version: int = 0
    document: Any | None = None  # a new LHE file (replaces the stored one)


def roadmap_of_year(year: int) -> Roadmap | None:
    """The road map an evaluation year belongs to: the one whose years hold it (the active one first)."""
    return (
        Roadmap.objects.filter(start_year__lte=year, end_year__gte=year).order_by("-is_active", "-start_year").first()
    )


def _check_evaluation(data: RbEvaluationInput, today: dt.date) -> list[str]:
    problems = []
    if data.year > today.year:
        problems.append(
            _("Tahun %(year)s belum dievaluasi: paling akhir tahun %(now)s.") % {"year": data.year, "now": today.year}
        )
    if data.general_value is None:
        problems.append(_("Nilai RB General wajib diisi."))
    elif not 0 <= data.general_value <= GENERAL_MAX:
        problems.append(_("Nilai RB General harus 0 sampai 100."))
    if data.tematik_value is not None and not 0 <= data.tematik_value <= TEMATIK_MAX:
        problems.append(_("Nilai RB Tematik harus 0 sampai %(max)s.") % {"max": TEMATIK_MAX})
    if data.lhe_date and data.lhe_date > today:
        problems.append(_("Tanggal LHE tidak boleh setelah hari ini."))
    if len(data.lhe_number) > RbEvaluation._meta.get_field("lhe_number").max_length:
        problems.append(_("Nomor LHE terlalu panjang."))
    if len(data.notes) > NOTE_MAX_LENGTH:
        problems.append(_("Catatan paling banyak %(n)s karakter.") % {"n": NOTE_MAX_LENGTH})
    return problems


def rb_evaluation_save(
    *, user: User, data: RbEvaluationInput, evaluation: RbEvaluation | None = None, today: dt.date | None = None
) -> RbEvaluation:
    """Record a year's Indeks RB (evaluation None) or change it (its year stays); the LHE file through the
    evidence guard, the replaced file removed after commit."""
    _allowed(user)
    today = today or today_wita()
    year = evaluation.year if evaluation is not None else data.year
    data = replace(data, year=year)
    problems = _check_evaluation(data, today)
    roadmap = roadmap_of_year(year)
    if roadmap is None:
        problems.append(_("Tidak ada road map yang mencakup tahun %(year)s.") % {"year": year})
    if problems:
        raise InvalidEntry(_("Tidak ada yang disimpan: periksa isian berikut."), problems=problems)
    document = _check_files([data.document])[0] if data.document is not None else None

    storage = RbEvaluation._meta.get_field("document").storage
    stored: list[str] = []
    try:
        with transaction.atomic():
            if evaluation is None:
                if RbEvaluation.objects.filter(year=year).exists():
                    raise InvalidEntry(_("Hasil evaluasi RB tahun %(year)s sudah ada: ubah yang itu.") % {"year": year})
                row = RbEvaluation(year=year)
            else:
                row = RbEvaluation.objects.select_for_update().get(pk=evaluation.pk)
                if row.version != data.version:
                    raise StaleEdit(
                        _(
                            "Tidak ada yang disimpan: hasil evaluasi RB tahun %(year)s sudah diubah orang lain "
                            "sejak halaman ini dibuka. Muat ulang halaman, lalu simpan lagi."
                        )
                        % {"year": year}
                    )
                row.version += 1
            old_document = row.document.name if row.document else ""
            row.roadmap = roadmap
            row.general_value = data.general_value
            row.tematik_value = data.tematik_value
            row.lhe_number = data.lhe_number.strip()
            row.lhe_date = data.lhe_date
            row.notes = data.notes
            row.updated_by = user
            if document is not None:
                document.upload.seek(0)
                row.document.save(f"lhe{document.kind.extension}", File(document.upload), save=False)
                stored.append(row.document.name)
                row.document_name = document.original_name
                if old_document:
                    transaction.on_commit(lambda: storage.delete(old_document))
            row._history_user = user  # Riwayat names who, outside a request too (simple-history)
            row.save()
    except IntegrityError:
        _discard(storage, stored)
        raise InvalidEntry(
            _("Hasil evaluasi RB tahun %(year)s baru saja dicatat orang lain. Muat ulang halaman.") % {"year": year}
        ) from None
    except BaseException:
        _discard(storage, stored)
        raise
    return row
