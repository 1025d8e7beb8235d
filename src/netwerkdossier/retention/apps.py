from django.apps import AppConfig


class RetentionConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "netwerkdossier.retention"
    verbose_name = "Bewaartermijnen en vernietiging"
