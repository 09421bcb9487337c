"""Prepare a web worker before its first request: load what every request needs, then freeze the heap.

CPython's full (generation 2) garbage collection walks every live object. A Django worker holds a few hundred
thousand long-lived ones (modules, URL patterns, compiled templates, translation catalogues), and a request
that happened to trigger a full collection was the slowest of its kind (docs/performance.md#garbage-collection).
`gc.freeze()` moves everything alive at that
moment out of the collector's sight, so later collections only walk what requests create. The lazily built
parts are built first, so that they are frozen too. Nothing here changes what a request returns.
"""

from __future__ import annotations

import gc
import logging
from pathlib import Path

from django.conf import settings
from django.template import TemplateDoesNotExist, TemplateSyntaxError, engines
from django.urls import get_resolver
from django.utils import translation

logger = logging.getLogger(__name__)


def load_templates() -> list[str]:
    """Compile every template of the project and the apps once (each engine caches its compiled templates in
    production); returns their names."""
    loaded = []
    for engine in engines.all():
        suffixes = {".jinja"} if engine.name == "jinja2" else {".html", ".txt"}
        for directory in engine.template_dirs:
            root = Path(directory)
            for path in root.rglob("*"):
                if path.suffix not in suffixes or not path.is_file():
                    continue
                name = str(path.relative_to(root))
                try:
                    engine.get_template(name)
                except (TemplateDoesNotExist, TemplateSyntaxError):  # a file that is not a template
                    continue
                loaded.append(name)
    return loaded


def prepare_worker() -> None:
    if settings.DEBUG:
        return  # development: templates are re-read on every request anyway, and the heap is small
    get_resolver().url_patterns  # noqa: B018 - builds the URL resolver (imports every view module)
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("Dasbor")  # loads the language's catalogue
    loaded = load_templates()
    gc.collect()
    gc.freeze()
    logger.debug("worker prepared: %d templates, %d objects frozen", len(loaded), gc.get_freeze_count())
