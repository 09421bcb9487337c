# Operations tables (roadmap/ops.py): the Celery outbox and the last run of each scheduled job.

import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('roadmap', '0001_initial'),
    ]

    operations = [
        migrations.CreateModel(
            name='JobRun',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=200, unique=True, verbose_name='tugas')),
                ('finished_at', models.DateTimeField(verbose_name='selesai')),
            ],
            options={
                'verbose_name': 'jalannya tugas',
                'verbose_name_plural': 'jalannya tugas',
                'ordering': ['name'],
            },
        ),
        migrations.CreateModel(
            name='OutboxMessage',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('task_name', models.CharField(max_length=200, verbose_name='tugas')),
                ('args', models.JSONField(blank=True, default=list, verbose_name='argumen')),
                ('kwargs', models.JSONField(blank=True, default=dict, verbose_name='argumen bernama')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='dibuat')),
                ('attempts', models.PositiveIntegerField(default=0, verbose_name='percobaan')),
                ('last_error', models.TextField(blank=True, verbose_name='galat terakhir')),
                ('sent_at', models.DateTimeField(blank=True, null=True, verbose_name='terkirim')),
            ],
            options={
                'verbose_name': 'pesan outbox',
                'verbose_name_plural': 'outbox',
                'ordering': ['pk'],
                'indexes': [models.Index(condition=models.Q(('sent_at__isnull', True)), fields=['id'], name='outbox_pending')],
            },
        ),
    ]
