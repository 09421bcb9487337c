"""The stories of the demo, as plain data: what each unit does in each quarter, and how its numbers move.

Pure and deterministic (seeded by unit, indicator and quarter), so a rebuild tells the same story: most reports
approved on time, some submitted late after the morning reminders, some returned once with a reason and notes
and then fixed, one or two units that never submit one quarter; indicators that improve, hold, stay weak, and a
few that fall two quarters running (the Dasbor's at-risk list). demo.history plays them through the services.
"""

from __future__ import annotations

import datetime as dt
import enum
import random
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings

from demo.catalog import IndicatorTemplate, quantize
from demo.quarters import Quarter, Window

WITA = ZoneInfo(settings.TIME_ZONE)


def rng(*parts: object) -> random.Random:
    return random.Random("-".join(str(p) for p in parts))  # noqa: S311 - demo data, not security


def moment(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=WITA)


# --- what a unit does in a quarter --------------------------------------------------------------------------


class Outcome(enum.StrEnum):
    ON_TIME = "tepat_waktu"  # submitted by the due date, approved
    LATE = "terlambat"  # submitted after the due date (a reminder every morning until then), approved
    RETURNED = "dikembalikan"  # returned once with a reason and notes, fixed, approved
    NEVER = "tidak_mengajukan"  # a draft never submitted: Terlambat until the cycle closed
    # The quarter open now:
    SUBMITTED = "diajukan"  # waiting in the Verifikator's queue
    DRAFT = "draf"  # being filled in
    TO_FIX = "perbaikan"  # returned, to be fixed before its revision due date
    UNTOUCHED = "belum_mulai"


class Action(enum.StrEnum):
    DRAFT = "draf"  # Simpan Draf of every row, with the evidence
    PARTIAL = "draf_sebagian"  # Simpan Draf of the first rows only
    SUBMIT = "ajukan"
    RETURN = "kembalikan"
    FIX = "perbaiki"  # the officer corrects what the reviewer named, and submits again
    APPROVE = "setujui"


@dataclass(frozen=True)
class Step:
    at: dt.datetime
    action: Action


@dataclass(frozen=True)
class Story:
    outcome: Outcome
    steps: tuple[Step, ...]


# Who never submits one quarter: (unit, position in the history). One or two units, not a habit.
NEVER_SUBMITS = {("kec-babulu", 1), ("satpol-pp", 3)}
# Dinkes was returned once, the quarter before the last one (its IKM page shows the reviewer's note).
RETURNED_ONCE = {("dinkes", -2)}
# The quarter open now.
NOW_SUBMITTED = ("setda", "inspektorat", "bapenda", "diskominfo", "kec-penajam", "rsud-rapb")
NOW_TO_FIX = ("disdukcapil",)
NOW_DRAFT = ("dinkes", "disdikbud", "dlh", "dinsos", "bkpsdm", "bpkad")


def history_outcome(slug: str, position: int, length: int, quarter: Quarter) -> Outcome:
    if (slug, position) in NEVER_SUBMITS:
        return Outcome.NEVER
    if (slug, position - length) in RETURNED_ONCE:
        return Outcome.RETURNED
    roll = rng("cerita", slug, *quarter).random()
    late_share = 0.25 if slug.startswith("kec-") else 0.08  # the kecamatan are often late
    if roll < 0.14:
        return Outcome.RETURNED
    if roll < 0.14 + late_share:
        return Outcome.LATE
    return Outcome.ON_TIME


def current_outcome(slug: str) -> Outcome:
    if slug in NOW_SUBMITTED:
        return Outcome.SUBMITTED
    if slug in NOW_TO_FIX:
        return Outcome.TO_FIX
    if slug in NOW_DRAFT:
        return Outcome.DRAFT
    return Outcome.UNTOUCHED


def _officer_time(r: random.Random, day: dt.date) -> dt.datetime:
    return moment(day, r.randint(8, 14), r.choice((5, 10, 20, 35, 45, 50)))


def _reviewer_time(r: random.Random, day: dt.date) -> dt.datetime:
    return moment(day, r.randint(9, 15), r.choice((0, 15, 25, 40, 55)))


