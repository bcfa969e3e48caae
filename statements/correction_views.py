"""The editors' correction screen: /editor/statements/<id>/correct/.

A correction is saved with the editor and the reason in the statement's history, which the
statement page shows as its public corrections log.
"""

import copy

from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from .correction_forms import CorrectionForm
from .editor_views import editor_required
from .models import Statement

TEMPLATE = "statements/editor/correct_statement.html"


@require_http_methods(["GET", "HEAD", "POST"])
@editor_required
def correct_statement(request, pk):
    if request.method != "POST":
        statement = get_object_or_404(Statement.objects.select_related("speaker", "party", "meeting__body"), pk=pk)
        return render(request, TEMPLATE, {"statement": statement, "form": CorrectionForm(instance=statement)})
    with transaction.atomic():
        # Locked until the correction is saved, so that two editors' corrections cannot interleave.
        statement = get_object_or_404(
            Statement.objects.select_for_update(of=("self",)).select_related("speaker", "party", "meeting__body"),
            pk=pk,
        )
        # Validating writes the posted values onto the instance; the page shows the stored ones.
        stored = copy.copy(statement)
        form = CorrectionForm(request.POST, instance=statement)
        if form.is_valid():
            statement = form.save(commit=False)
            statement._change_reason = form.cleaned_data["reason"]
            statement._history_user = request.user
            statement.save()
            messages.success(request, "The correction is saved and listed in the statement's corrections log.")
            return redirect(statement)
    return render(request, TEMPLATE, {"statement": stored, "form": form}, status=400)
