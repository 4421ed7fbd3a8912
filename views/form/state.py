"""The contact form's state: the values entered, the inputs showing them, their errors.

Sections build their inputs through `FormState`, which labels them (field
and value names from the translations), wires them to `values`, and lets
other parts react to a change (a field appearing when consent is given).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol

from locales import error_message, field_label, label
from model import FieldError
from model.form import FormValues
from model.values import FIELD_VALUES, TEXT_LIMITS
from views import ids
from views.ui import Ui
from views.widgets.inputs import Choice, ChoiceGroup, TextInput


class ShowsError(Protocol):
    def show_error(self, text: str | None) -> None: ...


class FormState:
    """Values and inputs of one contact form."""

    def __init__(self, ui: Ui, values: FormValues) -> None:
        self.ui = ui
        self.values = values
        self.inputs: dict[str, ShowsError] = {}
        self._listeners: list[Callable[[str], None]] = []
        # Scrolls the form to the control with this scroll key (set by the form screen).
        self.reveal: Callable[[str], None] = lambda _key: None

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
        shown = self.inputs.get(name)
        if shown is not None:
            shown.show_error(None)
        for listener in self._listeners:
            listener(name)
        # Once, after every listener: a section one of them showed must show now.
        self.ui.update()

    def choice(self, name: str, *, options: Sequence[tuple[str, str]] | None = None,
               multiple: bool = False) -> ChoiceGroup:
        """Chips for field `name`, labelled in the UI language."""
        current = self.values.get(name)
        selected = set(current or ()) if multiple else ({current} if current else set())
        group = ChoiceGroup(
            identifier=ids.form_field(name), label=field_label(name, self.lang),
            options=options or self.value_options(name), selected=selected, multiple=multiple,
            on_change=lambda value: self.set(name, value))
        self.inputs[name] = group
        return group

    def dropdown(self, name: str, *, options: Sequence[tuple[str, str]],
                 searchable: bool = False) -> Choice:
        """A dropdown for field `name` (long lists)."""
        choice = Choice(identifier=ids.form_field(name), label=field_label(name, self.lang),
                        options=options, value=self.values.get(name), searchable=searchable,
                        on_change=lambda value: self.set(name, value))
        self.inputs[name] = choice
        return choice

    def text(self, name: str, *, multiline: bool = False) -> TextInput:
        """A text field for field `name`, limited to the field's length."""
        field = TextInput(identifier=ids.form_field(name), label=field_label(name, self.lang),
                          value=self.values.get(name), max_length=TEXT_LIMITS.get(name),
                          multiline=multiline, on_change=lambda value: self.set(name, value))
        self.inputs[name] = field
        return field

    def value_options(self, name: str) -> list[tuple[str, str]]:
        """The values of field `name` with their labels."""
        return [(value, label(name, value, self.lang)) for value in FIELD_VALUES[name]]

    def show_errors(self, errors: Sequence[FieldError]) -> tuple[str | None, list[str]]:
        """Put each error next to its field.

        Returns:
            the identifier of the first field with an error (to scroll to), and
            the messages of errors whose field has no input on screen.
        """
        by_field: dict[str, str] = {}
        for error in errors:
            by_field.setdefault(error.field.split(".")[0], error_message(error, self.lang))
        first = None
        for name, shown in self.inputs.items():
            shown.show_error(by_field.get(name))
            if first is None and name in by_field:
                first = ids.form_field(name)
        return first, [text for name, text in by_field.items() if name not in self.inputs]
