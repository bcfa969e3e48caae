"""What council seats and positions share: a period, either end of which may be unknown."""

from django.db import models
from django.db.models import Q


class DatedQuerySet(models.QuerySet):
    """Rows that hold between `start` and `end`; an empty date means "not known to end/start"."""

    def on_date(self, date):
        return self.filter(Q(start__isnull=True) | Q(start__lte=date), Q(end__isnull=True) | Q(end__gte=date))
