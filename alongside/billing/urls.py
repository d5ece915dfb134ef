from django.urls import path

from . import views

app_name = "billing"

urlpatterns = [
    path("billing/", views.queue, name="queue"),
    path("billing/people/<int:member_id>/", views.identity, name="identity"),
    path("billing/export/", views.export, name="export"),
    path("billing/payers/", views.payers, name="payers"),
    path("billing/payers/<int:payer_id>/", views.payer, name="payer"),
]
