from django.urls import path

from circles.home import views

urlpatterns = [
    path("", views.landing, name="landing"),
    path("help/", views.find_help, name="find_help"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("healthz", views.healthz, name="healthz"),
    path("start/", views.after_login, name="after_login"),
    path("o/", views.choose_org, name="choose_org"),
]

org_urlpatterns = [
    path("", views.org_home, name="org_home"),
    path("two-step-sign-in/", views.two_factor_required, name="two_factor_required"),
]
