"""Error pages in Dutch; API paths get application/problem+json instead of HTML."""

from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template.loader import render_to_string

from netwerkdossier.api.problems import problem_response


def not_found(request, exception=None):
    if request.path.startswith("/api/"):
        return problem_response(404, "Niet gevonden",
                                "Dit bestaat niet of u mag het niet zien.")
    return render(request, "web/404.html", status=404)


def server_error(request):
    if request.path.startswith("/api/"):
        return problem_response(500, "Interne fout",
                                "Er ging iets mis. Er is niets opgeslagen.")
    # Rendered without the request: context processors may need the broken database.
    return HttpResponseServerError(render_to_string("web/500.html"))
