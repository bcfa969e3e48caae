"""Who may change what: everyone reads, editors write."""

from rest_framework.permissions import SAFE_METHODS, BasePermission


def is_editor(user):
    """Editors are staff users; a superuser is one too."""
    return bool(user and user.is_authenticated and (user.is_staff or user.is_superuser))


class IsEditorOrReadOnly(BasePermission):
    message = "Only editors may change data. Authenticate with an editor's API token."

    def has_permission(self, request, view):
        return request.method in SAFE_METHODS or is_editor(request.user)
