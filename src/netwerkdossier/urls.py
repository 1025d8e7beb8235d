from django.urls import include, path

from netwerkdossier.api.router import api
from netwerkdossier.web.health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("api/v1/", api.urls),
    path("portaal/", include("netwerkdossier.portal.urls")),
    path("", include("netwerkdossier.portal.staff_urls")),
    path("", include("netwerkdossier.retention.urls")),
    path("", include("netwerkdossier.safety.urls")),
    path("", include("netwerkdossier.analysis.urls")),
    path("", include("netwerkdossier.collaboration.urls")),
    # Before monitoring's dashboards, whose monitoring/<name> would take its path.
    path("", include("netwerkdossier.monitoring.exchange.urls")),
    path("", include("netwerkdossier.monitoring.urls")),
    path("", include("netwerkdossier.measures.urls")),
    path("", include("netwerkdossier.decisions.urls")),
    path("", include("netwerkdossier.web.urls")),
]

handler404 = "netwerkdossier.web.errors.not_found"
handler500 = "netwerkdossier.web.errors.server_error"
