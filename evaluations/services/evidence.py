"""Bukti dukung: add and delete evidence files of a row: an indicator's (Progress), a rencana aksi's
(ActionProgress) or a recommendation's tindak lanjut (FollowUp); the same checks, the same lock and permission.

A file is accepted by what it *is*, not by what it is called: its first bytes (and, for the
Office formats, the zip directory) must say PDF, JPEG, PNG, XLSX or DOCX, and its extension
must agree. Office files are zips: they are inspected without being extracted (roadmap.office),
and refused when their directory promises a zip bomb or when they carry macros, whatever their
name. The user's file name is kept only as data.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import IO, Any

from django.conf import settings
from django.core.files.base import File
from django.db import transaction
from django.utils.translation import gettext as _

from evaluations.exceptions import ReportError, ReportLocked
from evaluations.models import ActionProgress, Evidence, FollowUp, Progress, today_wita
from evaluations.services.guards import lock_report_pk
from roadmap import numbers, office, permissions
from roadmap.models import User


class EvidenceRejected(ReportError):
    """A file was refused (size, type, content); `problems` names each refused file."""


@dataclass(frozen=True)
class FileKind:
    extension: str  # the canonical extension the stored file gets
    extensions: tuple[str, ...]  # the names the user's file may carry
    content_type: str
    inline: bool  # shown in the browser (preview) rather than downloaded


PDF = FileKind(".pdf", (".pdf",), "application/pdf", True)
JPEG = FileKind(".jpg", (".jpg", ".jpeg"), "image/jpeg", True)
PNG = FileKind(".png", (".png",), "image/png", True)
XLSX = FileKind(".xlsx", (".xlsx",), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", False)
DOCX = FileKind(".docx", (".docx",), "application/vnd.openxmlformats-officedocument.wordprocessingml.document", False)
KINDS = (PDF, JPEG, PNG, XLSX, DOCX)
INLINE_CONTENT_TYPES = frozenset(k.content_type for k in KINDS if k.inline)

# Zip-bomb guards, read from the zip's directory only (nothing is extracted): parts, declared
# uncompressed total, declared uncompressed / compressed per part and in total.
ZIP_LIMITS = office.ZipLimits(entries=5000, total=200 * 1024 * 1024, ratio=200)
OFFICE_KINDS = {"xlsx": XLSX, "docx": DOCX}
NAME_MAX_LENGTH = 255


def clean_original_name(name: str) -> str:
    """The user's file name without any path part or control character, at most 255 characters."""
    name = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip().strip(".")
    if not name:
        return "berkas"
    if len(name) > NAME_MAX_LENGTH:
        stem, dot, ext = name.rpartition(".")
        ext = ext[:10] if dot else ""
        name = (stem if dot else name)[: NAME_MAX_LENGTH - len(ext) - 1] + (f".{ext}" if ext else "")
    return name


def _extension(name: str) -> str:
    stem, dot, ext = name.rpartition(".")
    return f".{ext.lower()}" if dot and stem else ""


def detect_kind(handle: IO[bytes]) -> FileKind | None:
    """What the file is, by its content; None when it is none of the accepted kinds.

    Raises office.OfficeRefused for an Office zip that is a bomb or carries macros.
    """
    handle.seek(0)
    head = handle.read(16)
    handle.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"PK\x03\x04"):
        package = office.inspect(handle, ZIP_LIMITS)
        return OFFICE_KINDS.get(package.kind or "") if package else None
    return None


@dataclass(frozen=True)
class CheckedFile:
    upload: Any
    kind: FileKind
    original_name: str
    size: int


