"""Plans (see docs/plans.md): the person's own plan under /o/<slug>/plan/, and what
others see only because the person shared it, under /o/<slug>/shared-plans/."""

from django.urls import URLPattern, path

from circles.plans.views import goals, helpers, plan, sharing, wellness

GOAL = "plan/goals/<int:goal_id>/"
STEP = "plan/steps/<int:action_id>/"
HELPER = "plan/helpers/<int:helper_id>/"
SHARED = "shared-plans/<int:share_id>/"

org_urlpatterns: list[URLPattern] = [
    path("plan/", plan.plan_home, name="plan_home"),
    path("plan/about/", plan.plan_about, name="plan_about"),
    path("plan/reminders/", plan.plan_reminders, name="plan_reminders"),
    path("plan/print/", plan.plan_print, name="plan_print"),
    path("plan/download/", plan.plan_download, name="plan_download"),
    path("plan/delete/", plan.plan_delete, name="plan_delete"),
    # Goals and the GROW flow
    path("plan/goals/new/", goals.goal_new, name="goal_new"),
    path(GOAL, goals.goal_detail, name="goal_detail"),
    path(GOAL + "grow/<slug:step>/", goals.goal_step, name="goal_step"),
    path(GOAL + "steps/add/", goals.action_add, name="action_add"),
    path(GOAL + "review/", goals.goal_review, name="goal_review"),
    path(GOAL + "delete/", goals.goal_delete, name="goal_delete"),
    path(STEP + "done/", goals.action_done, name="action_done"),
    path(STEP + "delete/", goals.action_delete, name="action_delete"),
    # Circles of helpers
    path("plan/helpers/", helpers.plan_helpers, name="plan_helpers"),
    path(HELPER, helpers.helper_edit, name="helper_edit"),
    path(HELPER + "closer/", helpers.helper_closer, name="helper_closer"),
    path(HELPER + "further/", helpers.helper_further, name="helper_further"),
    path(HELPER + "delete/", helpers.helper_delete, name="helper_delete"),
    # Wellness and crisis plan
    path("plan/wellness/", wellness.plan_wellness, name="plan_wellness"),
    # Sharing, by the person; reading, by whoever they named
    path("plan/sharing/", sharing.plan_sharing, name="plan_sharing"),
    path("plan/sharing/<int:share_id>/withdraw/", sharing.share_withdraw, name="share_withdraw"),
    path("shared-plans/", sharing.shared_list, name="shared_list"),
    path(SHARED, sharing.shared_view, name="shared_view"),
    path(SHARED + "comment/", sharing.shared_comment, name="shared_comment"),
]
urlpatterns: list[URLPattern] = []
