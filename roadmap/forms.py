from typing import Any

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import authenticate
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.http import HttpRequest
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


class CheckedPasswordChangeForm(PasswordChangeForm):
    """Ganti Kata Sandi with the old password checked like a sign-in: through authenticate(request=...), so that
    django-axes counts a wrong one as a failed login and locks the account out after as many (roadmap.lockout).
    Django's own form calls user.check_password(), which nothing counts: a session left open on an office
    computer would let anyone guess the password there, without limit."""

    def __init__(self, user: User, *args: Any, request: HttpRequest, **kwargs: Any) -> None:
        self.request = request
        super().__init__(user, *args, **kwargs)

    def clean_old_password(self) -> str:
        old_password = self.cleaned_data["old_password"]
        checked = authenticate(self.request, username=self.user.get_username(), password=old_password)
        if checked is None or checked.pk != self.user.pk:
            raise ValidationError(self.error_messages["password_incorrect"], code="password_incorrect")
        return old_password
