from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from circles.accounts import actions


class AccountAdapter(DefaultAccountAdapter):
    """Sign-in rules: no open sign-up, a per-account lockout, every logout ends all sessions."""

    error_messages = {
        **DefaultAccountAdapter.error_messages,
        # Same words whether or not the email belongs to someone.
        "email_password_mismatch": _(
            "That email and password did not match. Please check them and try again."
        ),
        "too_many_login_attempts": _(
            "For your safety, signing in to this account is paused for 15 minutes after "
            "several tries that did not work. Please take a break and try again later, "
            "or use “Forgot your password?” to set a new one."
        ),
    }

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # People join an organisation through an invitation, never by open sign-up.
        return False

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        email = credentials.get("email", "")
        if actions.login_locked_until(email):
            actions.audit_sign_in_trouble(
                "login.refused_locked", email, actions.user_with_email(email)
            )
            raise self.validation_error("too_many_login_attempts")

    def authentication_failed(self, request: HttpRequest, **credentials: Any) -> None:
        actions.record_failed_login(request, credentials.get("email", ""))

    def login(self, request: HttpRequest, user: Any) -> None:
        super().login(request, user)
        actions.clear_failed_logins(user.email)

    def logout(self, request: HttpRequest) -> None:
        user = request.user
        if user.is_authenticated:
            actions.end_all_sessions(user)
            actions.audit("logout", actor=user)
        super().logout(request)
