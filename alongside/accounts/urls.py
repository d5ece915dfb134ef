from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("", views.home, name="home"),
    path("account/sign-up/", views.sign_up, name="sign-up"),
    path("account/sign-in/", views.sign_in, name="sign-in"),
    path("account/sign-out/", views.sign_out, name="sign-out"),
    path("account/quick-exit/", views.quick_exit, name="quick-exit"),
    path("account/password/", views.PasswordChangeView.as_view(), name="password-change"),
    path("account/password/reset/", views.PasswordResetView.as_view(), name="password-reset"),
    path("account/password/reset/sent/", views.password_reset_sent, name="password-reset-sent"),
    path(
        "account/password/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
    path("account/profile/", views.profile, name="profile"),
    path("account/apps/<int:token_id>/end/", views.api_sign_in_end, name="api-sign-in-end"),
    path("account/sharing/", views.consent, name="consent"),
    path("account/sharing/research/", views.consent_research, name="consent-research"),
    path("account/sharing/<int:consent_id>/stop/", views.consent_revoke, name="consent-revoke"),
    path("account/two-factor/", views.two_factor_setup, name="two-factor-setup"),
    path("account/two-factor/verify/", views.two_factor_verify, name="two-factor-verify"),
    path("i18n/language/", views.set_language, name="set-language"),
    path("program/choose/", views.choose_program, name="choose-program"),
    path("program/", views.program_settings, name="program-settings"),
    path("program/front-page/", views.front_page_settings, name="front-page-settings"),
    path("people/", views.people, name="people"),
    path("people/<int:person_id>/", views.person, name="person"),
    path("people/<int:person_id>/roles/", views.person_roles, name="person-roles"),
]
