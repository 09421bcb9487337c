"""The road map core: road maps, units (perangkat daerah) and users with their role."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from roadmap.ops import JobRun, OutboxMessage  # noqa: F401 - registered with this app (outbox, job runs)


class Roadmap(models.Model):
    name = models.CharField(_("nama"), max_length=200)
    start_year = models.PositiveSmallIntegerField(_("tahun awal"))
    end_year = models.PositiveSmallIntegerField(_("tahun akhir"))
    legal_basis = models.CharField(_("dasar hukum"), max_length=300, blank=True)
    is_active = models.BooleanField(_("aktif"), default=False)

    class Meta:
        verbose_name = _("road map")
        verbose_name_plural = _("road map")
        ordering = ["-start_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_active"],
                condition=Q(is_active=True),
                name="roadmap_at_most_one_active",
                violation_error_message=_("Hanya satu road map yang boleh aktif."),
            ),
            models.CheckConstraint(
                condition=Q(end_year__gte=models.F("start_year")),
                name="roadmap_years_in_order",
                violation_error_message=_("Tahun akhir tidak boleh sebelum tahun awal."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def years(self) -> range:
        return range(self.start_year, self.end_year + 1)

    def contains_year(self, year: int) -> bool:
        return self.start_year <= year <= self.end_year


class UnitKind(models.TextChoices):
    SEKRETARIAT = "sekretariat", _("Sekretariat")
    DINAS = "dinas", _("Dinas")
    BADAN = "badan", _("Badan")
    INSPEKTORAT = "inspektorat", _("Inspektorat")
    KECAMATAN = "kecamatan", _("Kecamatan")
    KELURAHAN = "kelurahan", _("Kelurahan")
    RSUD = "rsud", _("RSUD")
    LAINNYA = "lainnya", _("Lainnya")


class UnitQuerySet(models.QuerySet["Unit"]):
    def active(self) -> UnitQuerySet:
        return self.filter(is_active=True)


class Unit(models.Model):
    """A perangkat daerah (OPD): dinas, badan, kecamatan, RSUD …"""

    name = models.CharField(_("nama"), max_length=200, unique=True)
    short_name = models.CharField(_("singkatan"), max_length=60)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    kind = models.CharField(_("jenis"), max_length=20, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("unit induk"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    head_name = models.CharField(_("nama kepala"), max_length=200, blank=True)
    head_email = models.EmailField(_("email kepala"), blank=True)
    contact_email = models.EmailField(_("email kontak"), blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("perangkat daerah")
        verbose_name_plural = _("perangkat daerah")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.short_name or self.name

    def clean(self) -> None:
        if self.parent_id and self.parent_id == self.pk:
            raise ValidationError({"parent": _("Unit tidak boleh menjadi induk dirinya sendiri.")})


class Role(models.TextChoices):
    OPERATOR = "operator", _("Operator Unit")
    VERIFIKATOR = "verifikator", _("Verifikator BPSDM")
    ADMIN = "admin", _("Admin")
    PIMPINAN = "pimpinan", _("Pimpinan")


# Left out of the users' history: the password hash is not copied to a second table, and a sign-in (last_login,
# saved alone at every login) is no change of the account; the audit log records sign-ins.
USER_HISTORY_EXCLUDED = ("password", "last_login")
BULK_CHANGE_REASON = "Perubahan massal"  # the history's reason of a row written by update() or bulk_create()


class UserHistory(HistoricalRecords):
    """simple-history of the users, without a record for a save that touches only the excluded fields."""

    def post_save(self, instance: Any, created: bool, using: str | None = None, **kwargs: Any) -> None:
        update_fields = kwargs.get("update_fields")
        if not created and update_fields and set(update_fields) <= set(USER_HISTORY_EXCLUDED):
            return
        super().post_save(instance, created, using=using, **kwargs)


class UserQuerySet(models.QuerySet["User"]):
    """Writes that send no signal still leave a history record, so that a role or unit change made in a shell,
    a command or a bulk update is recorded like one made in the admin (simple-history listens to post_save only).

    Covered: Model.save() (admin, shell, commands, createsuperuser), QuerySet.update() and bulk_update() (which
    ends in update()), bulk_create() and delete(). Not covered: raw SQL and dbshell, loaddata (raw saves), and
    data migrations, whose historical models do not use this queryset.
    """

    def update(self, **kwargs: Any) -> int:
        if not set(kwargs) - set(USER_HISTORY_EXCLUDED):
            return super().update(**kwargs)
        with transaction.atomic(using=self.db):
            # The rows are read (and locked) before the update, which may change what the filter matches.
            pks = list(self.order_by().select_for_update(of=("self",)).values_list("pk", flat=True))
            locked = self.model._default_manager.db_manager(self.db).filter(pk__in=pks)
            count = super(UserQuerySet, locked).update(**kwargs)  # the plain update of exactly those rows
            users = list(locked.order_by("pk"))
            self.model.history.bulk_history_create(  # type: ignore[attr-defined]
                users, update=True, default_change_reason=BULK_CHANGE_REASON
            )
        return count

    def bulk_create(self, objs: Iterable[User], *args: Any, **kwargs: Any) -> list[User]:
        with transaction.atomic(using=self.db):
            created = super().bulk_create(objs, *args, **kwargs)
            # With ignore_conflicts PostgreSQL returns no ids: a row skipped as a conflict is not new anyway.
            self.model.history.bulk_history_create(  # type: ignore[attr-defined]
                [user for user in created if user.pk is not None], default_change_reason=BULK_CHANGE_REASON
            )
        return created


class MonevUserManager(UserManager.from_queryset(UserQuerySet)):  # type: ignore[misc]
    def create_superuser(self, username, email=None, password=None, **extra_fields):  # type: ignore[no-untyped-def]
        # A superuser is an Admin; without this the operator-needs-a-unit rule would refuse it.
        extra_fields.setdefault("role", Role.ADMIN)
        return super().create_superuser(username, email, password, **extra_fields)


class User(AbstractUser):
    """A person who signs in. The role decides what they may see (roadmap.permissions)."""

    role = models.CharField(_("peran"), max_length=20, choices=Role.choices, default=Role.OPERATOR)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("perangkat daerah"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )

    objects = MonevUserManager()
    # Every change of role, unit and rights, whatever the path (UserQuerySet); shown in the admin.
    history = UserHistory(excluded_fields=list(USER_HISTORY_EXCLUDED))

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")
        constraints = [
            # An Operator Unit is bound to exactly one unit; other roles see all units.
            models.CheckConstraint(
                condition=~Q(role="operator") | Q(unit__isnull=False),
                name="user_operator_has_unit",
                violation_error_message=_("Operator Unit harus terikat pada satu perangkat daerah."),
            ),
        ]

    @property
    def is_operator(self) -> bool:
        return self.role == Role.OPERATOR

    @property
    def role_label(self) -> str:
        """The role as the pages name it: the Verifikator with the verifying body's configured name."""
        if self.role == Role.VERIFIKATOR:
            return _("Verifikator %(unit)s") % {"unit": settings.VERIFIER_UNIT_NAME}
        return str(self.get_role_display())

    @property
    def is_verifikator(self) -> bool:
        return self.role == Role.VERIFIKATOR

    @property
    def is_admin_role(self) -> bool:
        return self.role == Role.ADMIN or self.is_superuser

    @property
    def is_pimpinan(self) -> bool:
        return self.role == Role.PIMPINAN

    def clean(self) -> None:
        super().clean()
        if self.role == Role.OPERATOR and not self.unit_id:
            raise ValidationError({"unit": _("Operator Unit harus terikat pada satu perangkat daerah.")})


