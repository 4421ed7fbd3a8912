"""The fast path of the form: the person's language, consent, the required fields.

Choosing the person's language opens the hand-over screen (the privacy notice
and the consent question in that language) unless consent was answered
already. Personal fields (the alias) only appear when consent is given.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import flet as ft
from babel import Locale, UnknownLocaleError

from locales import (
    countries,
    field_label,
    format_date,
    label,
    language_name,
    municipality_name,
)
from model.form import choose_person_language
from model.values import FIELD_VALUES, Consent, Municipality
from views import ids
from views.form.handover import ConsentLine, HandOver
from views.form.state import FormState
from views.widgets.inputs import (
    Marked,
    error_line,
    flag_line,
    icon_button,
    scroll_key,
    section_title,
)

_REQUIRED_CHIPS = ("gender", "age_band", "time_in_nl", "sleeping_situation", "id_document",
                   "brp_registered")


def fast_path(form: FormState, hand_over: HandOver) -> list[ft.Control]:
    """The controls of the fast path, top to bottom."""
    _ = form.ui.t.gettext
    lang = form.lang
    nationality_chosen = {"yes": form.values.get("nationality") is not None}
    languages = [(code, own_name(code, lang)) for code in FIELD_VALUES["person_language"]]
    language = form.choice("person_language", options=languages)
    consent = ConsentLine(form, hand_over)
    alias = form.text("alias")
    municipality = form.choice("municipality", options=municipality_options(form))
    other = form.text("municipality_other")
    nationality = form.dropdown("nationality", options=countries(lang), searchable=True)
    date_line = DateLine(form, "contact_date", pick_id=ids.FORM_DATE_PICK,
                         # Later dates can be typed: the form then says they cannot be in
                         # the future (the picker alone would say only "out of range").
                         first=date.today() - timedelta(days=60),
                         last=date.today() + timedelta(days=365))

    def show_what_applies() -> None:
        alias.control.visible = form.values.get("consent") == Consent.GIVEN
        other.control.visible = form.values.get("municipality") == Municipality.OTHER

    def changed(name: str) -> None:
        if name == "person_language":
            form.values.update(choose_person_language(
                form.values, form.values["person_language"],
                nationality_chosen=nationality_chosen["yes"]))
            nationality.dropdown.value = form.values.get("nationality")
            if form.values.get("consent") is None:
                hand_over.open()
        elif name == "nationality":
            nationality_chosen["yes"] = True
        if name in ("consent", "person_language"):
            consent.show()
        show_what_applies()

    form.on_change(changed)
    show_what_applies()
    return [
        language.control, consent.control,
        section_title(_("About the contact")),
        alias.control, date_line.control, municipality.control, other.control,
        nationality.control, *[form.choice(name).control for name in _REQUIRED_CHIPS],
    ]


def municipality_options(form: FormState) -> list[tuple[str, str]]:
    """The organisation's municipalities (the one used last first), then "other"."""
    offered = form.ui.app.contacts.municipality_choices(form.values.get("municipality"))
    other = label("municipality", Municipality.OTHER, form.lang)
    return [*((m.code, municipality_name(m.code, m.name, form.lang)) for m in offered),
            (Municipality.OTHER.value, other)]


def own_name(code: str, lang: str) -> str:
    """A language's name in that language (CLDR), so the person finds their own.

    "other" is said in the UI language `lang`.
    """
    if code == "other":
        return language_name(code, lang)
    try:
        name = Locale.parse(code).get_display_name(code)
    except (ValueError, UnknownLocaleError):
        name = None
    return name[:1].upper() + name[1:] if name else language_name(code, lang)


class DateLine(Marked):
    """A date shown in words with a button that opens the date picker."""

    def __init__(self, form: FormState, name: str, *, pick_id: str, first: date, last: date,
                 clear_id: str | None = None) -> None:
        _ = form.ui.t.gettext
        self.form = form
        self.name = name
        self.text = ft.Text("", size=16, expand=True)
        self.picker = ft.DatePicker(first_date=datetime.combine(first, datetime.min.time()),
                                    last_date=datetime.combine(last, datetime.min.time()),
                                    error_invalid_text=_("Choose a date from {first} to "
                                                         "{last}.").format(
                                        first=format_date(first, form.lang),
                                        last=format_date(last, form.lang)),
                                    error_format_text=_("Not a date."),
                                    on_change=self._picked)
        buttons: list[ft.Control] = [ft.Semantics(identifier=pick_id, content=ft.OutlinedButton(
            _("Change"), icon=ft.Icons.CALENDAR_MONTH, height=48, on_click=self._open))]
        if clear_id is not None:
            buttons.append(ft.Semantics(identifier=clear_id, content=icon_button(
                ft.Icons.CLEAR, tooltip=_("Remove"), on_click=self._clear)))
        self._error = error_line(None)
        self._flag = flag_line(None)
        self.control = ft.Semantics(
            identifier=ids.form_field(name), container=True, key=scroll_key(ids.form_field(name)),
            content=ft.Container(ft.Column([
                ft.Text(field_label(name, form.lang), size=15, weight=ft.FontWeight.W_500),
                self._flag,
                ft.Row([self.text, *buttons], vertical_alignment=ft.CrossAxisAlignment.CENTER),
                self._error,
            ], spacing=2), border_radius=8))
        form.inputs[name] = self
        self._show()


    def _show(self) -> None:
        value = self.form.values.get(self.name)
        self.text.value = format_date(value, self.form.lang) if value else "—"

    def _open(self, _event: object) -> None:
        self.form.ui.touch()
        value = self.form.values.get(self.name)
        self.picker.value = datetime.combine(value, datetime.min.time()) if value else None
        self.form.ui.page.show_dialog(self.picker)

    def _picked(self, _event: object) -> None:
        value = self.picker.value
        if value is not None:
            self.form.set(self.name, value.date() if isinstance(value, datetime) else value)
        self._show()
        self.form.ui.update()

    def _clear(self, _event: object) -> None:
        self.form.set(self.name, None)
        self._show()
        self.form.ui.update()
