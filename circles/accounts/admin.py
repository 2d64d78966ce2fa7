from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from circles.accounts.models import (
    AnonymousAuditEvent,
    AuditEvent,
    AuditTally,
    CrisisLine,
    Invitation,
    Membership,
    Organization,
    User,
)


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    # Encrypted fields (access_notes) are never shown here, not even to operators.
    list_display = ["email", "preferred_name", "is_active", "date_joined"]
    search_fields = ["email", "preferred_name"]
    fields = ["email", "preferred_name", "pronouns", "language", "is_active", "is_staff"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "timezone", "require_staff_mfa"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]


admin.site.register(CrisisLine)


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "organization", "role", "expires_at", "accepted_at"]
    exclude = ["token_hash"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """The audit trail is only ever read here."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["created", "action", "actor_id", "organization_id", "object_type", "object_id"]
    list_filter = ["action"]


@admin.register(AnonymousAuditEvent)
class AnonymousAuditEventAdmin(ReadOnlyAdmin):
    list_display = ["day", "action", "organization_id", "object_type", "object_id"]
    list_filter = ["action"]


@admin.register(AuditTally)
class AuditTallyAdmin(ReadOnlyAdmin):
    list_display = ["day", "action", "subject", "target", "organization_id", "occurrences"]
    list_filter = ["action"]
