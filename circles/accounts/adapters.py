from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from circles.accounts import actions
from circles.lib import ratelimit


class AccountAdapter(DefaultAccountAdapter):
    """Sign-in rules: no open sign-up, a per-account limit, every logout ends all sessions."""

    error_messages = {
        **DefaultAccountAdapter.error_messages,
        # Same words whether or not the email belongs to someone.
        "email_password_mismatch": _(
            "That email and password did not match. Please check them and try again."
        ),
        "too_many_login_attempts": _(
            "For your safety, signing in to this account is paused for up to 15 minutes "
            "after several tries that did not work. Please take a break and try again later, "
            "or use “Forgot your password?” to set a new one."
        ),
    }

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # People join an organisation through an invitation, never by open sign-up.
        return False

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        # Counted before the password is checked: see actions.take_sign_in_attempt.
        email = credentials.get("email", "")
        self._sign_in_attempt: ratelimit.Attempt | None = actions.take_sign_in_attempt(email)
        if self._sign_in_attempt.refused:
            actions.audit_sign_in_trouble(
                "login.refused_locked", email, actions.user_with_email(email)
            )
            raise self.validation_error("too_many_login_attempts")

    def authenticate(self, request: HttpRequest, **credentials: Any) -> Any:
        self._sign_in_attempt = None
        user = super().authenticate(request, **credentials)
        if user is not None and self._sign_in_attempt is not None:
            # Only wrong passwords count. Giving back this attempt rather than
            # forgetting every failure keeps a guesser who also knows one
            # password from wiping the count.
            self._sign_in_attempt.give_back()
        return user

    def authentication_failed(self, request: HttpRequest, **credentials: Any) -> None:
        attempt = getattr(self, "_sign_in_attempt", None)
        actions.record_failed_login(
            request,
            credentials.get("email", ""),
            locks=attempt is not None and attempt.took_the_last_place,
        )

    def logout(self, request: HttpRequest) -> None:
        user = request.user
        if user.is_authenticated:
            actions.end_all_sessions(user)
            actions.audit("logout", actor=user)
        super().logout(request)
