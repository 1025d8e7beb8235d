from django.urls import path

from netwerkdossier.decisions import portal_views as request_views

from . import views, views_data, views_login

app_name = "portal"
urlpatterns = [
    path("inloggen", views_login.login_password, name="login"),
    path("inloggen/code", views_login.login_code, name="login_code"),
    path("inloggen/digid", views_login.oidc_start, name="oidc_start"),
    path("inloggen/digid/terug", views_login.oidc_callback, name="oidc_callback"),
    path("uitloggen", views_login.logout, name="logout"),
    path("", views.home, name="home"),
    path("plan-voor-kinderen", views.child_plan, name="child_plan"),
    path("aantekeningen", views.entry_list, name="entries"),
    path("aantekeningen/<uuid:pk>", views.entry_detail, name="entry"),
    path("aantekeningen/<uuid:pk>/verklaring", views.statement_add, name="statement_add"),
    path("aantekeningen/<uuid:pk>/verzoek", views.request_add, name="request_add"),
    path("besluiten", views.decisions, name="decisions"),
    path("analyse", views.analysis, name="analysis"),
    path("verzoeken", views.my_requests, name="requests"),
    path("verzoekschriften", request_views.request_list, name="measure_requests"),
    path("verzoekschriften/<uuid:pk>", request_views.request_detail, name="measure_request"),
    path("wie-keek", views.who_looked, name="who_looked"),
    path("vragenlijst", views.questionnaire, name="questionnaire"),
    path("toestemming", views_data.consent, name="consent"),
    path("mijn-gegevens", views_data.data_page, name="data"),
    path("mijn-gegevens.json", views_data.export_json, name="export_json"),
    path("mijn-gegevens.pdf", views_data.export_pdf, name="export_pdf"),
]
