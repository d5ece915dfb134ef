from django.urls import path

from . import views

app_name = "care_plans"
urlpatterns = [
    path("plans/", views.index, name="index"),
    path("plans/goals/", views.goals, name="goals"),
    path("plans/goals/<int:goal_id>/", views.goal, name="goal"),
    path("plans/goals/<int:goal_id>/status/", views.goal_status, name="goal-status"),
    path("plans/goals/<int:goal_id>/steps/<int:step_id>/done/", views.step_done, name="step-done"),
    path("plans/<str:kind>/substance-use/", views.plan_substance_use, name="plan-substance-use"),
    path("plans/shared/", views.shared_list, name="shared-list"),
    path("plans/people/<int:member_id>/", views.shared_member, name="shared-member"),
    path("plans/people/<int:member_id>/<str:kind>/", views.shared_plan, name="shared-plan"),
    path("plans/<str:kind>/", views.plan, name="plan"),
    path("plans/<str:kind>/save/", views.plan_save, name="plan-save"),
    path("plans/<str:kind>/print/", views.plan_print, name="plan-print"),
    path("plans/<str:kind>/pdf/", views.plan_pdf, name="plan-pdf"),
    path("plans/<str:kind>/versions/", views.plan_versions, name="plan-versions"),
    path("plans/<str:kind>/versions/<int:number>/", views.plan_version, name="plan-version"),
]
