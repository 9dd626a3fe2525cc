# The text policy (partners.text) on every free-text field of partners.

import django.core.validators
import partners.text
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('partners', '0001_initial'),
    ]

    operations = [
        migrations.AlterField(
            model_name='apiclient',
            name='name',
            field=models.CharField(max_length=100, validators=[partners.text.validate_line], verbose_name='naam'),
        ),
        migrations.AlterField(
            model_name='convenant',
            name='purpose',
            field=models.TextField(max_length=4000, validators=[django.core.validators.MaxLengthValidator(4000, message='Maximaal %(limit_value)d tekens; dit zijn er %(show_value)d.'), partners.text.validate_multiline], verbose_name='doel'),
        ),
        migrations.AlterField(
            model_name='convenant',
            name='target_group',
            field=models.TextField(max_length=4000, validators=[django.core.validators.MaxLengthValidator(4000, message='Maximaal %(limit_value)d tekens; dit zijn er %(show_value)d.'), partners.text.validate_multiline], verbose_name='doelgroep'),
        ),
        migrations.AlterField(
            model_name='convenant',
            name='title',
            field=models.CharField(max_length=200, validators=[partners.text.validate_line], verbose_name='titel'),
        ),
        migrations.AlterField(
            model_name='organisation',
            name='name',
            field=models.CharField(max_length=200, unique=True, validators=[partners.text.validate_line], verbose_name='naam'),
        ),
        migrations.AlterField(
            model_name='user',
            name='first_name',
            field=models.CharField(blank=True, max_length=150, validators=[partners.text.validate_line], verbose_name='first name'),
        ),
        migrations.AlterField(
            model_name='user',
            name='last_name',
            field=models.CharField(blank=True, max_length=150, validators=[partners.text.validate_line], verbose_name='last name'),
        ),
        migrations.AlterField(
            model_name='user',
            name='phone',
            field=models.CharField(blank=True, max_length=30, validators=[partners.text.validate_line], verbose_name='telefoon'),
        ),
    ]
