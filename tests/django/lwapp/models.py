from django.db import models


class Item(models.Model):
    name = models.CharField(max_length=100)
    other = models.CharField(max_length=100, default='')


class Money(models.Model):
    amount = models.DecimalField(max_digits=30, decimal_places=20)
    qty = models.IntegerField(default=1)


class Doc(models.Model):
    data = models.JSONField(null=True)


class Counter(models.Model):
    value = models.IntegerField(default=0)


class Event(models.Model):
    when = models.DateTimeField()
    num = models.IntegerField()


class Price(models.Model):
    value = models.DecimalField(max_digits=5, decimal_places=2, null=True)
