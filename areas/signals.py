"""The one signal of areas: a road map created anywhere (admin, shell, seed, import) gets its framework.

Thin by design: the rule (which framework a new road map starts from) is areas.services.framework.framework_init.
Imported by AreasConfig.ready(), once the models are loaded.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save

from areas.services.framework import framework_init
from roadmap.models import Roadmap


def _on_roadmap_created(sender: Any, instance: Roadmap, created: bool = False, **kwargs: Any) -> None:
    if not created or kwargs.get("raw"):  # loaddata brings the framework rows along
        return
    framework_init(roadmap=instance)


def connect_signals() -> None:
    post_save.connect(_on_roadmap_created, sender=Roadmap, dispatch_uid="areas-framework-of-new-roadmap")
