"""The web worker's preparation (config/warmup.py): templates compiled once, the startup heap frozen."""

from __future__ import annotations

import gc
from pathlib import Path

from django.conf import settings

from config import warmup


def test_every_project_template_compiles_and_the_heap_is_frozen():
    templates = Path(settings.BASE_DIR) / "templates"
    ours = {str(p.relative_to(templates)) for p in templates.rglob("*") if p.suffix in {".html", ".txt"}}
    ours |= {str(p.relative_to(templates / "jinja2")) for p in templates.rglob("*.jinja")}
    try:
        warmup.prepare_worker()
        frozen = gc.get_freeze_count()
    finally:
        gc.unfreeze()  # the rest of the test run keeps a normal collector
    assert ours <= set(warmup.load_templates())  # every one of ours compiles
    assert frozen > 10_000
