"""The signals of areas: a road map created anywhere (admin, shell, seed, import) gets its framework; a saved
capaian scale is read afresh by the rest of the request that saved it (areas.scale).

Thin by design: the rule (which framework a new road map starts from) is areas.services.framework.framework_init.
Imported by AreasConfig.ready(), once the models are loaded.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save

from areas import scale
from areas.models import CapaianCategory, CapaianScale
from areas.services.framework import framework_init
from roadmap.models import Roadmap


def _on_roadmap_created(sender: Any, instance: Roadmap, created: bool = False, **kwargs: Any) -> None:
    if not created or kwargs.get("raw"):  # loaddata brings the framework rows along
        return
    framework_init(roadmap=instance)


def connect_signals() -> None:
    post_save.connect(_on_roadmap_created, sender=Roadmap, dispatch_uid="areas-framework-of-new-roadmap")
    connect_scale_signals()


def _on_scale_changed(sender: Any, **kwargs: Any) -> None:
    scale.forget()


def connect_scale_signals() -> None:
    for model in (CapaianScale, CapaianCategory):
        post_save.connect(_on_scale_changed, sender=model, dispatch_uid=f"areas-scale-save-{model.__name__}")
        post_delete.connect(_on_scale_changed, sender=model, dispatch_uid=f"areas-scale-delete-{model.__name__}")
