"""Who may change what through the API: everyone reads, editors write, administrators delete."""

from rest_framework.permissions import SAFE_METHODS, BasePermission

from .roles import is_administrator, is_editor


class IsEditorOrReadOnly(BasePermission):
    """Reads for everyone; POST, PUT and PATCH for editors; DELETE for administrators.

    A request without credentials is refused with 401 and a WWW-Authenticate header (DRF does
    that when the first authentication class names a scheme); a signed-in user without the
    role gets 403 with the message below.
    """

    message = "Only editors may change data. Authenticate with an editor's API token."

    def has_permission(self, request, view):
        if request.method in SAFE_METHODS:
            return True
        if request.method == "DELETE":
            # A fresh instance serves each request, so the message can depend on the method.
            self.message = "Only administrators may delete data. Authenticate with an administrator's API token."
            return is_administrator(request.user)
        return is_editor(request.user)
