"""The entitlement questions and the indication they give, updated as they are answered.

Decision support only: the disclaimer is always shown with the indication.
"""

from __future__ import annotations

import functools

import flet as ft

from locales import disclaimer, label
from model import entitlement_indication
from model.values import Answer, EntitlementQuestion
from views import ids, theme
from views.form.state import FormState
from views.widgets.inputs import ChoiceGroup

_LOOK = {"A": theme.GOOD.bg, "B": theme.WAITING.bg, "C": theme.INFO.bg}


def entitlement_section(form: FormState) -> list[ft.Control]:
    """One yes/no/unknown question per ground, and the indication card."""
    lang = form.lang
    answers: dict[str, str] = form.values.setdefault("entitlement", {})
    card = ft.Column(spacing=4)
    card_box = ft.Semantics(identifier=ids.FORM_INDICATION, live_region=True, container=True,
                            content=ft.Container(card, border_radius=8, padding=12))

    def show() -> None:
        indication = entitlement_indication(answers)
        box = card_box.content
        assert isinstance(box, ft.Container)
        if indication is None:
            box.bgcolor = theme.NEUTRAL.bg
            card.controls = [ft.Text(form.ui.t.gettext("Answer questions to see an indication."),
                                     size=15), ft.Text(disclaimer(lang), size=13, italic=True)]
            return
        code = indication.code.value
        box.bgcolor = _LOOK[code]
        card.controls = [
            ft.Text(label("entitlement_indication", code, lang), size=17,
                    weight=ft.FontWeight.BOLD),
            *[ft.Text(f"• {label('indication_reason', reason, lang)}", size=14)
              for reason in indication.reasons],
            ft.Text(disclaimer(lang), size=13, italic=True),
        ]

    def answer(question: str, value: str) -> None:
        form.ui.touch()
        answers[question] = value
        show()
        form.ui.update()

    options = [(value.value, label("entitlement", value, lang)) for value in Answer]
    groups: list[ft.Control] = []
    for question in EntitlementQuestion:
        group = ChoiceGroup(
            identifier=ids.item(ids.FORM_ENTITLEMENT, question.value),
            label=label("entitlement_question", question.value, lang), options=options,
            selected={answers[question]} if question in answers else set(),
            on_change=functools.partial(answer, question.value))
        groups.append(group.control)
    show()
    return [*groups, card_box]
