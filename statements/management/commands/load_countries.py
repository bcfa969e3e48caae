from django.core.management.base import BaseCommand
from django.db import transaction

from statements.countries import sync_countries
from statements.models import Party


class Command(BaseCommand):
    help = "Create or refresh the countries from the ISO 3166 list (pycountry) and their UN status."

    def handle(self, *args, **options):
        with transaction.atomic():
            created, updated = sync_countries(Party)
        self.stdout.write(f"Countries: {created} created, {updated} refreshed.")
