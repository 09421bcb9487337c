"""Reference data of DESIGN.md: the eight change areas, the element aspects, the RB themes of Road Map RB 2020–2024.

The framework belongs to a road map (areas.services.framework): a road map gets these rows when it is created and
no other road map can serve as its template, and by `load_reference(roadmap)` (seed_demo, seed_scale, tests).
"""

from __future__ import annotations

from typing import Any

from django.apps import apps as global_apps

# (order, code, name, description) — Road Map RB 2020–2024, in this order.
CHANGE_AREAS: list[tuple[int, str, str, str]] = [
    (1, "MP", "Manajemen Perubahan", "Perubahan pola pikir dan budaya kerja aparatur."),
    (2, "DK", "Deregulasi Kebijakan", "Penataan dan harmonisasi peraturan perundang-undangan daerah."),
    (3, "PO", "Penataan Organisasi", "Organisasi yang tepat fungsi dan tepat ukuran."),
    (4, "PTL", "Penataan Tata Laksana", "Proses bisnis, SOP dan SPBE yang efektif dan efisien."),
    (5, "SDM", "Penataan SDM Aparatur", "Sistem merit dan ASN yang profesional."),
    (6, "AKU", "Penguatan Akuntabilitas", "Akuntabilitas kinerja (SAKIP) dan keuangan."),
    (7, "PWS", "Penguatan Pengawasan", "SPIP, kapabilitas APIP dan zona integritas."),
    (8, "PPL", "Peningkatan Kualitas Pelayanan Publik", "Pelayanan publik yang prima dan terukur."),
]

# (element, order, code, name) — PermenPANRB No. 3/2023: 6 hard and 2 soft aspects.
ELEMENT_ASPECTS: list[tuple[str, int, str, str]] = [
    ("hard", 1, "akuntabilitas", "Akuntabilitas"),
    ("hard", 2, "kelembagaan", "Kelembagaan"),
    ("hard", 3, "tata-laksana", "Tata Laksana"),
    ("hard", 4, "tata-kerja", "Tata Kerja"),
    ("hard", 5, "strategi", "Strategi"),
    ("hard", 6, "sistem-regulasi", "Sistem dan Regulasi"),
    ("soft", 1, "budaya", "Budaya"),
    ("soft", 2, "sdm", "Sumber Daya Manusia"),
]

# The two sasaran of PermenPANRB No. 3/2023, word for word (DESIGN.md).
ELEMENT_TARGETS = {
    "hard": "Terciptanya tata kelola pemerintahan digital yang efektif, lincah, dan kolaboratif",
    "soft": "Terciptanya budaya birokrasi BerAKHLAK dengan ASN yang profesional",
}

# (order, code, name, kind, description)
RB_THEMES: list[tuple[int, str, str, str, str]] = [
    (1, "general", "RB General", "general", "Tata kelola internal pemerintahan."),
    (2, "kemiskinan", "Pengentasan Kemiskinan", "tematik", ""),
    (3, "investasi", "Peningkatan Investasi", "tematik", ""),
    (4, "digitalisasi", "Digitalisasi Administrasi Pemerintahan", "tematik", ""),
    (
        5,
        "prioritas-presiden",
        "Percepatan Prioritas Aktual Presiden",
        "tematik",
        "Termasuk penggunaan produk dalam negeri dan pengendalian inflasi.",
    ),
]


def load_reference(roadmap: Any, apps: Any = None) -> None:
    """Give `roadmap` the reference framework: create or update its rows by code (idempotent).

    `apps` is a migration's app registry (then `roadmap` is that registry's row) or, by default, django.apps.
    Rows the admin added to the road map are left alone; the reference rows get back their names and order.
    """
    apps = apps or global_apps
    ChangeArea = apps.get_model("areas", "ChangeArea")
    ElementAspect = apps.get_model("areas", "ElementAspect")
    RbTheme = apps.get_model("areas", "RbTheme")
    for order, code, name, description in CHANGE_AREAS:
        ChangeArea.objects.update_or_create(
            roadmap=roadmap, code=code, defaults={"order": order, "name": name, "description": description}
        )
    for element, order, code, name in ELEMENT_ASPECTS:
        ElementAspect.objects.update_or_create(
            roadmap=roadmap, code=code, defaults={"element": element, "order": order, "name": name}
        )
    for order, code, name, kind, description in RB_THEMES:
        RbTheme.objects.update_or_create(
            roadmap=roadmap,
            code=code,
            defaults={"order": order, "name": name, "kind": kind, "description": description},
        )
