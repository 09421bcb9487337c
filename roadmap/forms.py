from typing import Any

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from roadmap.models import User
from roadmap.text import max_length

USERNAME_MAX_LENGTH = max_length(User, "username")


class _BoundedUsername:
    """A name longer than any account's is refused at the form, before authenticate() runs.

    Django's AuthenticationForm only sets the field's max_length attribute (no validator), so any length reached
    authenticate() and django-axes then failed to store it (varchar 255): a 500 instead of a message.
    """

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        self.fields["username"].validators.append(
            MaxLengthValidator(USERNAME_MAX_LENGTH, message=_("Nama pengguna paling banyak %(limit_value)d karakter."))
        )


class LoginForm(_BoundedUsername, AuthenticationForm):
    username = forms.CharField(
        label=_("Nama pengguna"), widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"})
    )
    password = forms.CharField(
        label=_("Kata sandi"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    error_messages = {
        "invalid_login": _("Nama pengguna atau kata sandi salah. Periksa kembali, huruf besar dan kecil dibedakan."),
        "inactive": _("Akun ini tidak aktif. Hubungi Admin Monev RB."),
    }


class AdminLoginForm(_BoundedUsername, AdminAuthenticationForm):
    """The Django admin's sign-in form (roadmap.admin sets it on the admin site)."""
