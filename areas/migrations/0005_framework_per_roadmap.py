"""The framework (change areas, element aspects, RB themes) belongs to a road map.

Schema, data, schema:
1. each framework table gets a nullable `roadmap`; the global uniqueness of code / order / name is dropped;
   an indicator's area and aspect become optional (a road map may define none);
2. the existing rows go to the oldest road map; every other road map gets its own copy (same codes, names and
   order) and its indicators (and their history) are repointed to the copies, by code; with no road map at all
   the rows are removed (no indicator can exist without a road map: a new road map gets its framework when it
   is created, areas.services.framework);
3. `roadmap` becomes required and the uniqueness holds per road map.
The dashboards' summary table follows in dashboards 0003 (rebuilt from the progress rows).

Backwards: each road map's rows are merged, by code, into the oldest road map's (the indicators repointed);
a row whose code the oldest lacks is kept (renamed when its order or name is taken). Refused while an indicator
has no area or aspect. The dashboards' summary follows the same merge (dashboards 0003, backwards).
"""

from importlib import import_module

import django.db.models.deletion
from django.db import migrations, models

# SQLite rebuilds a table to alter a column, and refuses while 0004's triggers name the table: they are
# taken off around this migration there (PostgreSQL's look their tables up when they fire).
_triggers = import_module("areas.migrations.0004_target_year_in_roadmap")


def _sqlite_only(step):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            step(apps, schema_editor)

    return run


TRIGGERS_OFF = migrations.RunPython(_sqlite_only(_triggers.backwards), _sqlite_only(_triggers.forwards))
TRIGGERS_ON = migrations.RunPython(_sqlite_only(_triggers.forwards), _sqlite_only(_triggers.backwards))

# model → the fields a copy carries besides `code`, and the Indicator field that points to it.
FRAMEWORK = {
    "ChangeArea": (("order", "name", "description"), "area"),
    "ElementAspect": (("element", "order", "name"), "aspect"),
    "RbTheme": (("kind", "order", "name", "description"), "theme"),
}


