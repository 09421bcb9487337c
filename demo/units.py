"""The perangkat daerah of Kabupaten Penajam Paser Utara (DESIGN.md) and the demo users.

BKPSDM is the body the seed article calls BPSDM (its head, Ahmad Usman, is called Kepala BKPSDM by a
2024 source): one unit, not two. The name the interface uses for it is settings.VERIFIER_UNIT_NAME.
The heads of the other units are placeholders ("Kepala Dinkes"): the demo names no real person but him.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.hashers import make_password

from demo.rows import upsert
from roadmap.models import Role, Unit, UnitKind, User

DEMO_PASSWORD = "demo12345"  # noqa: S105 - documented demo-only password
DEMO_EMAIL_DOMAIN = "demo.ppukab.go.id"
VERIFIER_USERNAME = "bpsdm"  # the demo's Verifikator keeps the name every guide and test knows

# (slug, short name, full name, kind)
UNITS: list[tuple[str, str, str, str]] = [
    ("setda", "Setda (Bagian Organisasi)", "Sekretariat Daerah (Bagian Organisasi)", UnitKind.SEKRETARIAT),
    ("setwan", "Setwan", "Sekretariat DPRD", UnitKind.SEKRETARIAT),
    ("inspektorat", "Inspektorat", "Inspektorat Daerah", UnitKind.INSPEKTORAT),
    ("bapelitbang", "Bapelitbang", "Badan Perencanaan Pembangunan, Penelitian dan Pengembangan Daerah", UnitKind.BADAN),
    ("bpkad", "BPKAD", "Badan Pengelolaan Keuangan dan Aset Daerah", UnitKind.BADAN),
    ("bapenda", "Bapenda", "Badan Pendapatan Daerah", UnitKind.BADAN),
    ("bkpsdm", "BKPSDM", "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", UnitKind.BADAN),
    ("bpbd", "BPBD", "Badan Penanggulangan Bencana Daerah", UnitKind.BADAN),
    ("kesbangpol", "Kesbangpol", "Badan Kesatuan Bangsa dan Politik", UnitKind.BADAN),
    ("disdikbud", "Disdikbud", "Dinas Pendidikan dan Kebudayaan", UnitKind.DINAS),
    ("dinkes", "Dinkes", "Dinas Kesehatan", UnitKind.DINAS),
    ("rsud-rapb", "RSUD RAPB", "RSUD Ratu Aji Putri Botung", UnitKind.RSUD),
    ("dpupr", "Dinas PUPR", "Dinas Pekerjaan Umum dan Penataan Ruang", UnitKind.DINAS),
    ("dishub", "Dishub", "Dinas Perhubungan", UnitKind.DINAS),
    ("dinsos", "Dinsos", "Dinas Sosial", UnitKind.DINAS),
    ("dlh", "DLH", "Dinas Lingkungan Hidup", UnitKind.DINAS),
    ("disdukcapil", "Disdukcapil", "Dinas Kependudukan dan Pencatatan Sipil", UnitKind.DINAS),
    ("dpmptsp", "DPMPTSP", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", UnitKind.DINAS),
    ("diskominfo", "Diskominfo", "Dinas Komunikasi dan Informatika", UnitKind.DINAS),
    (
        "diskop-ukm-perindag",
        "Diskop UKM Perindag",
        "Dinas Koperasi UKM Perindustrian dan Perdagangan",
        UnitKind.DINAS,
    ),
    ("disnakertrans", "Disnakertrans", "Dinas Tenaga Kerja dan Transmigrasi", UnitKind.DINAS),
    ("satpol-pp", "Satpol PP", "Satuan Polisi Pamong Praja", UnitKind.LAINNYA),
    ("kec-penajam", "Kec. Penajam", "Kecamatan Penajam", UnitKind.KECAMATAN),
    ("kec-waru", "Kec. Waru", "Kecamatan Waru", UnitKind.KECAMATAN),
    ("kec-babulu", "Kec. Babulu", "Kecamatan Babulu", UnitKind.KECAMATAN),
    ("kec-sepaku", "Kec. Sepaku", "Kecamatan Sepaku", UnitKind.KECAMATAN),
]

HEADS = {"bkpsdm": "Ahmad Usman"}  # Kepala BKPSDM PPU: the seed article's "Kepala BPSDM"

# Earlier versions of the demo listed the same body twice ("bpsdm" beside "bkpsdm").
RETIRED_UNIT_SLUGS = ("bpsdm",)


def seed_units() -> list[Unit]:
    units = []
    for slug, short, name, kind in UNITS:
        units.append(
            upsert(
                Unit,
                {"slug": slug},
                {
                    "name": name,
                    "short_name": short,
                    "kind": kind,
                    "head_name": HEADS.get(slug, f"Kepala {short}"),
                    "head_email": f"kepala.{slug}@{DEMO_EMAIL_DOMAIN}",
                    "contact_email": f"{slug}@{DEMO_EMAIL_DOMAIN}",
                    "is_active": True,
                },
            )
        )
    setda = next(u for u in units if u.slug == "setda")
    for unit in units:
        if unit.kind == UnitKind.KECAMATAN and unit.parent_id != setda.pk:
            unit.parent = setda
            unit.save(update_fields=["parent"])
    return units


def _seed_user(username: str, *, password_hash: str, **values: object) -> User:
    user = upsert(User, {"username": username}, {"is_active": True, **values})
    if not user.password:
        # One hash for every demo account: hashing 30 passwords one by one takes many seconds.
        User.objects.filter(pk=user.pk).update(password=password_hash)
    return user


def seed_users(units: list[Unit], *, reset_passwords: bool = False) -> dict[str, User]:
    """admin, bpsdm (Verifikator), pimpinan and one Operator Unit per unit: operator.<slug>."""
    password_hash = make_password(DEMO_PASSWORD)
    if reset_passwords:
        User.objects.filter(username__in=demo_usernames(units)).update(password=password_hash)
    staff = [
        ("admin", Role.ADMIN, "Admin Monev RB", "admin", True),
        (VERIFIER_USERNAME, Role.VERIFIKATOR, f"Verifikator {settings.VERIFIER_UNIT_NAME}", "verifikator", False),
        ("pimpinan", Role.PIMPINAN, "Pimpinan", "pimpinan", False),
    ]
    users = {}
    for username, role, first_name, mailbox, is_staff in staff:
        users[username] = _seed_user(
            username,
            password_hash=password_hash,
            role=role,
            unit=None,
            first_name=first_name,
            email=f"{mailbox}@{DEMO_EMAIL_DOMAIN}",
            is_staff=is_staff,
            is_superuser=is_staff,
        )
    for unit in units:
        username = f"operator.{unit.slug}"
        users[username] = _seed_user(
            username,
            password_hash=password_hash,
            role=Role.OPERATOR,
            unit=unit,
            first_name=f"Operator {unit.short_name}",
            email=f"{username}@{DEMO_EMAIL_DOMAIN}",
            is_staff=False,
            is_superuser=False,
        )
    return users


def demo_usernames(units: list[Unit]) -> list[str]:
    return ["admin", VERIFIER_USERNAME, "pimpinan", *(f"operator.{u.slug}" for u in units)]
