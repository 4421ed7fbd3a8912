"""The entitlement questions and the indication they give, updated as they are answered.

Decision support only: the disclaimer is always shown with the indication.
On a follow-up, answers that change with time are not carried over: their
questions say "ask again", and when leaving them out changed the indication the
card says so (and the form opens this section, so it never changes unseen).
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
    # Longer than 40 lines: the section's questions and the indication card redraw each
    # other through closures over one answers dict.
    """One yes/no/unknown question per ground, and the indication card."""
    lang = form.lang
    answers: dict[str, str] = form.values.setdefault("entitlement", {})
    card = ft.Column(spacing=4)
    card_box = ft.Semantics(identifier=ids.FORM_INDICATION, live_region=True, container=True,
                            content=ft.Container(card, border_radius=8, padding=12))

    _ = form.ui.t.gettext
    carry = form.carry
    changed: list[ft.Control] = []
    if carry.indication_changed:
        changed = [ft.Text(_("Since the last contact the indication changed from {before} to "
                             "{now}: answers that change with time are asked again.").format(
            before=_code_name(carry.indication_before, lang),
            now=_code_name(carry.indication_now, lang)), size=14, weight=ft.FontWeight.W_600)]

    def show() -> None:
        indication = entitlement_indication(answers)
        box = card_box.content
        assert isinstance(box, ft.Container)
        if indication is None:
            box.bgcolor = theme.NEUTRAL.bg
            card.controls = [*changed, ft.Text(_("Answer questions to see an indication."),
                                               size=15),
                             ft.Text(disclaimer(lang), size=13, italic=True)]
            return
        code = indication.code.value
        box.bgcolor = _LOOK[code]
        card.controls = [
            *changed,
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
            source=functools.partial(_answer_of, answers, question.value),
            on_change=functools.partial(answer, question.value))
        if question in carry.ask_again:
            group.show_flag(_("Ask again: this answer changes with time."))
        groups.append(group.control)
    show()
    return [*groups, card_box]


def _answer_of(answers: dict[str, str], question: str) -> set[str]:
    return {answers[question]} if question in answers else set()


def _code_name(code: str | None, lang: str) -> str:
    return label("entitlement_indication", code, lang) if code else "—"
