# The security audit log (roadmap/audit.py). Only AuditEvent: the ops tables are 0002_outbox_jobrun.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('roadmap', '0001_initial'),
    ]

    operations = [
        migrations.CreateModel(
            name='AuditEvent',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('at', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='waktu')),
                ('kind', models.CharField(choices=[('login', 'Masuk'), ('login_failed', 'Gagal masuk'), ('logout', 'Keluar'), ('lockout', 'Akun terkunci sementara'), ('role_changed', 'Peran diubah'), ('unit_changed', 'Perangkat daerah diubah'), ('export_downloaded', 'Ekspor diunduh')], db_index=True, max_length=32, verbose_name='jenis')),
                ('username', models.CharField(blank=True, db_index=True, max_length=150, verbose_name='nama pengguna')),
                ('ip', models.GenericIPAddressField(blank=True, null=True, verbose_name='alamat IP')),
                ('detail', models.JSONField(blank=True, default=dict, verbose_name='rincian')),
                ('user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='audit_events', to=settings.AUTH_USER_MODEL, verbose_name='pengguna')),
            ],
            options={
                'verbose_name': 'catatan keamanan',
                'verbose_name_plural': 'catatan keamanan',
                'ordering': ['-at', '-pk'],
            },
        ),
    ]
