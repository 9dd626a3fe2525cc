from django.contrib.auth.decorators import login_not_required
from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("inloggen/", views.login_view, name="login"),
    path("inloggen/code/", views.verify_view, name="verify"),
    path("inloggen/instellen/", views.enrol_view, name="enrol"),
    path(
        "inloggen/activeren/<str:token>/",
        views.enrolment_link_view,
        name="enrolment-link",
    ),
    path("inloggen/activeren/", views.activate_view, name="activate"),
    path("uitloggen/", views.logout_view, name="logout"),
    path("account/sessies/", views.sessions_view, name="sessions"),
    path(
        "account/sessies/beeindigen/",
        views.sessions_end_others_view,
        name="sessions-end-others",
    ),
    path("account/herstelcodes/", views.recovery_codes_view, name="recovery-codes"),
    path(
        "account/herstelcodes/nieuw/",
        views.recovery_codes_regenerate_view,
        name="recovery-codes-regenerate",
    ),
    path(
        "beheer/gebruikers/<int:pk>/tweestap-resetten/",
        views.second_factor_reset_view,
        name="second-factor-reset",
    ),
    path("account/wachtwoord/", views.password_change_view, name="password-change"),
    path(
        "beheer/gebruikers/<int:pk>/ontgrendelen/",
        views.unlock_view,
        name="unlock",
    ),
    path(
        "beheer/gebruikers/<int:pk>/uitnodigen/",
        views.enrolment_invite_view,
        name="enrolment-invite",
    ),
    path(
        "wachtwoord-vergeten/",
        login_not_required(views.PasswordResetView.as_view()),
        name="password-reset",
    ),
    path(
        "wachtwoord-vergeten/verzonden/",
        login_not_required(views.PasswordResetDoneView.as_view()),
        name="password-reset-done",
    ),
    path(
        "wachtwoord-herstellen/<uidb64>/<token>/",
        login_not_required(views.PasswordResetConfirmView.as_view()),
        name="password-reset-confirm",
    ),
    path(
        "wachtwoord-herstellen/klaar/",
        login_not_required(views.PasswordResetCompleteView.as_view()),
        name="password-reset-complete",
    ),
]
