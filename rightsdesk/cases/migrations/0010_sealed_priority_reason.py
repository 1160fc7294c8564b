# The reason given with a priority was stored in clear (Case.priority_reason). It is typed text
# that can name people or places, so it is now sealed to the case's public key like every other
# typed text (rightsdesk.cases.content.seal_priority_reason; no private key is needed to seal),
# and the clear column is dropped. Existing reasons are sealed on the way, none is lost.

from django.db import migrations, models


def seal_existing(apps, schema_editor):
    # The same construction as content.seal_priority_reason, written out here so that this
    # migration keeps working whatever later happens to the app's code.
    import json

    from nacl.public import PublicKey

    from rightsdesk.crypto import bind, seal

    Case = apps.get_model("cases", "Case")
    for case in Case.objects.exclude(priority_reason="").only("pk", "number", "public_key", "priority_reason").iterator():
        payload = json.dumps({"v": 1, "body": case.priority_reason}, ensure_ascii=False, separators=(",", ":"))
        aad = bind(table="cases_case", row=case.number, field="priority_reason")
        sealed = seal(payload.encode("utf-8"), PublicKey(bytes(case.public_key)), aad)
        Case.objects.filter(pk=case.pk).update(priority_reason_sealed=sealed, priority_reason="")


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0009_sealed_rows_priority_choices'),
    ]

    operations = [
        migrations.AddField(
            model_name='case',
            name='priority_reason_sealed',
            field=models.BinaryField(blank=True, default=b''),
        ),
        migrations.RunPython(seal_existing, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name='case',
            name='priority_reason',
        ),
    ]
