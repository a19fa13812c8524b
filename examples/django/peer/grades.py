"""Receiving grade changes from mdsync: what a Django team has to implement.

Every request is signed: X-Mdsync-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret,
"<t>.<body>")>. The receiver checks the HMAC in constant time, refuses a timestamp more
than five minutes away (settings.MDSYNC_SIGNATURE_TOLERANCE_S), and stores each event once per Idempotency-Key: a repeat (a retry
after a lost answer, or a replayed request) gets the stored answer and changes nothing.
"""
import hashlib
import hmac
import json
import time

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from rest_framework import generics, serializers
from rest_framework.pagination import PageNumberPagination

from .models import GradeEvent

REQUIRED_INTS = ("userid", "courseid", "itemid", "timemodified")


def signature_problem(body: bytes, header: str) -> str | None:
    """Why the signature is not acceptable, or None if it is."""
    secret = settings.MDSYNC_SIGNING_SECRET
    if not secret:
        return "the peer has no signing secret configured (MDSYNC_PEER_SIGNING_SECRET)"
    t, sigs = None, []
    for part in header.split(","):
        key, _, value = part.strip().partition("=")
        if key == "t" and value.isdigit() and t is None:
            t = int(value)
        elif key == "v1":
            sigs.append(value.lower())
    if t is None or not sigs:
        return "missing or malformed X-Mdsync-Signature"
    if abs(time.time() - t) > settings.MDSYNC_SIGNATURE_TOLERANCE_S:
        return "stale signature timestamp"
    expected = hmac.new(secret.encode(), f"{t}.".encode() + body, hashlib.sha256).hexdigest()
    if not any(hmac.compare_digest(expected, s) for s in sigs):
        return "bad signature"
    return None


def receive(request, djangoid=None, item=None):
    problem = signature_problem(request.body, request.headers.get("X-Mdsync-Signature", ""))
    if problem:
        return JsonResponse({"detail": problem}, status=401)
    key = request.headers.get("Idempotency-Key", "").strip()
    if not key or len(key) > 200:
        return JsonResponse({"detail": "an Idempotency-Key header (up to 200 characters) is required"}, status=400)
    try:
        event = json.loads(request.body)
    except ValueError:
        return JsonResponse({"detail": "the body is not JSON"}, status=400)
    if not isinstance(event, dict):
        return JsonResponse({"detail": "the body must be a JSON object"}, status=400)
    errors = {f: ["an integer is required"] for f in REQUIRED_INTS if not isinstance(event.get(f), int)}
    grade = event.get("finalgrade")
    if grade is not None and not isinstance(grade, (int, float)):
        errors["finalgrade"] = ["a number or null is required"]
    if djangoid is not None and str(event.get("djangoid")) != djangoid:
        errors["djangoid"] = ["does not match the URL"]
    if errors:
        return JsonResponse(errors, status=400)

    status = 201 if request.method == "POST" else 200
    try:
        with transaction.atomic():
            stored = GradeEvent.objects.create(
                idempotency_key=key,
                moodle_user_id=event["userid"],
                djangoid=event.get("djangoid"),
                course_id=event["courseid"],
                item_id=event["itemid"],
                finalgrade=grade,
                timemodified=event["timemodified"],
                payload=request.body.decode("utf-8", "replace"),
            )
    except IntegrityError:
        stored = GradeEvent.objects.get(idempotency_key=key)
        response = JsonResponse({"id": stored.id, "idempotency_key": key}, status=200)
        response["Idempotent-Replayed"] = "true"
        return response
    return JsonResponse({"id": stored.id, "idempotency_key": key}, status=status)


class GradeEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = GradeEvent
        fields = ["id", "idempotency_key", "moodle_user_id", "djangoid", "course_id", "item_id",
                  "finalgrade", "timemodified", "received_at"]


class GradePagination(PageNumberPagination):
    page_size = 1000


class GradeEventList(generics.ListAPIView):
    """GET /api/grades/ (token auth): what was received, for people and tests."""

    serializer_class = GradeEventSerializer
    queryset = GradeEvent.objects.all()
    pagination_class = GradePagination


@csrf_exempt
def grades_collection(request):
    """POST /api/grades/: a signed grade event. GET: the stored events (token auth)."""
    if request.method == "POST":
        return receive(request)
    if request.method == "GET":
        return GradeEventList.as_view()(request)
    return JsonResponse({"detail": "method not allowed"}, status=405)


@csrf_exempt
def gradebook_cell(request, djangoid, item):
    """PATCH /api/gradebook/cell/<djangoid>/<item>/: the per-cell style (grades_url_template)."""
    if request.method != "PATCH":
        return JsonResponse({"detail": "method not allowed"}, status=405)
    return receive(request, djangoid=djangoid, item=item)
