"""Log in, log out, and the audit log for administrators."""

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from daihoi.accounts.models import AuditEntry, Role
from daihoi.accounts.queries import AccessDenied, granted_paths

AUDIT_PAGE_SIZE = 50


def list_audit_entries(user: Any) -> QuerySet[AuditEntry]:
    """The entries an administrator may read: those of units in their administered subtrees.

    Superusers read every entry (including those with no unit); anyone else administering
    nothing gets AccessDenied.
    """
    entries = AuditEntry.objects.select_related("actor", "unit")
    if user.is_authenticated and user.is_active and user.is_superuser:
        return entries
    paths = granted_paths(user, Role.ADMINISTRATOR)
    if not paths:
        raise AccessDenied(_("Only administrators may read the audit log."))
    scope = Q()
    for path in paths:
        scope |= Q(unit__path__startswith=path)
    return entries.filter(scope)


def change_lines(changes: Any) -> list[tuple[str, str]]:
    """Readable "field: old → new" lines for an entry's changes, whatever their shape."""
    if not isinstance(changes, dict):
        return [("", str(changes))]
    lines = []
    for name, change in changes.items():
        if isinstance(change, list | tuple) and len(change) == 2:
            old, new = ("∅" if v is None else str(v) for v in change)
            lines.append((str(name), f"{old} → {new}"))
        else:
            lines.append((str(name), str(change)))
    return lines


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    entries = list_audit_entries(request.user)
    actions = sorted(set(entries.order_by().values_list("action", flat=True).distinct()))
    action = request.GET.get("action", "").strip()
    username = request.GET.get("user", "").strip()
    if action:
        entries = entries.filter(action=action)
    if username:
        entries = entries.filter(**{f"actor__{get_user_model().USERNAME_FIELD}": username})
    page = Paginator(entries, AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [{"entry": e, "changes": change_lines(e.changes)} for e in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "accounts/audit_log.html",
        {
            "page": page,
            "rows": rows,
            "actions": actions,
            "action": action,
            "username": username,
            "query": query.urlencode(),
        },
    )
