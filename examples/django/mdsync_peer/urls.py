from django.conf import settings
from django.http import JsonResponse
from django.urls import include, path

from peer import views

urlpatterns = [
    path("api/user/", views.UserListCreate.as_view(), name="user-list"),
    path("api/user-limit/", views.UserListLimitOffset.as_view(), name="user-limit"),
    path("api/user-cursor/", views.UserListCursor.as_view(), name="user-cursor"),
    path("api/people/", views.PeopleList.as_view(), name="people-list"),
]

if settings.TEST_CONTROL:
    urlpatterns.append(path("_test/", include("peer.testcontrol")))


def handler404(request, exception=None):
    return JsonResponse({"detail": "Not found."}, status=404)


def handler500(request):
    return JsonResponse({"detail": "Server error."}, status=500)
