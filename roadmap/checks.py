"""System checks of the deployment's settings (`manage.py check --deploy` runs them)."""

from __future__ import annotations

import os
from typing import Any

from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def behind_proxy_is_gone(app_configs: Any, **kwargs: Any) -> list[Warning]:
    """BEHIND_PROXY=1 trusted X-Forwarded-* from any peer; it is not read any more. An environment that still
    sets it was written for that rule and probably needs TRUSTED_PROXIES (the nginx address) instead."""
    if "BEHIND_PROXY" not in os.environ:
        return []
    return [
        Warning(
            "BEHIND_PROXY is not read any more: X-Forwarded-For and X-Forwarded-Proto are believed only from "
            "the peers in TRUSTED_PROXIES.",
            hint="Set TRUSTED_PROXIES to the address of the nginx in front of gunicorn and remove BEHIND_PROXY.",
            id="monev.W001",
        )
    ]
