# The index, the constraint and the foreign key go again: the schema is the models'.
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('lwapp', '0002_grow'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='event',
            name='lwapp_event_when_idx',
        ),
        migrations.RemoveConstraint(
            model_name='item',
            name='lwapp_item_name_other_uniq',
        ),
        migrations.RemoveField(
            model_name='event',
            name='source',
        ),
    ]
