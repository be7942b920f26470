"""Writing the audit log. Every action that changes data calls `record_change`."""

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import models

from daihoi.accounts.models import AuditEntry


def _plain(value: Any) -> Any:
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    return value


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The values of `fields` on `obj`, JSON-ready (foreign keys as ids)."""
    out = {}
    for name in fields:
        field = obj._meta.get_field(name)
        attname = getattr(field, "attname", name)
        out[name] = _plain(getattr(obj, attname))
    return out


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [old, new]} for the fields whose value changed."""
    return {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}


def audit_entry(
    actor: Any,
    action: str,
    obj: models.Model,
    changes: dict[str, Any],
    unit_id: int | None = None,
) -> AuditEntry:
    """An unsaved entry, for bulk writers (imports)."""
    return AuditEntry(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        unit_id=unit_id,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk or ""),
        object_repr=str(obj)[:255],
        changes=changes,
    )


def record_change(
    actor: Any,
    action: str,
    obj: models.Model,
    changes: dict[str, Any],
    unit_id: int | None = None,
) -> AuditEntry:
    """Record one change; call inside the writer's transaction."""
    entry = audit_entry(actor, action, obj, changes, unit_id)
    entry.save()
    return entry
