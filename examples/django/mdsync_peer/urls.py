from django.conf import settings
from django.http import JsonResponse
from django.urls import include, path

from peer import grades, views

urlpatterns = [
    path("api/user/", views.UserListCreate.as_view(), name="user-list"),
    path("api/user-limit/", views.UserListLimitOffset.as_view(), name="user-limit"),
    path("api/user-cursor/", views.UserListCursor.as_view(), name="user-cursor"),
    path("api/people/", views.PeopleList.as_view(), name="people-list"),
    path("api/grades/", grades.grades_collection, name="grades"),
    path("api/gradebook/cell/<str:djangoid>/<str:item>/", grades.gradebook_cell, name="gradebook-cell"),
]

if settings.TEST_CONTROL:
    urlpatterns.append(path("_test/", include("peer.testcontrol")))


def handler404(request, exception=None):
    return JsonResponse({"detail": "Not found."}, status=404)


def handler500(request):
    return JsonResponse({"detail": "Server error."}, status=500)
