from django.apps import AppConfig


class StatementsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "statements"
    verbose_name = "Diplomatic statements"

    def ready(self):
        # Connects the signal receiver that records an API write's reason.
        from statements.api import change_reasons  # noqa: F401
