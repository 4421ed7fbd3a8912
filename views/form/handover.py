"""The hand-over screen: the person reads the privacy notice and answers consent themselves.

Full screen, large text, in the person's language; the two answers are big
buttons in that language too. The form then shows only the answer, with a way
back to the text. Consent is asked on every contact: a follow-up starts
without an answer.
"""

from __future__ import annotations

import flet as ft

from locales import field_label, label, person_paragraphs
from model.values import Consent
from views import ids
from views.form.state import FormState
from views.widgets.inputs import Marked, error_line, flag_line

_ANSWERS = ((Consent.GIVEN, "consent_yes", ft.Icons.CHECK_CIRCLE),
            (Consent.REFUSED, "consent_no", ft.Icons.CANCEL))


class HandOver:
    """The full-screen notice: a view of its own over the form, without the form's bars."""

    def __init__(self, form: FormState, *, route: str) -> None:
        self.form = form
        _ = form.ui.t.gettext
        self.text = ft.Column(spacing=14, scroll=ft.ScrollMode.AUTO, expand=True)
        self.buttons = ft.Column(spacing=10)
        close = ft.Semantics(identifier=ids.HANDOVER_CLOSE, content=ft.TextButton(
            _("Back to the form"), icon=ft.Icons.ARROW_BACK, height=48,
            on_click=lambda _e: self.close()))
        self.view = ft.View(route=route, padding=ft.Padding.symmetric(vertical=8, horizontal=14),
                            controls=[ft.SafeArea(ft.Semantics(
                                identifier=ids.HANDOVER, container=True, expand=True,
                                content=ft.Column([
                                    close,
                                    ft.Semantics(identifier=ids.FORM_PRIVACY_NOTICE,
                                                 container=True, expand=True, content=self.text),
                                    self.buttons], spacing=8, expand=True)), expand=True)])

    @property
    def shown(self) -> bool:
        return self.view in self.form.ui.page.views

    def open(self) -> None:
        """Show the notice in the person's language (chosen before) over the whole screen."""
        lang = self.form.values.get("person_language")
        if lang is None:
            return
        self.form.ui.touch()
        organisation = self.form.ui.app.organisation_name()
        title, *notice = person_paragraphs("privacy_notice", lang, organisation=organisation)
        question = person_paragraphs("consent_question", lang, organisation=organisation)
        self.text.controls = [
            ft.Text(title, size=26, weight=ft.FontWeight.BOLD),
            *[ft.Text(paragraph, size=20) for paragraph in notice],
            *[ft.Text(paragraph, size=22, weight=ft.FontWeight.BOLD) for paragraph in question],
        ]
        self.buttons.controls = [self._answer(value, key, icon) for value, key, icon in _ANSWERS]
        if not self.shown:
            self.form.ui.page.views.append(self.view)
        self.form.ui.update()

    def _answer(self, value: str, key: str, icon: ft.IconData) -> ft.Control:
        lang = self.form.values["person_language"]
        [text] = person_paragraphs(key, lang)
        style = ft.ButtonStyle(padding=ft.Padding.symmetric(vertical=18, horizontal=20),
                               text_style=ft.TextStyle(size=22, weight=ft.FontWeight.BOLD))
        button_type = ft.FilledButton if value == Consent.GIVEN else ft.OutlinedButton
        button = button_type(text, icon=icon, style=style, height=72, expand=True,
                             on_click=lambda _e: self.answer(value))
        return ft.Semantics(identifier=ids.item(ids.HANDOVER_ANSWER, value),
                            content=ft.Row([button]))

    def answer(self, value: str) -> None:
        self._hide()
        self.form.set("consent", value)

    def close(self) -> None:
        self.form.ui.touch()
        self._hide()
        self.form.ui.update()

    def _hide(self) -> None:
        if self.shown:
            self.form.ui.page.views.remove(self.view)


class ConsentLine(Marked):
    """The form's consent: the person's answer, and a way to the hand-over screen."""

    def __init__(self, form: FormState, hand_over: HandOver) -> None:
        _ = form.ui.t.gettext
        self.form = form
        self.answer = ft.Text("", size=16, weight=ft.FontWeight.W_600)
        self.hint = ft.Text(_("Choose the person's language first."), size=14, italic=True)
        self.open = ft.Semantics(identifier=ids.FORM_CONSENT_OPEN, content=ft.OutlinedButton(
            "", icon=ft.Icons.PAN_TOOL, height=48, on_click=lambda _e: hand_over.open()))
        self.not_asked = ft.Semantics(identifier=ids.FORM_CONSENT_NOT_ASKED, content=ft.TextButton(
            _("Could not ask"), height=48,
            on_click=lambda _e: form.set("consent", Consent.NOT_ASKED)))
        self._error = error_line(None)
        self._flag = flag_line(None)
        self.control = ft.Semantics(
            identifier=ids.form_field("consent"), container=True, content=ft.Container(
                ft.Column([ft.Text(field_label("consent", form.lang), size=15,
                                   weight=ft.FontWeight.W_500),
                           self._flag, self.answer, self.hint,
                           ft.Row([self.open, self.not_asked], wrap=True, spacing=8),
                           self._error], spacing=4), border_radius=8))
        form.inputs["consent"] = self
        self.show()

    def show(self) -> None:
        """The answer as it is now, and what the button does."""
        _ = self.form.ui.t.gettext
        consent = self.form.values.get("consent")
        has_language = self.form.values.get("person_language") is not None
        self.answer.value = (label("consent", consent, self.form.lang) if consent
                             else _("Not asked yet"))
        self.hint.visible = not has_language
        self.open.visible = has_language
        button = self.open.content
        assert isinstance(button, ft.OutlinedButton)
        button.content = (_("Show the text to the person again") if consent
                          else _("Hand the phone to the person"))
        self.not_asked.visible = consent is None


