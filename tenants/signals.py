"""Cache invalidation only: business logic lives in tenants.services."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Borough, Domain
from .routing import hosts_changed


@receiver([post_save, post_delete], sender=Domain)
@receiver([post_save, post_delete], sender=Borough)
def forget_cached_hosts(**kwargs):
    # After commit, so no process caches a row that is then rolled back.
    transaction.on_commit(hosts_changed)
