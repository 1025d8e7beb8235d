from django.urls import path

from .views import (
    access_matrix,
    attachments,
    auth,
    break_glass,
    entries,
    household,
    notifications,
    possible_matches,
    privacy,
    purpose,
    register,
    search,
    worklist,
)
from .views.address_shield import address_shield_end, address_shield_page
from .views.case_tables import case_tables as case_tables_page
from .views.consent import consent_page

app_name = "web"
urlpatterns = [
    path("inloggen", auth.LoginView.as_view(), name="login"),
    path("uitloggen", auth.LogoutView.as_view(), name="logout"),
    path("doel", purpose.choose_purpose, name="purpose"),
    path("", worklist.worklist, name="worklist"),
    path("zoeken", search.search, name="search"),
    path("huishoudens/nieuw", register.register, name="register"),
    path("huishoudens/<uuid:pk>", household.household_page, name="household"),
    path("huishoudens/<uuid:pk>/tijdlijn", household.timeline_partial, name="timeline"),
    path("huishoudens/<uuid:pk>/aantekeningen/nieuw", entries.entry_add, name="entry_add"),
    path("aantekeningen/<uuid:pk>", entries.entry_detail, name="entry"),
    path("aantekeningen/<uuid:pk>/corrigeren", entries.entry_correct, name="entry_correct"),
    path("bijlagen/<uuid:pk>", attachments.attachment_download, name="attachment"),
    path("personen/<uuid:pk>/toestemming", consent_page, name="consent"),
    path("huishoudens/<uuid:pk>/casustafels", case_tables_page, name="case_tables"),
    path("huishoudens/<uuid:pk>/adresafscherming", address_shield_page, name="address_shield"),
    path("huishoudens/<uuid:pk>/adresafscherming/<uuid:shield_pk>/beeindigen",
         address_shield_end, name="address_shield_end"),
    path("huishoudens/<uuid:pk>/noodtoegang", break_glass.break_glass_start,
         name="break_glass_start"),
    path("meldingen", notifications.notifications, name="notifications"),
    path("privacy/noodtoegang", privacy.break_glass_queue, name="break_glass_queue"),
    path("privacy/noodtoegang/<uuid:pk>/beoordelen", privacy.break_glass_review,
         name="break_glass_review"),
    path("privacy/toegangslog", privacy.access_log, name="access_log"),
    path("privacy/toegangsmatrix", access_matrix.access_matrix, name="access_matrix"),
    path("privacy/mogelijke-matches", possible_matches.possible_matches,
         name="possible_matches"),
    path("privacy/mogelijke-matches/<uuid:pk>/afgehandeld",
         possible_matches.possible_match_resolve, name="possible_match_resolve"),
]
