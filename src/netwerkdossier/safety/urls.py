from django.urls import path

from . import plan_views, views

app_name = "safety"
urlpatterns = [
    path("huishoudens/<uuid:pk>/melding", views.report_new, name="report"),
    path("trajecten/<uuid:pk>", views.case_page, name="case"),
    path("trajecten/<uuid:pk>/fase", views.transition, name="transition"),
    path("trajecten/<uuid:pk>/fasevoorstel", views.proposal_answer, name="proposal_answer"),
    path("trajecten/<uuid:pk>/veiligheidsbeoordeling", views.triage, name="triage"),
    path("trajecten/<uuid:pk>/route", views.route, name="route"),
    path("nacontroles/<uuid:pk>", views.follow_up, name="follow_up"),
    path("trajecten/<uuid:pk>/veiligheidsplan", plan_views.plan_page, name="plan"),
    path("trajecten/<uuid:pk>/veiligheidsplan/gevaren", plan_views.danger_add,
         name="danger_add"),
    path("trajecten/<uuid:pk>/veiligheidsplan/afspraken", plan_views.agreement_add,
         name="agreement_add"),
    path("afspraken/<uuid:pk>/status", plan_views.agreement_status, name="agreement_status"),
    path("trajecten/<uuid:pk>/veiligheidsplan/netwerk", plan_views.network_add,
         name="network_add"),
    path("trajecten/<uuid:pk>/veiligheidsplan/schaalvragen", plan_views.scaling_add,
         name="scaling_add"),
    path("trajecten/<uuid:pk>/veiligheidsplan/controle", plan_views.check_set,
         name="check_set"),
    path("gevaren/<uuid:pk>/gezinswoorden", plan_views.family_words_set,
         name="family_words_set"),
    path("trajecten/<uuid:pk>/veiligheidsplan/kindversie", plan_views.child_version_set,
         name="child_version_set"),
    path("trajecten/<uuid:pk>/veiligheidsplan/kindversie/afdrukken",
         plan_views.child_version_print, name="child_version_print"),
    path("trajecten/<uuid:pk>/veiligheidsplan/versies", plan_views.plan_history,
         name="plan_history"),
    path("planversies/<uuid:pk>", plan_views.plan_version, name="plan_version"),
]
