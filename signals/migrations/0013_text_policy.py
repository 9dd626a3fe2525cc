# The text policy (partners.text) on every free-text field of signals.

import django.core.validators
import partners.text
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('signals', '0012_mention_name_trigram'),
    ]

    operations = [
        migrations.AlterField(
            model_name='enrichmentrequest',
            name='answer',
            field=models.TextField(blank=True, max_length=4000, validators=[django.core.validators.MaxLengthValidator(4000, message='Maximaal %(limit_value)d tekens; dit zijn er %(show_value)d.'), partners.text.validate_multiline], verbose_name='antwoord'),
        ),
        migrations.AlterField(
            model_name='enrichmentrequest',
            name='question',
            field=models.TextField(max_length=4000, validators=[django.core.validators.MaxLengthValidator(4000, message='Maximaal %(limit_value)d tekens; dit zijn er %(show_value)d.'), partners.text.validate_multiline], verbose_name='vraag'),
        ),
        migrations.AlterField(
            model_name='enrichmentrequest',
            name='reason',
            field=models.TextField(max_length=4000, validators=[django.core.validators.MaxLengthValidator(4000, message='Maximaal %(limit_value)d tekens; dit zijn er %(show_value)d.'), partners.text.validate_multiline], verbose_name='waarom dit signaal wordt ingebracht'),
        ),
        migrations.AlterField(
            model_name='indicator',
            name='code',
            field=models.CharField(max_length=80, unique=True, validators=[partners.text.validate_line], verbose_name='code'),
        ),
        migrations.AlterField(
            model_name='indicator',
            name='label',
            field=models.CharField(max_length=200, validators=[partners.text.validate_line], verbose_name='omschrijving'),
        ),
        migrations.AlterField(
            model_name='person',
            name='municipality',
            field=models.CharField(blank=True, max_length=100, validators=[partners.text.validate_line], verbose_name='woonplaats'),
        ),
        migrations.AlterField(
            model_name='person',
            name='name',
            field=models.CharField(blank=True, max_length=200, validators=[partners.text.validate_line], verbose_name='naam'),
        ),
        migrations.AlterField(
            model_name='signal',
            name='description',
            field=models.TextField(max_length=10000, validators=[django.core.validators.MaxLengthValidator(10000, message='Maximaal %(limit_value)d tekens; dit zijn er %(show_value)d.'), partners.text.validate_multiline], verbose_name='gebeurtenis'),
        ),
        migrations.AlterField(
            model_name='signal',
            name='external_id',
            field=models.CharField(blank=True, max_length=100, validators=[partners.text.validate_line], verbose_name='extern kenmerk'),
        ),
        migrations.AlterField(
            model_name='signal',
            name='feedback',
            field=models.TextField(blank=True, max_length=4000, validators=[django.core.validators.MaxLengthValidator(4000, message='Maximaal %(limit_value)d tekens; dit zijn er %(show_value)d.'), partners.text.validate_multiline], verbose_name='terugkoppeling'),
        ),
        migrations.AlterField(
            model_name='signal',
            name='non_verbal',
            field=models.TextField(blank=True, max_length=4000, validators=[django.core.validators.MaxLengthValidator(4000, message='Maximaal %(limit_value)d tekens; dit zijn er %(show_value)d.'), partners.text.validate_multiline], verbose_name='non-verbale uitingen'),
        ),
        migrations.AlterField(
            model_name='signal',
            name='relevance',
            field=models.TextField(blank=True, max_length=4000, validators=[django.core.validators.MaxLengthValidator(4000, message='Maximaal %(limit_value)d tekens; dit zijn er %(show_value)d.'), partners.text.validate_multiline], verbose_name='relevantie'),
        ),
        migrations.AlterField(
            model_name='signal',
            name='reporter_name',
            field=models.CharField(blank=True, max_length=200, validators=[partners.text.validate_line], verbose_name='naam melder'),
        ),
        migrations.AlterField(
            model_name='signal',
            name='reporter_organisation',
            field=models.CharField(blank=True, max_length=200, validators=[partners.text.validate_line], verbose_name='organisatie melder'),
        ),
        migrations.AlterField(
            model_name='signal',
            name='reporter_phone',
            field=models.CharField(blank=True, max_length=30, validators=[partners.text.validate_line], verbose_name='telefoon melder'),
        ),
        migrations.AlterField(
            model_name='signalperson',
            name='municipality',
            field=models.CharField(blank=True, max_length=100, validators=[partners.text.validate_line], verbose_name='woonplaats'),
        ),
        migrations.AlterField(
            model_name='signalperson',
            name='name',
            field=models.CharField(blank=True, max_length=200, validators=[partners.text.validate_line], verbose_name='naam'),
        ),
    ]
