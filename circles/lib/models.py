from django.db import models


class RateCount(models.Model):
    """How many times one subject did one kind of thing in one window.

    Written only by ``circles.lib.ratelimit`` with single atomic statements. The
    subject is a keyed digest or an id (never an address, a code or an email),
    and the window is aligned to its length, so a row says no more about when
    something happened than "in this window": for anything anonymous the window
    is a whole day. Rows are swept once their window has passed.
    """

    scope = models.CharField(max_length=40)
    subject = models.CharField(max_length=80)
    # Seconds since the epoch: the start of the window (a multiple of its length) and its end.
    window_start = models.BigIntegerField()
    expires = models.BigIntegerField(db_index=True)
    count = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "subject", "window_start"], name="lib_ratecount_one_per_window"
            )
        ]

    def __str__(self) -> str:
        return f"{self.scope} {self.subject}: {self.count}"