def _checks_now(schema_editor):
    """PostgreSQL: run the deferred foreign-key checks of the rows just written, so that the ALTER TABLEs that
    follow in this transaction meet no pending trigger events."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE; SET CONSTRAINTS ALL DEFERRED")


def forwards(apps, schema_editor):
    Roadmap = apps.get_model("roadmap", "Roadmap")
    Indicator = apps.get_model("areas", "Indicator")
    HistoricalIndicator = apps.get_model("areas", "HistoricalIndicator")
    roadmaps = list(Roadmap.objects.order_by("start_year", "pk"))
    for model_name, (fields, indicator_field) in FRAMEWORK.items():
        model = apps.get_model("areas", model_name)
        rows = list(model.objects.filter(roadmap__isnull=True).order_by("pk"))
        if not roadmaps:
            model.objects.filter(pk__in=[r.pk for r in rows]).delete()
            continue
        oldest, others = roadmaps[0], roadmaps[1:]
        model.objects.filter(pk__in=[r.pk for r in rows]).update(roadmap=oldest)
        for roadmap in others:
            for row in rows:
                copy = model.objects.create(roadmap=roadmap, code=row.code, **{f: getattr(row, f) for f in fields})
                moved = {f"{indicator_field}_id": row.pk}
                to = {f"{indicator_field}_id": copy.pk}
                Indicator.objects.filter(roadmap=roadmap, **moved).update(**to)
                HistoricalIndicator.objects.filter(roadmap_id=roadmap.pk, **moved).update(**to)
    _checks_now(schema_editor)


def backwards(apps, schema_editor):
    Roadmap = apps.get_model("roadmap", "Roadmap")
    Indicator = apps.get_model("areas", "Indicator")
    HistoricalIndicator = apps.get_model("areas", "HistoricalIndicator")
    missing = Indicator.objects.filter(models.Q(area__isnull=True) | models.Q(aspect__isnull=True)).count()
    if missing:
        raise RuntimeError(
            f"{missing} indicators have no area or aspect: give them one before migrating areas back to 0004."
        )
    roadmaps = list(Roadmap.objects.order_by("start_year", "pk"))
    for model_name, (_fields, indicator_field) in FRAMEWORK.items():
        model = apps.get_model("areas", model_name)
        kept = {}  # code → the row every road map's row of that code merges into
        taken_orders, taken_names = set(), set()
        for roadmap in roadmaps:
            for row in model.objects.filter(roadmap=roadmap).order_by("order", "pk"):
                if row.code in kept:
                    moved, to = {f"{indicator_field}_id": row.pk}, {f"{indicator_field}_id": kept[row.code].pk}
                    Indicator.objects.filter(**moved).update(**to)
                    HistoricalIndicator.objects.filter(**moved).update(**to)
                    row.delete()
                    continue
                changed = []
                if row.order in taken_orders:
                    row.order, changed = max(taken_orders) + 1, [*changed, "order"]
                if (getattr(row, "element", None), row.name) in taken_names:
                    row.name, changed = f"{row.name} ({roadmap.name})"[:120], [*changed, "name"]
                if changed:
                    row.save(update_fields=changed)
                kept[row.code] = row
                taken_orders.add(row.order)
                taken_names.add((getattr(row, "element", None), row.name))
    _checks_now(schema_editor)


def _roadmap_fk(related_name, null):
    return models.ForeignKey(
        null=null,
        on_delete=django.db.models.deletion.CASCADE,
        related_name=related_name,
        to="roadmap.roadmap",
        verbose_name="road map",
    )


class Migration(migrations.Migration):
    dependencies = [
        ("areas", "0004_target_year_in_roadmap"),
        ("roadmap", "0004_user_history"),
    ]

    operations = [
        TRIGGERS_OFF,
        # 1. schema: room for one framework per road map
        migrations.RemoveConstraint(model_name="elementaspect", name="aspect_unique_name_per_element"),
        migrations.AlterField(
            model_name="changearea", name="code", field=models.CharField(max_length=10, verbose_name="kode")
        ),
        migrations.AlterField(
            model_name="changearea", name="order", field=models.PositiveSmallIntegerField(verbose_name="urutan")
        ),
        migrations.AlterField(
            model_name="changearea", name="name", field=models.CharField(max_length=120, verbose_name="nama")
        ),
        migrations.AlterField(
            model_name="elementaspect", name="code", field=models.CharField(max_length=20, verbose_name="kode")
        ),
        migrations.AlterField(
            model_name="rbtheme", name="code", field=models.CharField(max_length=20, verbose_name="kode")
        ),
        migrations.AlterField(
            model_name="rbtheme", name="name", field=models.CharField(max_length=160, verbose_name="nama")
        ),
        migrations.AlterField(
            model_name="rbtheme", name="order", field=models.PositiveSmallIntegerField(verbose_name="urutan")
        ),
        migrations.AddField(model_name="changearea", name="roadmap", field=_roadmap_fk("change_areas", True)),
        migrations.AddField(model_name="elementaspect", name="roadmap", field=_roadmap_fk("element_aspects", True)),
        migrations.AddField(model_name="rbtheme", name="roadmap", field=_roadmap_fk("rb_themes", True)),
        migrations.AlterField(
            model_name="indicator",
            name="area",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="indicators",
                to="areas.changearea",
                verbose_name="area perubahan",
            ),
        ),
        migrations.AlterField(
            model_name="indicator",
            name="aspect",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="indicators",
                to="areas.elementaspect",
                verbose_name="aspek elemen",
            ),
        ),
        # 2. data
        migrations.RunPython(forwards, backwards),
        # 3. schema: the road map is required, uniqueness per road map
        migrations.AlterField(model_name="changearea", name="roadmap", field=_roadmap_fk("change_areas", False)),
        migrations.AlterField(
            model_name="elementaspect", name="roadmap", field=_roadmap_fk("element_aspects", False)
        ),
        migrations.AlterField(model_name="rbtheme", name="roadmap", field=_roadmap_fk("rb_themes", False)),
        migrations.AlterModelOptions(
            name="changearea",
            options={
                "ordering": ["roadmap_id", "order"],
                "verbose_name": "area perubahan",
                "verbose_name_plural": "area perubahan",
            },
        ),
        migrations.AlterModelOptions(
            name="elementaspect",
            options={
                "ordering": ["roadmap_id", "element", "order"],
                "verbose_name": "aspek elemen",
                "verbose_name_plural": "aspek elemen",
            },
        ),
        migrations.AlterModelOptions(
            name="rbtheme",
            options={"ordering": ["roadmap_id", "order"], "verbose_name": "tema RB", "verbose_name_plural": "tema RB"},
        ),
        migrations.AddConstraint(
            model_name="changearea",
            constraint=models.UniqueConstraint(
                fields=("roadmap", "code"),
                name="area_unique_code_per_roadmap",
                violation_error_message="Kode area perubahan sudah dipakai pada road map ini.",
            ),
        ),
        migrations.AddConstraint(
            model_name="changearea",
            constraint=models.UniqueConstraint(
                fields=("roadmap", "order"),
                name="area_unique_order_per_roadmap",
                violation_error_message="Urutan area perubahan sudah dipakai pada road map ini.",
            ),
        ),
        migrations.AddConstraint(
            model_name="changearea",
            constraint=models.UniqueConstraint(
                fields=("roadmap", "name"),
                name="area_unique_name_per_roadmap",
                violation_error_message="Nama area perubahan sudah dipakai pada road map ini.",
            ),
        ),
        migrations.AddConstraint(
            model_name="elementaspect",
            constraint=models.UniqueConstraint(
                fields=("roadmap", "code"),
                name="aspect_unique_code_per_roadmap",
                violation_error_message="Kode aspek elemen sudah dipakai pada road map ini.",
            ),
        ),
        migrations.AddConstraint(
            model_name="elementaspect",
            constraint=models.UniqueConstraint(
                fields=("roadmap", "element", "name"),
                name="aspect_unique_name_per_element",
                violation_error_message="Nama aspek sudah dipakai untuk elemen ini pada road map ini.",
            ),
        ),
        migrations.AddConstraint(
            model_name="rbtheme",
            constraint=models.UniqueConstraint(
                fields=("roadmap", "code"),
                name="theme_unique_code_per_roadmap",
                violation_error_message="Kode tema RB sudah dipakai pada road map ini.",
            ),
        ),
        migrations.AddConstraint(
            model_name="rbtheme",
            constraint=models.UniqueConstraint(
                fields=("roadmap", "order"),
                name="theme_unique_order_per_roadmap",
                violation_error_message="Urutan tema RB sudah dipakai pada road map ini.",
            ),
        ),
        migrations.AddConstraint(
            model_name="rbtheme",
            constraint=models.UniqueConstraint(
                fields=("roadmap", "name"),
                name="theme_unique_name_per_roadmap",
                violation_error_message="Nama tema RB sudah dipakai pada road map ini.",
            ),
        ),
        TRIGGERS_ON,
    ]
