from django.contrib.auth.models import User
from django.db import transaction
from rest_framework import generics

from .pagination import (
    UserCursorPagination,
    UserLimitOffsetPagination,
    UserPageNumberPagination,
)
from .serializers import PeopleSerializer, UserSerializer


def synced_users(request=None):
    """Accounts mdsync sees.  Staff accounts (like the API service account
    made by `print_token`) are not people to sync and are left out.

    `?role=<name>` narrows the list to members of the Django group of that
    name (groups are how a Django project usually records roles such as
    "student"): mdsync's `django_filter` option sends it."""
    users = User.objects.filter(is_staff=False).select_related("profile").order_by("id")
    role = request.query_params.get("role") if request is not None else None
    if role:
        users = users.filter(groups__name=role).distinct()
    return users


class UserListCreate(generics.ListCreateAPIView):
    """GET/POST /api/user/ (page number pagination)."""

    serializer_class = UserSerializer
    pagination_class = UserPageNumberPagination

    def get_queryset(self):
        return synced_users(self.request)

    def create(self, request, *args, **kwargs):
        # One IMMEDIATE transaction around the email check and the insert:
        # concurrent creates with the same email cannot both get through.
        with transaction.atomic():
            return super().create(request, *args, **kwargs)


class UserListLimitOffset(generics.ListAPIView):
    """GET /api/user-limit/ (limit/offset pagination)."""

    serializer_class = UserSerializer
    pagination_class = UserLimitOffsetPagination

    def get_queryset(self):
        return synced_users(self.request)


class UserListCursor(generics.ListAPIView):
    """GET /api/user-cursor/ (cursor pagination, ordered by id, no count)."""

    serializer_class = UserSerializer
    pagination_class = UserCursorPagination

    def get_queryset(self):
        return synced_users(self.request)


class PeopleList(generics.ListAPIView):
    """GET /api/people/ (other field names, nested profile)."""

    serializer_class = PeopleSerializer
    pagination_class = UserPageNumberPagination

    def get_queryset(self):
        return synced_users(self.request)