def check_file(uploaded_file: Any) -> CheckedFile:
    """Size, kind by content, and extension agreement of one upload; EvidenceRejected when refused."""
    name = clean_original_name(getattr(uploaded_file, "name", "") or "")
    size = int(getattr(uploaded_file, "size", 0) or 0)

    def refuse(reason: str) -> EvidenceRejected:
        message = _("%(name)s ditolak: %(reason)s") % {"name": name, "reason": reason}
        return EvidenceRejected(message, problems=[message])

    if size == 0:
        raise refuse(_("berkas kosong."))
    limit = settings.EVIDENCE_MAX_BYTES
    if size > limit:
        raise refuse(
            _("ukuran %(size)s MB melebihi batas %(limit)s MB.")
            % {
                "size": numbers.display(Decimal(size) / 1048576, 1),
                "limit": numbers.display(Decimal(limit) / 1048576, 1),
            }
        )
    try:
        kind = detect_kind(uploaded_file)
    except office.OfficeRefused as error:
        raise refuse(error.reason) from error
    if kind is None:
        raise refuse(_("hanya PDF, JPG, PNG, XLSX atau DOCX yang diterima (isi berkas tidak dikenali)."))
    if _extension(name) not in kind.extensions:
        raise refuse(
            _("nama berkas berakhiran %(ext)s, tetapi isinya %(kind)s.")
            % {"ext": _extension(name) or _("(tanpa akhiran)"), "kind": kind.extension.lstrip(".").upper()}
        )
    return CheckedFile(upload=uploaded_file, kind=kind, original_name=name, size=size)


Row = Progress | ActionProgress | FollowUp
# Evidence's foreign key to each kind of row.
ROW_FIELDS: dict[type[Row], str] = {Progress: "progress", ActionProgress: "action_progress", FollowUp: "follow_up"}


def _lock_editable(progress: Row, user: User, today: dt.date) -> Row:
    """Lock the report (so that Ajukan and an upload never interleave) and check who may change it."""
    report = lock_report_pk(progress.report_id)  # as every write to a report (services.guards)
    if not permissions.can_enter_data(user, report.unit_id):
        raise ReportLocked(_("Anda tidak berhak mengubah bukti dukung unit ini."))
    reason = report.lock_reason(today)
    if reason:
        raise ReportLocked(reason)
    progress.report = report
    return progress


def evidence_add_many(
    *, progress: Row, user: User, uploaded_files: Sequence[Any], today: dt.date | None = None
) -> list[Evidence]:
    """Add several files to a row (an indicator's, a rencana aksi's or a tindak lanjut's), all or nothing: one
    refused file refuses the request."""
    today = today or today_wita()
    checked: list[CheckedFile] = []
    problems: list[str] = []
    for upload in uploaded_files:
        try:
            checked.append(check_file(upload))
        except EvidenceRejected as error:
            problems.extend(error.problems)
    if problems:
        raise EvidenceRejected(_("Tidak ada berkas yang disimpan."), problems=problems)
    if not checked:
        raise EvidenceRejected(_("Pilih minimal satu berkas."), problems=[])
    stored: list[str] = []
    try:
        with transaction.atomic():
            _lock_editable(progress, user, today)
            created = []
            for item in checked:
                evidence = Evidence(**{ROW_FIELDS[type(progress)]: progress}, uploaded_by=user)
                keep_file(evidence, item, stored)
                created.append(evidence)
    except BaseException:
        storage = Evidence._meta.get_field("file").storage
        for name in stored:
            storage.delete(name)
        raise
    return created


def keep_file(row: Any, item: CheckedFile, stored: list[str]) -> None:
    """Store the checked file as `row`'s file (a bukti dukung: Evidence or StrategicEvidence) and write the row.

    The stored name is random (the model's upload_to); only the canonical extension is kept. It goes into
    `stored` before the row is written, so that the caller can remove the file when its transaction fails.
    """
    row.original_name, row.size, row.content_type = item.original_name, item.size, item.kind.content_type
    item.upload.seek(0)
    row.file.save(f"bukti{item.kind.extension}", File(item.upload), save=False)
    stored.append(row.file.name)
    row.save()


def evidence_add(*, progress: Row, user: User, uploaded_file: Any, today: dt.date | None = None) -> Evidence:
    """Add one bukti dukung file to a progress row of an editable report of the user's unit."""
    return evidence_add_many(progress=progress, user=user, uploaded_files=[uploaded_file], today=today)[0]


def evidence_delete(*, evidence: Evidence, user: User, today: dt.date | None = None) -> None:
    """Remove a file while the report is still editable; the stored file goes after commit."""
    today = today or today_wita()
    with transaction.atomic():
        row: Row = next(
            model.objects.get(pk=getattr(evidence, f"{field}_id"))
            for model, field in ROW_FIELDS.items()
            if getattr(evidence, f"{field}_id")
        )
        _lock_editable(row, user, today)
        name = evidence.file.name
        storage = evidence.file.storage
        evidence.delete()
        transaction.on_commit(lambda: storage.delete(name))
