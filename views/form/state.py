"""The contact form's state: the values entered, the inputs showing them, their errors.

Sections build their inputs through `FormState`, which labels them (field
and value names from the translations), wires them to `values`, and lets
other parts react to a change (a field appearing when consent is given).
`values` is the one place what the worker entered lives: the inputs show it.

Errors follow the values live (`model.form_check`): after every change the
form is checked as saving would check it, each field shows its error or
none, and the summary's count follows.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any, Protocol

import flet as ft

from locales import error_message, field_label, label
from model import FieldError
from model.carry_over import NO_CARRY_OVER, CarryOver
from model.form import TEXT_FIELDS, FormValues
from model.form_check import form_errors, shown_errors
from model.values import FIELD_VALUES
from views import ids
from views.ui import Ui
from views.widgets.inputs import Choice, ChoiceGroup, TextInput


class ShowsError(Protocol):
    def show_error(self, text: str | None) -> ft.Control:
        """Show `text` as the input's error (None: no error); the control that changed."""
        ...

    def show_flag(self, text: str | None) -> None: ...


# Called with the number of fields that need attention and the messages of errors
# whose field has no input on screen (0 and [] when all is well); gives the control it changed.
Summary = Callable[[int, list[str]], ft.Control]


class FormState:
    """Values and inputs of one contact form."""

    def __init__(self, ui: Ui, values: FormValues, carry: CarryOver = NO_CARRY_OVER) -> None:
        self.ui = ui
        self.values = values
        # A follow-up's carry-over from the last contact (nothing for a new contact or an edit).
        self.carry = carry
        self.inputs: dict[str, ShowsError] = {}
        self._listeners: list[Callable[[str], None]] = []
        # Scrolls the form to the control with this scroll key (set by the form screen).
        self.reveal: Callable[[str], None] = lambda _key: None
        self.summary: Summary = lambda _count, _others: ft.Container()
        self.tried_to_save = False
        self._refused: list[FieldError] = []  # what saving said that the form's check did not
        self._shown: dict[str, str | None] = {}  # the error each input shows now
        self._summary: tuple[int, list[str]] = (0, [])
        self._changed: list[ft.Control] = []  # what the last check changed on screen

    @property
    def lang(self) -> str:
        return self.ui.lang

    def on_change(self, listener: Callable[[str], None]) -> None:
        """Call `listener(field)` after each change."""
        self._listeners.append(listener)

    def set(self, name: str, value: Any) -> None:
        """Store a value the worker entered, tell who listens, then show what changed."""
        self.ui.touch()
        self.values[name] = value
        self._refused = []
        for listener in self._listeners:
            listener(name)
        self.check()
        if name in TEXT_FIELDS:
            # A keystroke: only what it changed goes to the phone. Sending the whole form
            # (hundreds of controls) per key falls behind a fast thumb on a slow phone.
            for control in self._changed:
                control.update()
        else:
            # Once, after every listener: a section one of them showed must show now.
            self.ui.update()
        self._changed = []

    def choice(self, name: str, *, options: Sequence[tuple[str, str]] | None = None,
               multiple: bool = False) -> ChoiceGroup:
        """Chips for field `name`, labelled in the UI language, showing `values[name]`."""
        group = ChoiceGroup(
            identifier=ids.form_field(name), label=field_label(name, self.lang),
            options=options or self.value_options(name), multiple=multiple,
            source=lambda: self._chosen(name), on_change=lambda value: self.set(name, value))
        self.inputs[name] = group
        return group

    def _chosen(self, name: str) -> frozenset[str]:
        current = self.values.get(name)
        if isinstance(current, set | frozenset | list | tuple):
            return frozenset(current)
        return frozenset({current} if current else ())

    def dropdown(self, name: str, *, options: Sequence[tuple[str, str]],
                 searchable: bool = False) -> Choice:
        """A dropdown for field `name` (long lists)."""
        choice = Choice(identifier=ids.form_field(name), label=field_label(name, self.lang),
                        options=options, value=self.values.get(name), searchable=searchable,
                        on_change=lambda value: self.set(name, value))
        self.inputs[name] = choice
        return choice

    def text(self, name: str, *, multiline: bool = False) -> TextInput:
        """A text field for field `name`. Never cut at its limit: going over is an error
        that says the limit, so nothing typed is lost unseen."""
        field = TextInput(identifier=ids.form_field(name), label=field_label(name, self.lang),
                          value=self.values.get(name), multiline=multiline,
                          on_change=lambda value: self.set(name, value))
        self.inputs[name] = field
        return field

    def value_options(self, name: str) -> list[tuple[str, str]]:
        """The values of field `name` with their labels."""
        return [(value, label(name, value, self.lang)) for value in FIELD_VALUES[name]]

    def check(self) -> tuple[str | None, int]:
        """Show each field's error, or none, as the values are now; tell the summary.

        Returns:
            the identifier of the first field with an error (to scroll to), and
            how many fields need attention.
        """
        self._changed = []
        errors = [*form_errors(self.values, today=date.today()), *self._refused]
        shown = shown_errors(errors, tried_to_save=self.tried_to_save)
        first = None
        for name, field in self.inputs.items():
            error = shown.get(name)
            text = error_message(error, self.lang) if error else None
            if self._shown.get(name) != text:  # only what changed is touched
                self._shown[name] = text
                self._changed.append(field.show_error(text))
            if first is None and error is not None:
                first = ids.form_field(name)
        others = [error_message(error, self.lang) for name, error in shown.items()
                  if name not in self.inputs]
        summary = (len(shown) if self.tried_to_save else 0, others)
        if summary != self._summary:
            self._summary = summary
            self._changed.append(self.summary(*summary))
        return first, len(shown)

    def show_errors(self, errors: Sequence[FieldError]) -> str | None:
        """Saving refused the form with `errors`: show them, and from now on every error.

        Returns the identifier of the first field with an error (to scroll to).
        """
        self.tried_to_save = True
        checked = {(e.field, e.code) for e in form_errors(self.values, today=date.today())}
        self._refused = [e for e in errors if (e.field, e.code) not in checked]
        first, _count = self.check()
        return first

    def flag(self, fields: Sequence[str], text: str) -> list[str]:
        """Mark the inputs of `fields` with `text`; the flagged fields with no input here."""
        for name in fields:
            if name in self.inputs:
                self.inputs[name].show_flag(text)
        return [name for name in fields if name not in self.inputs]
