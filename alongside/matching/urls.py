from django.urls import path

from . import views

app_name = "matching"

urlpatterns = [
    path("find-a-peer/", views.intake, name="intake"),
    path("find-a-peer/choose/", views.choices, name="choices"),
    path("find-a-peer/<int:request_id>/choose/", views.choose, name="choose"),
    path("find-a-peer/switch/", views.switch, name="switch"),
    path("find-a-peer/<int:request_id>/drop-in/", views.join_drop_in, name="drop-in"),
    path("matching/profile/", views.supporter_profile, name="supporter-profile"),
    path("matching/offers/", views.offers, name="offers"),
    path(
        "matching/offers/<int:offer_id>/accept/",
        views.answer_offer,
        {"answer": "accept"},
        name="offer-accept",
    ),
    path(
        "matching/offers/<int:offer_id>/decline/",
        views.answer_offer,
        {"answer": "decline"},
        name="offer-decline",
    ),
    path("matching/queue/take/", views.take_next, name="take-next"),
    path("matching/supervisor/", views.supervisor, name="supervisor"),
    path("matching/supervisor/assign/", views.assign, name="assign"),
    path("matching/supervisor/assign-all/", views.assign_batch, name="assign-batch"),
]
