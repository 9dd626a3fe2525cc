# Indicator codes follow the pattern the meldpunt API and its schema accept.

import django.core.validators
import partners.text
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('signals', '0013_text_policy'),
    ]

    operations = [
        migrations.AlterField(
            model_name='indicator',
            name='code',
            field=models.CharField(max_length=80, unique=True, validators=[partners.text.validate_line, django.core.validators.RegexValidator('\\A[a-z0-9_]+(?:\\.[a-z0-9_]+)*\\Z', 'Een code bestaat uit kleine letters, cijfers en _, in delen gescheiden door een punt (zoals gedrag.veel_geld).')], verbose_name='code'),
        ),
    ]
