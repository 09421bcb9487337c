"""The yearly results' test world: a road map 2025–2029 with two sasaran and three indicators, numbers by hand.

2025 targets and realisations (capaian by areas.scoring.capaian):
- H1 "Indeks RB" (higher): target 70, realisasi 63 → 63 / 70 × 100 = 90,00 (hijau)
- H2 "Persentase kemiskinan" (lower): target 8, realisasi 6 → (2 − 6 / 8) × 100 = 125,00 (hijau)
- S1 "Indeks BerAKHLAK" (higher): target 80, realisasi 44 → 55,00 (merah); target 0 in 2026 (capaian "—")
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from areas.models import StrategicIndicator, StrategicIndicatorTarget, StrategicTarget
from evaluations.models import StrategicRealisation
from roadmap.models import Roadmap


@dataclass
class SasaranWorld:
    hard: StrategicTarget
    soft: StrategicTarget
    h1: StrategicIndicator
    h2: StrategicIndicator
    s1: StrategicIndicator


def build_sasaran(roadmap: Roadmap, *, realised: bool = True) -> SasaranWorld:
    hard = StrategicTarget.objects.create(roadmap=roadmap, element="hard", code="S1", name="Tata kelola digital")
    soft = StrategicTarget.objects.create(roadmap=roadmap, element="soft", code="S2", name="Budaya BerAKHLAK")
    h1 = StrategicIndicator.objects.create(strategic_target=hard, name="Indeks RB", satuan="indeks", order=1)
    h2 = StrategicIndicator.objects.create(
        strategic_target=hard, name="Persentase kemiskinan", satuan="persen", polarity="lower", order=2
    )
    s1 = StrategicIndicator.objects.create(strategic_target=soft, name="Indeks BerAKHLAK", satuan="indeks")
    for indicator, target in ((h1, "70"), (h2, "8"), (s1, "80")):
        StrategicIndicatorTarget.objects.create(indicator=indicator, year=2025, value=Decimal(target))
    StrategicIndicatorTarget.objects.create(indicator=s1, year=2026, value=Decimal(0))
    if realised:
        for indicator, value in ((h1, "63"), (h2, "6"), (s1, "44")):
            StrategicRealisation.objects.create(indicator=indicator, year=2025, value=Decimal(value))
        StrategicRealisation.objects.create(indicator=s1, year=2026, value=Decimal("50"))
    return SasaranWorld(hard=hard, soft=soft, h1=h1, h2=h2, s1=s1)
