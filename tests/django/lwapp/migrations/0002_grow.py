# Fields grow and get defaults, a nullable column becomes required, an index and a
# unique constraint are added, a column is renamed.
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('lwapp', '0001_initial'),
    ]

    operations = [
        migrations.AlterField(
            model_name='item',
            name='name',
            field=models.CharField(max_length=100),
        ),
        migrations.AddField(
            model_name='item',
            name='other',
            field=models.CharField(default='', max_length=100),
        ),
        migrations.AlterField(
            model_name='money',
            name='amount',
            field=models.DecimalField(decimal_places=20, max_digits=30),
        ),
        migrations.AddField(
            model_name='money',
            name='qty',
            field=models.IntegerField(default=1),
        ),
        migrations.AlterField(
            model_name='counter',
            name='value',
            field=models.IntegerField(default=0),
        ),
        migrations.AlterField(
            model_name='event',
            name='num',
            field=models.IntegerField(),
        ),
        migrations.AlterField(
            model_name='event',
            name='when',
            field=models.DateTimeField(),
        ),
        migrations.RenameField(
            model_name='event',
            old_name='item',
            new_name='source',
        ),
        migrations.AddIndex(
            model_name='event',
            index=models.Index(fields=['when'], name='lwapp_event_when_idx'),
        ),
        migrations.AddConstraint(
            model_name='item',
            constraint=models.UniqueConstraint(fields=('name', 'other'), name='lwapp_item_name_other_uniq'),
        ),
    ]
