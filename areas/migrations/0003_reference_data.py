from django.db import migrations


def forwards(apps, schema_editor):
    # The framework as it was then: one set of rows for every road map (0005 gives each road map its own).
    from areas.reference import CHANGE_AREAS, ELEMENT_ASPECTS, RB_THEMES

    ChangeArea = apps.get_model("areas", "ChangeArea")
    ElementAspect = apps.get_model("areas", "ElementAspect")
    RbTheme = apps.get_model("areas", "RbTheme")
    for order, code, name, description in CHANGE_AREAS:
        ChangeArea.objects.update_or_create(
            code=code, defaults={"order": order, "name": name, "description": description}
        )
    for element, order, code, name in ELEMENT_ASPECTS:
        ElementAspect.objects.update_or_create(code=code, defaults={"element": element, "order": order, "name": name})
    for order, code, name, kind, description in RB_THEMES:
        RbTheme.objects.update_or_create(
            code=code, defaults={"order": order, "name": name, "kind": kind, "description": description}
        )


class Migration(migrations.Migration):
    dependencies = [("areas", "0002_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
