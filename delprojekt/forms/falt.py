"""Form fields shared by the project's forms."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError


class FlervalFalt(forms.ModelMultipleChoiceField):
    """A multiple choice of objects where an id beyond the database's integers is unknown.

    Django looks the chosen ids up with ``__in``; on SQLite an id above 2**63 raises
    OverflowError there, which would answer a posted form with a server error.
    """

    def _check_values(self, value):
        try:
            return super()._check_values(value)
        except OverflowError:
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice", params={"value": ""}
            ) from None
