"""Office files (XLSX, DOCX) looked at without extracting anything: zip-bomb guards and macros.

Evidence uploads (evaluations.services.evidence) and the XLSX import (exports.importer) run `inspect` before
anything else reads the file. It reads the zip's central directory and one small part, [Content_Types].xml
(at most CONTENT_TYPES_MAX bytes, parsed with defusedxml: no entities, no external references):

- Zip bombs, three guards, each enough on its own: more than `ZipLimits.entries` parts; a declared
  uncompressed total above `ZipLimits.total`; a part, or the whole file, declaring more than `ZipLimits.ratio`
  times its compressed size. The sizes are those the directory declares: a part that inflates to more never
  gets further, because zipfile stops a part at its declared size and then fails its CRC.
- Macros, whatever the file is called: a VBA project part (xl/vbaProject.bin, word/vbaProject.bin, Word's
  vbaData.xml, their signatures), Excel 4 macro sheets, ActiveX controls, or a macro-enabled or VBA content
  type anywhere in [Content_Types].xml (application/vnd.ms-excel.sheet.macroEnabled.main+xml,
  application/vnd.ms-word.document.macroEnabled.main+xml, application/vnd.ms-office.vbaProject, …).

Every refusal is an OfficeRefused with an Indonesian reason and a code (`entries`, `total`, `ratio`, `macros`).
A file that is no readable Office package at all (not a zip, no or unreadable [Content_Types].xml) is None,
not a refusal: each caller has its own words for "not an XLSX".

Not covered: embedded OLE objects (word/embeddings/oleObject1.bin) and links to outside files, which Office
asks about before it opens them; the XML of the other parts, which their reader parses (openpyxl with
defusedxml, see exports.importer).
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from typing import IO

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring
from django.utils.translation import gettext as _

from roadmap import numbers

CONTENT_TYPES_XML = "[Content_Types].xml"
CONTENT_TYPES_MAX = 1024 * 1024  # a real one is a few kB; thousands of parts make a few hundred
MACRO_PARTS = frozenset(
    {
        "vbaproject.bin",
        "vbaprojectsignature.bin",
        "vbaprojectsignatureagile.bin",
        "vbaprojectsignaturev3.bin",
        "vbadata.xml",
    }
)
MACRO_FOLDERS = ("/macrosheets/", "/activex/")
MACRO_CONTENT_TYPES = ("macroenabled", "vbaproject", "vbadata", "macrosheet", "activex")
_UNREADABLE = (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError, NotImplementedError)


@dataclass(frozen=True)
class ZipLimits:
    entries: int  # parts in the zip
    total: int  # declared uncompressed bytes of all parts
    ratio: int  # declared uncompressed / compressed, of each part and of the whole


class OfficeRefused(Exception):
    """The file is refused; `reason` says why (Indonesian, lower case, to follow "X ditolak: ")."""

    def __init__(self, reason: str, code: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.code = code


@dataclass(frozen=True)
class Package:
    names: frozenset[str]
    content_types: tuple[str, ...]  # every ContentType in [Content_Types].xml, lower case

    @property
    def kind(self) -> str | None:
        """The kind, "xlsx", "docx" or None: what the main part's content type and its folder say."""
        if any("spreadsheetml" in ct for ct in self.content_types) and any(n.startswith("xl/") for n in self.names):
            return "xlsx"
        if any("wordprocessingml" in ct for ct in self.content_types) and any(
            n.startswith("word/") for n in self.names
        ):
            return "docx"
        return None

    @property
    def has_macros(self) -> bool:
        for name in self.names:
            lower = "/" + name.lower()
            if lower.rsplit("/", 1)[-1] in MACRO_PARTS or any(folder in lower for folder in MACRO_FOLDERS):
                return True
        return any(marker in ct for ct in self.content_types for marker in MACRO_CONTENT_TYPES)


def _check_bomb(entries: list[zipfile.ZipInfo], limits: ZipLimits) -> None:
    if len(entries) > limits.entries:
        raise OfficeRefused(
            _("berkas berisi terlalu banyak bagian (lebih dari %(n)s).") % {"n": numbers.display(limits.entries, 0)},
            code="entries",
        )
    total = sum(e.file_size for e in entries)
    if total > limits.total:
        raise OfficeRefused(
            _("isinya bila dibuka lebih dari %(mb)s MB (zip bomb).")
            % {"mb": numbers.display(limits.total / (1024 * 1024), 0)},
            code="total",
        )
    packed = sum(e.compress_size for e in entries)
    dense = any(e.file_size > limits.ratio * max(e.compress_size, 1) for e in entries)
    if dense or total > limits.ratio * max(packed, 1):
        raise OfficeRefused(_("berkas terkompresi secara mencurigakan (zip bomb)."), code="ratio")


def _content_types(data: bytes) -> tuple[str, ...] | None:
    try:
        root = fromstring(data)
    except (ParseError, DefusedXmlException, ValueError):
        return None
    return tuple(ct.lower() for element in root.iter() if (ct := element.get("ContentType")))


def inspect(handle: IO[bytes], limits: ZipLimits) -> Package | None:
    """The Office package in `handle` (read from the start, left at the start); None when it is none.

    Raises OfficeRefused for a zip bomb (before any part is read) or for macros.
    """
    handle.seek(0)
    try:
        with zipfile.ZipFile(handle) as archive:
            entries = archive.infolist()
            _check_bomb(entries, limits)
            names = frozenset(e.filename for e in entries)
            info = next((e for e in entries if e.filename == CONTENT_TYPES_XML), None)
            if info is None or info.file_size > CONTENT_TYPES_MAX:
                return None
            data = archive.read(info)
    except _UNREADABLE:
        return None
    finally:
        handle.seek(0)
    content_types = _content_types(data)
    if content_types is None:
        return None
    package = Package(names=names, content_types=content_types)
    if package.has_macros:
        raise OfficeRefused(
            _("berkas berisi makro (VBA) atau kontrol ActiveX; simpan sebagai berkas Office biasa tanpa makro."),
            code="macros",
        )
    return package
