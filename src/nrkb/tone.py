"""The tone scale: how an event moved the NATO-Russia relationship, from -3 to +3.

Stated once here and used by the model (the allowed range), the codebook (anchors, defaults,
examples), the barometer (what counts as cooperative or conflictual) and the tests. Light on
purpose: the read path imports it.
"""

from __future__ import annotations

from dataclasses import dataclass

LOWEST, HIGHEST = -3, 3


@dataclass(frozen=True, slots=True)
class Anchor:
    """A point of the scale: its value, a label, what it covers and examples from the data."""

    tone: int
    label: str
    covers: str
    examples: tuple[str, ...]


# In the manner of COPDAB and the Goldstein scale: each point is defined by the kinds of acts it
# covers, with events of the data as examples (a test checks that they exist with that tone).
SCALE: tuple[Anchor, ...] = (
    Anchor(
        -3,
        "open conflict",
        "War, annexation or an armed attack touching the relationship: force used by one side, "
        "or against a state the other side backs, or between the sides' forces.",
        (
            "2008-08-08-russo-georgian-war-begins",
            "2014-03-18-russia-crimea-annexation-treaty-signed",
            "2022-02-24-russia-launches-full-scale-invasion-of-ukraine",
        ),
    ),
    Anchor(
        -2,
        "serious hostile acts",
        "Suspension of cooperation, expulsions, closures, treaty withdrawals and suspensions, "
        "sanctions, military threats (a warning of war, a nuclear threat, missiles aimed at the "
        "other side), recognition of breakaway regions.",
        (
            "2008-08-19-nato-suspends-formal-nrc-meetings",
            "2007-07-14-putin-decree-suspends-cfe-obligations",
            "2021-10-18-russia-suspends-mission-to-nato-and-closes-nato-offices-in-moscow",
        ),
    ),
    Anchor(
        -1,
        "friction",
        "Protests, condemnations and critical statements; restrictive steps short of a "
        "suspension; enlargement steps, deployments, exercises and missile-defence sites that "
        "the other side opposes; doctrines that name the other side a danger.",
        (
            "1997-07-08-primakov-denounces-madrid-invitations",
            "2007-02-10-putin-munich-speech",
            "2017-01-enhanced-forward-presence-battlegroups-deploy",
        ),
    ),
    Anchor(
        0,
        "neutral",
        "Neutral to the relationship: appointments, domestic events, third-party conflicts, "
        "NATO-internal decisions that say nothing about Russia, or an event whose cooperative "
        "and conflictual sides cancel out.",
        (
            "1999-10-14-george-robertson-takes-office",
            "2000-03-26-putin-elected-president",
            "2023-09-19-azerbaijan-offensive-nagorno-karabakh",
        ),
    ),
    Anchor(
        1,
        "contacts and dialogue",
        "Meetings, visits and talks between the sides; overtures, offers and proposals; "
        "de-escalation such as a ceasefire in a war that touched the relationship.",
        (
            "1993-12-09-worner-meets-yeltsin-brussels",
            "2009-03-06-clinton-lavrov-reset-button",
            "2016-07-13-nrc-meets-after-warsaw-summit",
        ),
    ),
    Anchor(
        2,
        "concrete cooperation",
        "Agreements, joint projects and exercises, offices opened, treaties entering into force, "
        "resumptions of suspended cooperation.",
        (
            "1994-06-22-russia-signs-pfp-framework-document",
            "2008-04-04-nato-russia-afghanistan-transit-arrangement",
            "2009-03-05-nato-agrees-to-resume-formal-nrc-meetings",
        ),
    ),
    Anchor(
        3,
        "founding cooperation",
        "A treaty between the sides signed, or a council established between them.",
        (
            "1997-05-27-nato-russia-founding-act-signed-paris",
            "2002-05-28-rome-declaration-establishes-nrc",
            "2010-04-08-new-start-signed-prague",
        ),
    ),
)

DEFAULT_TONE: dict[str, int] = {
    "summit": 1,
    "ministerial-meeting": 1,
    "meeting": 1,
    "statement": -1,
    "agreement": 2,
    "entry-into-force": 2,
    "establishment": 2,
    "suspension": -2,
    "resumption": 2,
    "withdrawal": -2,
    "closure": -2,
    "expulsion": -2,
    "invitation": -1,
    "accession": -1,
    "referendum": -2,
    "annexation": -3,
    "military-action": -3,
    "incident": -2,
    "deployment": -1,
    "exercise": -1,
    "sanctions": -2,
    "appointment": 0,
    "speech": -1,
    "proposal": 1,
    "doctrine": -1,
    "other": 0,
}
"""The usual tone of each event type: a coder starts here and writes a `tone_note` to depart."""


def is_cooperative(tone: int) -> bool:
    return tone > 0


def is_conflictual(tone: int) -> bool:
    return tone < 0


def label(tone: int) -> str:
    return next(anchor.label for anchor in SCALE if anchor.tone == tone)
