from rest_framework.pagination import (
    CursorPagination,
    LimitOffsetPagination,
    PageNumberPagination,
)


class UserPageNumberPagination(PageNumberPagination):
    """?page=N&page_size=M -> {"count", "next", "previous", "results"}"""

    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 1000


class UserLimitOffsetPagination(LimitOffsetPagination):
    """?limit=M&offset=K -> {"count", "next", "previous", "results"}"""

    default_limit = 100
    max_limit = 1000


class UserCursorPagination(CursorPagination):
    """?cursor=...&page_size=M -> {"next", "previous", "results"} (no count)"""

    ordering = "id"
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 1000
