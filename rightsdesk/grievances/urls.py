from django.urls import path

from rightsdesk.grievances.views import public, staff

app_name = "grievances"

urlpatterns = [
    path("", public.procedure, name="procedure"),
    path("file/", public.file, name="file"),
    path("register/", public.register, name="register"),
    path("follow/login/", public.follow_login, name="follow_login"),
    path("follow/", public.follow, name="follow"),
    path("follow/appeal/", public.follow_appeal, name="follow_appeal"),
    path("follow/remedy/", public.follow_remedy, name="follow_remedy"),
    path("follow/rating/", public.follow_rating, name="follow_rating"),
    path("follow/logout/", public.follow_logout, name="follow_logout"),
    path("follow/files/<uuid:uid>/", public.follow_file, name="follow_file"),
    path("staff/", staff.staff_list, name="staff_list"),
    path("staff/scorecard/", staff.staff_scorecard, name="staff_scorecard"),
    path("staff/<str:number>/", staff.staff_detail, name="staff_detail"),
    path("staff/<str:number>/move/", staff.staff_move, name="staff_move"),
    path("staff/<str:number>/reply/", staff.staff_reply, name="staff_reply"),
    path("staff/<str:number>/grant/", staff.staff_grant, name="staff_grant"),
    path("staff/<str:number>/recuse/", staff.staff_recuse, name="staff_recuse"),
    path("staff/<str:number>/learning/", staff.staff_learning, name="staff_learning"),
    path("staff/<str:number>/remedy/", staff.staff_remedy, name="staff_remedy"),
    path("staff/<str:number>/remedy/done/", staff.staff_remedy_done, name="staff_remedy_done"),
    path("staff/<str:number>/appeal/", staff.staff_appeal, name="staff_appeal"),
    path("staff/<str:number>/register/", staff.staff_register, name="staff_register"),
    path("staff/<str:number>/files/<uuid:uid>/", staff.staff_file, name="staff_file"),
]
