"""The four standard levels of a provincial tree. Levels stay data: more may be added."""

from django.db import migrations

STANDARD_LEVELS = [
    ("province", "Đảng bộ tỉnh", 10),
    ("district", "Đảng bộ cấp huyện và tương đương", 20),
    ("grassroots", "Tổ chức cơ sở đảng", 30),
    ("branch", "Chi bộ trực thuộc", 40),
]


def forwards(apps, schema_editor):
    Level = apps.get_model("units", "Level")
    for code, name, rank in STANDARD_LEVELS:
        Level.objects.get_or_create(code=code, defaults={"name": name, "rank": rank})


def backwards(apps, schema_editor):
    """Keep the levels: units may use them."""


class Migration(migrations.Migration):
    dependencies = [("units", "0002_path_c_collation")]
    operations = [migrations.RunPython(forwards, backwards)]
