"""
Fault injection and request counting for test suites.

Loaded only when MDSYNC_PEER_TEST_CONTROL=1 (see settings.py).  State lives in
the database, not in memory, because gunicorn runs several worker processes.

  POST   /_test/faults    {"path": "/api/user/", "method": "GET", "status": 503,
                           "times": 1, "delay_ms": 0, "body": null,
                           "content_type": "application/json", "retry_after": "1"}
  DELETE /_test/faults    remove every fault
  GET    /_test/requests?path=/api/user/   {"path": ..., "count": N}
  GET    /_test/requests                   {"counts": {path: N, ...}}
  DELETE /_test/requests  reset the counters
"""
import json
import time

from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpResponse, JsonResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from .models import Fault, RequestCount

CONTROL_PREFIX = "/_test/"


def count_request(req_path):
    with transaction.atomic():
        if not RequestCount.objects.filter(path=req_path).update(count=F("count") + 1):
            try:
                with transaction.atomic():
                    RequestCount.objects.create(path=req_path, count=1)
            except IntegrityError:  # another worker created it first
                RequestCount.objects.filter(path=req_path).update(count=F("count") + 1)


def claim_fault(request):
    """Return the first fault matching this request, using up one of its times."""
    for fault in Fault.objects.all():
        if not request.path.startswith(fault.path):
            continue
        if fault.method and fault.method.upper() != request.method:
            continue
        if fault.times < 0:
            return fault
        # Atomic decrement: of several workers racing, only `times` win.
        if Fault.objects.filter(pk=fault.pk, times__gt=0).update(times=F("times") - 1):
            return fault
    return None


class FaultInjectionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(CONTROL_PREFIX):
            return self.get_response(request)
        count_request(request.path)
        fault = claim_fault(request)
        if fault is None:
            return self.get_response(request)
        if fault.delay_ms > 0:
            time.sleep(fault.delay_ms / 1000)
        if fault.status == 0:
            return self.get_response(request)
        body = fault.body
        if body is None:
            body = json.dumps({"detail": f"injected fault {fault.status}"})
        response = HttpResponse(body, status=fault.status, content_type=fault.content_type)
        if fault.retry_after:
            response["Retry-After"] = fault.retry_after
        return response


FAULT_FIELDS = {
    "path": str, "method": str, "status": int, "times": int, "delay_ms": int,
    "body": str, "content_type": str, "retry_after": str,
}


def _json_body(request):
    try:
        data = json.loads(request.body or b"{}")
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


@csrf_exempt
def faults(request):
    if request.method == "DELETE":
        Fault.objects.all().delete()
        return HttpResponse(status=204)
    if request.method == "GET":
        return JsonResponse({"faults": list(Fault.objects.values())})
    if request.method != "POST":
        return JsonResponse({"detail": "method not allowed"}, status=405)
    data = _json_body(request)
    if data is None or not data.get("path"):
        return JsonResponse({"detail": "JSON object with at least 'path' expected"}, status=400)
    unknown = set(data) - set(FAULT_FIELDS)
    if unknown:
        return JsonResponse({"detail": f"unknown fields: {sorted(unknown)}"}, status=400)
    kwargs = {}
    for key, value in data.items():
        if value is None:
            continue
        if key == "body" and not isinstance(value, str):
            value = json.dumps(value)  # a JSON value is sent as its JSON text
        try:
            kwargs[key] = FAULT_FIELDS[key](value)
        except (TypeError, ValueError):
            return JsonResponse({"detail": f"bad value for {key}"}, status=400)
    fault = Fault.objects.create(**kwargs)
    return JsonResponse({"id": fault.pk}, status=201)


@csrf_exempt
def requests(request):
    if request.method == "DELETE":
        RequestCount.objects.all().delete()
        return HttpResponse(status=204)
    if request.method != "GET":
        return JsonResponse({"detail": "method not allowed"}, status=405)
    wanted = request.GET.get("path")
    if wanted is not None:
        row = RequestCount.objects.filter(path=wanted).first()
        return JsonResponse({"path": wanted, "count": row.count if row else 0})
    return JsonResponse({"counts": dict(RequestCount.objects.values_list("path", "count"))})


urlpatterns = [
    path("faults", faults),
    path("requests", requests),
]