def history_story(outcome: Outcome, window: Window, r: random.Random) -> Story:
    """The steps of a closed quarter, inside its default window (opens day 1, due day 10, closes day 20)."""

    def later(day: dt.date, low: int, high: int) -> dt.date:
        return day + dt.timedelta(days=r.randint(low, high))

    opened = window.opens_on
    days: list[tuple[dt.date, Action]] = []
    if outcome == Outcome.ON_TIME:
        drafted = later(opened, 1, 5)
        submitted = min(later(drafted, 0, 3), window.due_on)
        days = [(drafted, Action.DRAFT), (submitted, Action.SUBMIT), (later(submitted, 1, 3), Action.APPROVE)]
    elif outcome == Outcome.LATE:
        submitted = later(window.due_on, 1, 6)
        days = [
            (later(opened, 4, 8), Action.DRAFT),
            (submitted, Action.SUBMIT),
            (later(submitted, 1, 3), Action.APPROVE),
        ]
    elif outcome == Outcome.RETURNED:
        drafted = later(opened, 1, 3)
        submitted = later(drafted, 0, 2)
        returned = later(submitted, 1, 2)
        fixed = later(returned, 1, 2)
        days = [
            (drafted, Action.DRAFT),
            (submitted, Action.SUBMIT),
            (returned, Action.RETURN),
            (fixed, Action.FIX),
            (later(fixed, 1, 2), Action.APPROVE),
        ]
    elif outcome == Outcome.NEVER:
        days = [(later(opened, 4, 9), Action.PARTIAL)]
    steps: list[Step] = []
    for day, action in days:
        reviewer = action in (Action.RETURN, Action.APPROVE)
        at = _reviewer_time(r, day) if reviewer else _officer_time(r, day)
        if steps and at <= steps[-1].at:  # the same day: a little later than the step before
            at = steps[-1].at + dt.timedelta(minutes=r.randint(15, 90))
        steps.append(Step(at, action))
    return Story(outcome, tuple(steps))


def current_story(outcome: Outcome, window: Window, now: dt.datetime, r: random.Random) -> Story:
    """The steps of the open quarter: all in the past, between its opening and now."""
    opened = moment(window.opens_on, 6)
    span = max((now - opened).total_seconds(), 60.0)

    def when(share: float) -> dt.datetime:
        # A point of the time since the cycle opened; the hour is set in office hours unless that is after now.
        candidate = opened + dt.timedelta(seconds=span * share)
        office = _officer_time(r, candidate.date())
        return office if opened < office < now else candidate

    plans: dict[Outcome, list[tuple[float, Action]]] = {
        Outcome.SUBMITTED: [(r.uniform(0.05, 0.4), Action.DRAFT), (r.uniform(0.45, 0.9), Action.SUBMIT)],
        Outcome.TO_FIX: [(0.1, Action.DRAFT), (0.3, Action.SUBMIT), (0.6, Action.RETURN)],
        Outcome.DRAFT: [(r.uniform(0.2, 0.9), Action.PARTIAL)],
        Outcome.UNTOUCHED: [],
    }
    steps = [Step(when(share), action) for share, action in plans[outcome]]
    # Keep the order of the steps whatever the hours drawn: each comes after the one before.
    ordered: list[Step] = []
    for step in steps:
        at = step.at if not ordered or step.at > ordered[-1].at else ordered[-1].at + dt.timedelta(minutes=20)
        ordered.append(Step(min(at, now - dt.timedelta(minutes=1)), step.action))
    return Story(outcome, tuple(ordered))


# --- how the numbers move -----------------------------------------------------------------------------------


class Trend(enum.StrEnum):
    RISING = "naik"
    STEADY = "stabil"
    WEAK = "lemah"  # well below target all along (merah / kuning)
    FALLING = "turun"  # fine, then lower in each of the last two quarters: on the at-risk list


# The indicators that fall two quarters running in the latest quarter with data.
FALLING = {
    ("dinkes", "ikm"),
    ("rsud-rapb", "ikm"),
    ("kec-waru", "ikm"),
    ("disdukcapil", "adminduk"),
    ("dpmptsp", "waktu-izin"),
    ("dinsos", "bansos"),
    ("dishub", "berakhlak"),
}
RISING = {("diskominfo", "spbe"), ("bkpsdm", "merit"), ("bkpsdm", "ipasn"), ("inspektorat", "spip")}


def trend_of(slug: str, t: IndicatorTemplate) -> Trend:
    if (slug, t.key) in FALLING:
        return Trend.FALLING
    if (slug, t.key) in RISING:
        return Trend.RISING
    roll = rng("tren", slug, t.key).random()
    if roll < 0.08 and t.polarity != "milestone":
        return Trend.WEAK
    if roll < 0.45:
        return Trend.RISING
    return Trend.STEADY


