"""The login backend: Django's ModelBackend, reading the user with their unit in one query.

Every page writes the signed-in officer's unit in the user menu (templates/base.html); with the plain backend
that is a second query on every request of every officer (a millisecond or more on the benchmark's machine).
Listed before ModelBackend in settings.AUTHENTICATION_BACKENDS, so a login through the form is recorded with
this backend in the session; sessions recorded with ModelBackend still load with it.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class UnitModelBackend(ModelBackend):
    def get_user(self, user_id: Any) -> Any:
        model = get_user_model()
        try:
            user = model._default_manager.select_related("unit").get(pk=user_id)
        except model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
