"""The entitlement questions, the reasons of an indication, and the disclaimer.

Question keys are those of `model.values.EntitlementQuestion`; reason keys
those of `model.entitlement.reason_keys()`: `ground.<name>` (why A),
`check.<question>` (what to find out for C, built from the question) and
`no_ground` (B).
"""

from __future__ import annotations

from locales.markers import N_, NP_

QUESTIONS: dict[str, tuple[str, str]] = {
    "works_now": NP_("question", "Working now, for pay?"),
    "worked_in_nl": NP_("question", "Worked in the Netherlands before?"),
    "worked_over_1y": NP_("question", "More than one year of work in total?"),
    "job_loss_involuntary": NP_("question", "Did the job end involuntarily?"),
    "work_ended_within_6m": NP_("question", "Did the work end 6 months ago or less?"),
    "registered_uwv": NP_("question", "Registered at UWV as a job seeker?"),
    "self_employed": NP_("question", "Self-employed (registered at KvK)?"),
    "resident_5y": NP_("question", "Lived in the Netherlands 5 years or more without a break?"),
    "arrived_within_3m": NP_("question", "Arrived less than 3 months ago?"),
    "family_of_entitled": NP_(
        "question",
        "Partner, child or parent of an EU citizen who works here or has permanent residence?",
    ),
    "own_means_insured": NP_("question", "Own income and health insurance?"),
    "domestic_violence": NP_("question", "Fleeing domestic violence?"),
}

GROUNDS: dict[str, tuple[str, str]] = {
    "works_now": NP_("reason", "Works now, for pay"),
    "worker_status_over_1y": NP_(
        "reason", "Keeps worker status: over a year of work, job lost involuntarily, at UWV"
    ),
    "worker_status_within_6m": NP_(
        "reason", "Keeps worker status: job lost involuntarily 6 months ago or less"
    ),
    "self_employed": NP_("reason", "Self-employed (KvK)"),
    "resident_5y": NP_("reason", "Lived in the Netherlands 5 years or more"),
    "family_of_entitled": NP_("reason", "Family of an EU citizen with rights here"),
    "own_means_insured": NP_("reason", "Own income and health insurance"),
    "domestic_violence": NP_("reason", "Fleeing domestic violence"),
}

NO_GROUND = NP_("reason", "No ground for entitlement found")
# "{question}" is the question as asked (QUESTIONS); a "yes" would make it A.
CHECK = NP_("reason", "Find out: {question}")

DISCLAIMER = N_("Indication only, not a legal decision: the municipality and the IND decide.")