class AuditKind(models.TextChoices):
    LOGIN = "login", _("Masuk")
    LOGIN_FAILED = "login_failed", _("Gagal masuk")
    LOGOUT = "logout", _("Keluar")
    LOCKOUT = "lockout", _("Akun terkunci sementara")
    ROLE_CHANGED = "role_changed", _("Peran diubah")
    UNIT_CHANGED = "unit_changed", _("Perangkat daerah diubah")
    EXPORT_DOWNLOADED = "export_downloaded", _("Ekspor diunduh")


class AuditEvent(models.Model):
    """One security event (roadmap.audit.record); append-only, read in the admin."""

    at = models.DateTimeField(_("waktu"), auto_now_add=True, db_index=True)
    kind = models.CharField(_("jenis"), max_length=32, choices=AuditKind.choices, db_index=True)
    user = models.ForeignKey(
        User,
        verbose_name=_("pengguna"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_events",
    )
    # What was typed at the login form (also kept when no such user exists, and after the user is deleted).
    username = models.CharField(_("nama pengguna"), max_length=150, blank=True, db_index=True)
    ip = models.GenericIPAddressField(_("alamat IP"), null=True, blank=True)
    detail = models.JSONField(_("rincian"), default=dict, blank=True)

    class Meta:
        verbose_name = _("catatan keamanan")
        verbose_name_plural = _("catatan keamanan")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.username or '—'}"
