"""Form fields that read ids: a value that cannot be an id is a form error, never a 500.

Django's model choice fields hand any number to the database; SQLite cannot hold one
past 64 bits and raises ``OverflowError``. These check the value first.
"""

from typing import Any

from django import forms
from django.db import models

# The largest value a BigAutoField holds, on SQLite and PostgreSQL alike.
MAX_ID = 2**63 - 1


def parse_id(value: Any) -> int | None:
    """The id in ``value`` (ASCII digits, 1 to MAX_ID), or None."""
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    else:
        text = str(value).strip()
        if not (text.isascii() and text.isdecimal()) or len(text) > len(str(MAX_ID)):
            return None
        number = int(text)
    return number if 1 <= number <= MAX_ID else None


class ModelChoiceField(forms.ModelChoiceField):
    def to_python(self, value: Any) -> Any:
        is_id = self.to_field_name is None and not isinstance(value, models.Model)
        if is_id and value not in self.empty_values and parse_id(value) is None:
            message = self.error_messages["invalid_choice"]
            raise forms.ValidationError(message, code="invalid_choice")
        return super().to_python(value)


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    def clean(self, value: Any) -> Any:
        if self.to_field_name is None and isinstance(value, list | tuple):
            for item in value:
                if not isinstance(item, models.Model) and parse_id(item) is None:
                    raise forms.ValidationError(
                        self.error_messages["invalid_pk_value"],
                        code="invalid_pk_value",
                        params={"pk": item},
                    )
        return super().clean(value)
