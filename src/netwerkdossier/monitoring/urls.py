from django.urls import path

from . import questionnaire_views, report_views, views

app_name = "monitoring"
urlpatterns = [
    path("monitoring", views.home, name="home"),
    # Before the dashboards' <slug:name>, which would take these names.
    path("monitoring/vragenlijst", questionnaire_views.compare_page, name="questionnaire"),
    path("monitoring/vragenlijst/<slug:code>/<slug:year>", questionnaire_views.answer_page,
         name="questionnaire_answer"),
    path("monitoring/voortgangsrapportage", report_views.report_page, name="report"),
    path("monitoring/<slug:name>", views.dashboard_page, name="dashboard"),
]
