"""The texts shown to the contacted person, in English (the source of the `person` domain).

Each text is a few short paragraphs, written for a short leaflet: plain
words, one idea per sentence. The first paragraph of a text is its heading.
`{organisation}` is the outreach organisation that keeps the data (the data
controller). What these texts promise follows the privacy rules of the
product exactly; change them together.

`P_` marks them for `make i18n`, which extracts them into `person.pot`, not
into the screens' `messages.pot`.
"""

from __future__ import annotations

from locales.markers import P_

PERSON_TEXTS: dict[str, tuple[str, ...]] = {
    "privacy_notice": (
        P_("Your information and your rights"),
        P_(
            "{organisation} would like to write down some information about you. "
            "We are responsible for it and keep it safe. We use it to help you. "
            "Without your name, we also use it to count how many people get help "
            "and how things turn out. The Dutch government uses these counts to see "
            "how a national pilot is working."
        ),
        P_(
            "What we write down: a name or nickname. It does not have to be your real "
            "name. Also where you are from, your age, where you sleep, your work and "
            "papers, and what help you need. Your health only if you want to tell us. "
            "And roughly where we met."
        ),
        P_(
            "How long we keep it: on the outreach worker's phone, locked with a code, "
            "until it is safely on our server and checked, and then 30 more days. On "
            "our server for 24 months. After that we keep only numbers without names."
        ),
        P_(
            "Other outreach workers of our organisation can see on their phones the name "
            "you gave, where you are from and your age. They also see when and where we "
            "last met, and what we agreed. So whoever of us meets you next can help you "
            "further."
        ),
        P_(
            "We do not give your information to the police or the immigration "
            "service (IND) for checks or enforcement, unless the law requires it."
        ),
        P_(
            "Your rights: you can ask to see your information, to correct it or to "
            "delete it, and you can object to how we use it. Ask the outreach worker, "
            "or contact {organisation}."
        ),
        P_(
            "Not happy with how we handle your information? You can complain to the "
            "Dutch Data Protection Authority (Autoriteit Persoonsgegevens)."
        ),
        P_(
            "You can say no. Then we write down only a few facts without your name, "
            "such as where you are from, your age and where you sleep. We use them to "
            "count this meeting. No name, nothing about your health, no notes and no "
            "place on a map."
        ),
    ),
    "consent_question": (
        P_(
            "Do you agree that we write down this information about you, as explained? "
            "You can ask us to delete it later."
        ),
    ),
    # The person's two answers on the hand-over screen, said by the person.
    "consent_yes": (P_("Yes, I agree"),),
    "consent_no": (P_("No, I do not agree"),),
    "help_card": (
        P_("Where to get help"),
        P_(
            "A place to sleep: ask the outreach worker. Some cities have short-term "
            "shelter for EU citizens. At the municipality's desk for homeless people "
            "you can ask if you have a right to regular shelter."
        ),
        P_(
            "Going home: Barka helps people return to their own country, of their own "
            "free will. Barka's workers speak Polish and other languages."
        ),
        P_(
            "Medical care: there are doctors for homeless people; the outreach worker "
            "can tell you where. In an emergency call 112. The call is free."
        ),
        P_("Ask the outreach worker for addresses and opening hours."),
    ),
}
