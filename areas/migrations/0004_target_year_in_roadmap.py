"""Database guard: a target's year lies inside its road map's years.

A CHECK constraint cannot look at another table, so this is a trigger (PostgreSQL in
production and tests, SQLite for `make run`). Models' clean() gives the friendly message;
the trigger makes sure no path (bulk insert, import, shell) gets round it.
"""

from django.db import migrations

TABLES = {
    "areas_indicatortarget": (
        "SELECT r.start_year, r.end_year FROM areas_indicator i "
        "JOIN roadmap_roadmap r ON r.id = i.roadmap_id WHERE i.id = NEW.indicator_id"
    ),
    "areas_indicatorannualtarget": (
        "SELECT r.start_year, r.end_year FROM areas_indicator i "
        "JOIN roadmap_roadmap r ON r.id = i.roadmap_id WHERE i.id = NEW.indicator_id"
    ),
    "areas_strategicindicatortarget": (
        "SELECT r.start_year, r.end_year FROM areas_strategicindicator i "
        "JOIN areas_strategictarget t ON t.id = i.strategic_target_id "
        "JOIN roadmap_roadmap r ON r.id = t.roadmap_id WHERE i.id = NEW.indicator_id"
    ),
}


def _pg(table: str, years_sql: str) -> tuple[str, str]:
    fn = f"{table}_year_in_roadmap"
    create = f"""
CREATE OR REPLACE FUNCTION {fn}() RETURNS trigger AS $$
DECLARE s integer; e integer;
BEGIN
  {years_sql.replace("SELECT r.start_year, r.end_year", "SELECT r.start_year, r.end_year INTO s, e")};
  IF NEW.year < s OR NEW.year > e THEN
    RAISE EXCEPTION 'target year % outside road map years %-%', NEW.year, s, e USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$ LANGUAGE plpgsql;
CREATE TRIGGER {fn} BEFORE INSERT OR UPDATE ON {table} FOR EACH ROW EXECUTE FUNCTION {fn}();
"""
    drop = f"DROP TRIGGER IF EXISTS {fn} ON {table}; DROP FUNCTION IF EXISTS {fn}();"
    return create, drop


def _sqlite(table: str, years_sql: str) -> tuple[list[str], list[str]]:
    exists = years_sql.replace("SELECT r.start_year, r.end_year", "SELECT 1") + (
        " AND NEW.year BETWEEN r.start_year AND r.end_year"
    )
    create, drop = [], []
    for event in ("INSERT", "UPDATE"):
        name = f"{table}_year_{event.lower()}"
        create.append(
            f"CREATE TRIGGER {name} BEFORE {event} ON {table} WHEN NOT EXISTS ({exists}) "
            f"BEGIN SELECT RAISE(ABORT, 'target year outside road map years'); END;"
        )
        drop.append(f"DROP TRIGGER IF EXISTS {name};")
    return create, drop


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table, years_sql in TABLES.items():
        if vendor == "postgresql":
            schema_editor.execute(_pg(table, years_sql)[0], None)
        elif vendor == "sqlite":
            for sql in _sqlite(table, years_sql)[0]:
                schema_editor.execute(sql)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table, years_sql in TABLES.items():
        if vendor == "postgresql":
            schema_editor.execute(_pg(table, years_sql)[1], None)
        elif vendor == "sqlite":
            for sql in _sqlite(table, years_sql)[1]:
                schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("areas", "0003_reference_data"), ("roadmap", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