def capaian_share(slug: str, t: IndicatorTemplate, position: int, history_length: int) -> Decimal:
    """The share of its target an indicator reaches at `position` (0 = the road map's first quarter).

    RISING climbs steadily (never falls); STEADY wobbles up and down around its level (so it never falls twice
    in a row by chance); WEAK stays well below target; FALLING holds its level until three quarters before the
    end of the history, then drops twice (level + 2 %, − 5 %, − 10 %), and recovers a little in the open quarter.
    """
    trend = trend_of(slug, t)
    level = Decimal(str(round(rng("dasar", slug, t.key).uniform(0.9, 1.02), 3)))
    if trend == Trend.WEAK:
        return Decimal(str(round(rng("lemah", slug, t.key, position).uniform(0.5, 0.72), 3)))
    if trend == Trend.RISING:
        total = Decimal(max(history_length, 1))
        start, end = level - Decimal("0.14"), level + Decimal("0.03")
        return start + (end - start) * Decimal(min(position, history_length)) / total
    if trend == Trend.FALLING and position >= history_length - 3:
        drop = {history_length - 3: "0.02", history_length - 2: "-0.05", history_length - 1: "-0.10"}
        return min(level, Decimal("1.0")) + Decimal(drop.get(position, "-0.06"))
    wobble = Decimal(str(round(rng("acak", slug, t.key, position).uniform(0, 0.025), 3)))
    return level + wobble if position % 2 else level - wobble


def realisasi(t: IndicatorTemplate, target: Decimal, share: Decimal) -> Decimal:
    """The value an officer reports for a target and a share of it reached (lower-better: the SAKIP rule).

    Kept inside what a regency really reports (t.plausible: SAKIP 60–76, IKM 75–90, SPBE 2–3,5 …) by
    `squeeze`, which keeps the order of the values: a falling indicator still falls.
    """
    value = target * share if t.polarity == "higher" else target * (Decimal(2) - share)
    if t.satuan == "persen":
        value = min(value, Decimal(100))
    if t.plausible is not None:
        low, high = (Decimal(v) for v in t.plausible)
        value = squeeze(value, low=low, high=high)
    return quantize(max(value, Decimal(0)), t.decimals)


# The outer fifth of a plausible band takes every value beyond it, and it does so gently (see squeeze).
SQUEEZE_EDGE = Decimal("0.2")
SQUEEZE_SOFTNESS = 3


def squeeze(value: Decimal, *, low: Decimal, high: Decimal) -> Decimal:
    """`value` inside (low, high), keeping the order of the values and most of their differences.

    Inside the band's middle the value is kept; beyond it, it approaches the band's edge exponentially
    (low + edge · e^((value − knee) / (3 · edge))): an early SAKIP of 52 becomes about 61, a falling IKM still
    falls. Clipping would turn every weak or early value into the same figure (58 for a whole column of SAKIP).
    """
    edge = (high - low) * SQUEEZE_EDGE
    scale = edge * SQUEEZE_SOFTNESS
    knee_low, knee_high = low + edge, high - edge
    if value < knee_low:
        return low + edge * ((value - knee_low) / scale).exp()
    if value > knee_high:
        return high - edge * ((knee_high - value) / scale).exp()
    return value


def milestone_done(t: IndicatorTemplate, quarter: Quarter) -> bool:
    """Done after its due quarter; in the due quarter itself most years (WTP from TW II, kelembagaan in TW I)."""
    year, q = quarter
    if q > t.due_quarter:
        return True
    return rng("tonggak", t.key, year, q).random() < 0.7


@dataclass(frozen=True)
class Flaw:
    """What the reviewer finds wrong in a report they return (demo.history applies it to one row)."""

    kind: str  # "angka": the realisasi is mistyped; "bukti": the evidence is unsigned; "kendala": left empty
    key: str | None = None  # the template of the row it hits; None: a row drawn at random


FLAWS = ("angka", "bukti", "kendala")
FLAW_OVERRIDES = {("dinkes", -2): Flaw("angka", "ikm")}


def flaw_for(slug: str, position: int, history_length: int, quarter: Quarter) -> Flaw:
    override = FLAW_OVERRIDES.get((slug, position - history_length))
    if override is not None:
        return override
    return Flaw(rng("cacat", slug, *quarter).choice(FLAWS))
