from django.conf import settings
from django.db import models


class Profile(models.Model):
    """The identifiers mdsync keeps in step with Moodle's custom profile fields."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    edeboid = models.CharField(max_length=64, null=True, blank=True)
    iasid = models.CharField(max_length=64, null=True, blank=True)

    def __str__(self):
        return f"profile of user {self.user_id}"


# --- test control (used only when MDSYNC_PEER_TEST_CONTROL=1) -------------


class Fault(models.Model):
    """An injected failure: the next `times` requests matching path/method get
    `status` (after sleeping delay_ms).  status 0 = only delay, then serve
    normally.  times < 0 = forever."""

    path = models.CharField(max_length=255)  # prefix of request.path
    method = models.CharField(max_length=10, blank=True, default="")  # "" = any
    status = models.IntegerField(default=503)
    times = models.IntegerField(default=1)
    delay_ms = models.IntegerField(default=0)
    body = models.TextField(null=True, blank=True)
    content_type = models.CharField(max_length=100, default="application/json")
    retry_after = models.CharField(max_length=64, null=True, blank=True)

    class Meta:
        ordering = ["id"]


class RequestCount(models.Model):
    """How many requests the peer has seen per path (all worker processes)."""

    path = models.CharField(max_length=255, unique=True)
    count = models.IntegerField(default=0)


class GradeEvent(models.Model):
    """A grade change received from Moodle, stored once per Idempotency-Key.
    A repeat of the same key gets the stored answer back and changes nothing."""

    idempotency_key = models.CharField(max_length=200, unique=True)
    moodle_user_id = models.BigIntegerField()
    djangoid = models.CharField(max_length=64, null=True, blank=True)
    course_id = models.BigIntegerField()
    item_id = models.BigIntegerField()
    finalgrade = models.FloatField(null=True, blank=True)
    timemodified = models.BigIntegerField()
    payload = models.TextField()  # the body as received
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
