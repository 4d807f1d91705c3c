"""Controlled vocabularies: every code the data may use, each with a one-line definition.

These enums are the single source for YAML validation, the database's `vocabulary` table,
the JSON Schema and the codebook. A code is added here, with its definition, before the data
may use it.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Self


class Vocabulary(StrEnum):
    """A string enum whose members carry a definition: `CODE = "code", "definition"`."""

    definition: str

    def __new__(cls, code: str, definition: str = "") -> Self:
        member = str.__new__(cls, code)
        member._value_ = code
        member.definition = definition
        return member


class EventType(Vocabulary):
    SUMMIT = "summit", "A meeting of heads of state or government (NATO, NRC or bilateral)."
    MINISTERIAL_MEETING = (
        "ministerial-meeting",
        "A meeting of foreign or defence ministers, e.g. of the North Atlantic Council.",
    )
    MEETING = "meeting", "Another meeting or round of talks, e.g. of a council at ambassador level."
    STATEMENT = "statement", "A declaration, communiqué, statement or press conference."
    AGREEMENT = "agreement", "The signing or adoption of an agreement, treaty or founding text."
    ENTRY_INTO_FORCE = "entry-into-force", "A treaty or agreement enters into force."
    ESTABLISHMENT = "establishment", "A body, office, programme or capability is set up."
    SUSPENSION = "suspension", "Meetings, cooperation or participation are suspended."
    RESUMPTION = "resumption", "Suspended meetings, cooperation or participation resume."
    WITHDRAWAL = "withdrawal", "A party withdraws from a treaty, body or arrangement."
    CLOSURE = "closure", "An office, mission or body is closed or terminated."
    EXPULSION = "expulsion", "Diplomats or officials are expelled or lose their accreditation."
    INVITATION = "invitation", "NATO invites a state to begin accession talks."
    ACCESSION = "accession", "A state becomes a member of NATO."
    REFERENDUM = "referendum", "A referendum or popular vote, recognised or not."
    ANNEXATION = "annexation", "A state claims to incorporate another state's territory."
    MILITARY_ACTION = (
        "military-action",
        "Use of armed force: invasion, intervention, air campaign, seizure of territory.",
    )
    INCIDENT = "incident", "A single incident: a shoot-down, an airspace violation, a poisoning."
    DEPLOYMENT = "deployment", "Forces or weapon systems are deployed or declared operational."
    EXERCISE = "exercise", "A military exercise."
    SANCTIONS = "sanctions", "Sanctions or embargoes are imposed, extended or lifted."
    APPOINTMENT = "appointment", "A person takes up an office."
    SPEECH = "speech", "A speech that marked the relationship."
    PROPOSAL = "proposal", "A formal proposal, e.g. a draft treaty, not (yet) agreed."
    DOCTRINE = (
        "doctrine",
        "Adoption of a strategic concept, military doctrine or security strategy.",
    )
    OTHER = "other", "An event that fits no other type; say why in its notes."


class ActorRole(Vocabulary):
    INITIATOR = "initiator", "Took the action or decision the event records."
    TARGET = "target", "The action or decision was directed at this actor."
    PARTICIPANT = "participant", "Took part without leading."
    HOST = "host", "Hosted the meeting or event."
    SIGNATORY = "signatory", "Signed the agreement or treaty."
    MEDIATOR = "mediator", "Mediated between other parties."
    SUBJECT = "subject", "The event concerns this actor (e.g. a state that accedes)."


class InstitutionEffect(Vocabulary):
    PROPOSED = "proposed", "The event proposed the institution."
    ESTABLISHED = "established", "The event created the institution or started its work."
    SIGNED = "signed", "The event is the signing of the agreement or treaty."
    ENTERED_INTO_FORCE = "entered-into-force", "The treaty or agreement entered into force."
    SUSPENDED = "suspended", "The institution's work, or a party's participation, was suspended."
    RESTRICTED = "restricted", "Part of the institution's work was suspended or downgraded."
    RESUMED = "resumed", "Suspended work or participation resumed."
    WITHDRAWN = "withdrawn", "A party withdrew from the institution."
    ENDED = "ended", "The institution ended: terminated, closed, superseded or expired."
    MEETING = "meeting", "The event is a meeting of the institution."
    DECLARED_CAPABLE = (
        "declared-capable",
        "A capability was declared (interim, initial, technical).",
    )
    OPERATIONAL = "operational", "The capability or office became operational."
    CONCERNED = "concerned", "The event concerns the institution without changing its status."


class InstitutionKind(Vocabulary):
    COUNCIL = "council", "A standing joint body for consultation or decision (e.g. the NRC)."
    AGREEMENT = "agreement", "A politically binding document (e.g. the Founding Act)."
    TREATY = "treaty", "A legally binding international treaty (e.g. the CFE Treaty)."
    PROGRAMME = "programme", "A partnership or cooperation programme (e.g. Partnership for Peace)."
    OFFICE = "office", "An office or diplomatic mission of one party with the other."
    CAPABILITY = "capability", "A military system or capability (e.g. an Aegis Ashore site)."
    INITIATIVE = (
        "initiative",
        "A plan, posture or arrangement (e.g. the EPAA, enhanced Forward Presence).",
    )


class Status(Vocabulary):
    PROPOSED = "proposed", "Proposed or under negotiation, not yet agreed."
    PLANNED = "planned", "Decided or announced, not yet in force or in operation."
    SIGNED = "signed", "Signed, not yet in force."
    UNDER_CONSTRUCTION = "under-construction", "Being built or set up."
    ACTIVE = "active", "In force, operating or meeting as intended."
    RESTRICTED = "restricted", "Operating with part of its activity suspended or downgraded."
    SUSPENDED = "suspended", "Its activity, or a party's participation, is suspended."
    INACTIVE = "inactive", "Not meeting or operating, without a formal suspension or end."
    ENDED = "ended", "Terminated, withdrawn from, closed, expired or superseded."


class ActorKind(Vocabulary):
    STATE = "state", "A sovereign state (with its ISO 3166-1 country code)."
    ALLIANCE = "alliance", "A military alliance (NATO)."
    ORGANISATION = "organisation", "An international organisation (EU, OSCE, UN)."
    BODY = "body", "A body of a state or an organisation (e.g. the North Atlantic Council)."
    PERSON = "person", "A person, usually an office holder."
    ARMED_GROUP = "armed-group", "A non-state armed group or self-proclaimed entity's forces."
    TERRITORY = "territory", "A territory or self-proclaimed entity not generally recognised."
    COMPANY = "company", "A company (e.g. an energy company)."
    PUBLISHER = "publisher", "A think tank, publisher or author of analysis."


class SourceKind(Vocabulary):
    OFFICIAL_TEXT = "official-text", "A treaty, declaration, communiqué or other agreed text."
    STATEMENT = "statement", "A press release, statement, speech or press conference."
    REFERENCE = "reference", "An official topic page, factsheet or who-is-who entry."
    NEWS_REPORT = "news-report", "A report by a news organisation."
    ANALYSIS = "analysis", "A think-tank paper, policy brief or academic work."
    ENCYCLOPEDIA = "encyclopedia", "An encyclopedia article."
    GOVERNMENT_DOCUMENT = "government-document", "A law, decree or other government document."
    DATASET = "dataset", "A dataset or database."


class PublisherClass(Vocabulary):
    """Classes of publishers, best first; a source's class is its publisher's (publishers.yaml)."""

    OFFICIAL = (
        "official",
        "A state's own text: government, head of state, ministry, parliament, armed forces, "
        "embassy, official archive of these.",
    )
    INTERGOVERNMENTAL = (
        "intergovernmental",
        "An intergovernmental organisation on its own site: NATO, UN, OSCE, EU, Council of "
        "Europe and their bodies.",
    )
    WIRE = (
        "wire",
        "A news agency: Reuters, AP, AFP, Interfax, UPI, DPA, PAP, Ukrinform, ANSA, EFE, Kyodo.",
    )
    NEWSPAPER = (
        "newspaper",
        "A newspaper, magazine or broadcaster with editorial standards: NYT, Washington Post, "
        "Guardian, FT, BBC, RFE/RL, VOA, DW, Le Monde, Kommersant, Vedomosti, Kyiv Independent.",
    )
    STATE_MEDIA = (
        "state-media",
        "A state-controlled outlet whose line is the state's: TASS, RIA Novosti, RT, Sputnik, "
        "Channel One, Xinhua, CGTN.",
    )
    REFERENCE = (
        "reference",
        "An encyclopedia or reference work: Britannica, Wikipedia, archontology.org.",
    )
    RESEARCH = (
        "research",
        "A research institute, think tank, university research page, arms-control organisation, "
        "the CRS, or a document collection such as the National Security Archive.",
    )
    OTHER = (
        "other",
        "The lowest class: everything else (blogs, trade and hobby sites, aggregators). An event "
        "may not rest on it alone.",
    )


class OutcomeStatus(Vocabulary):
    ADOPTED = "adopted", "Carried out substantially as recommended."
    PARTLY_ADOPTED = "partly-adopted", "Carried out in part, or in another form or forum."
    NOT_ADOPTED = "not-adopted", "Not carried out; events went the other way or nothing was done."
    OVERTAKEN_BY_EVENTS = (
        "overtaken-by-events",
        "Made moot by later events before it could be carried out or rejected.",
    )
    OPEN = "open", "Still open: neither carried out nor rejected as of the assessment date."


class ClaimVerdict(Vocabulary):
    ACCURATE = "accurate", "What the source said is borne out by other sources."
    INACCURATE = "inaccurate", "What the source said is wrong (a misspelling, a wrong fact)."
    IMPRECISE = "imprecise", "Broadly right but loosely or misleadingly put."
    PLAN_REALISED = "plan-realised", "A plan or projection that came true on time."
    PLAN_DELAYED = "plan-delayed", "A plan or projection that came true later than stated."
    PLAN_ABANDONED = "plan-abandoned", "A plan or projection that did not come true."
    DISPUTED = "disputed", "Sources disagree; the record's notes say how."


class Topic(Vocabulary):
    NATO_RUSSIA_DIALOGUE = (
        "nato-russia-dialogue",
        "Political dialogue and consultation between NATO and Russia (NACC, PJC, NRC).",
    )
    PARTNERSHIP = "partnership", "Practical cooperation and partnership programmes."
    ARMS_CONTROL = "arms-control", "Arms control, disarmament and confidence-building measures."
    MISSILE_DEFENCE = "missile-defence", "Ballistic missile defence and the disputes about it."
    ENERGY_SECURITY = "energy-security", "Security of energy supply, transit and infrastructure."
    FROZEN_CONFLICTS = (
        "frozen-conflicts",
        "Protracted conflicts: Transnistria, Abkhazia, South Ossetia, Nagorno-Karabakh.",
    )
    GEORGIA_CONFLICT = "georgia-conflict", "The Russia-Georgia war of 2008 and its aftermath."
    UKRAINE_CONFLICT = (
        "ukraine-conflict",
        "Russia's war against Ukraine from 2014, and the crisis before it.",
    )
    CRIMEA = "crimea", "Crimea: its seizure, 'referendum' and annexation by Russia in 2014."
    KOSOVO = "kosovo", "Kosovo: the 1999 air campaign, KFOR and independence."
    AFGHANISTAN = "afghanistan", "Afghanistan: ISAF, transit and counter-narcotics cooperation."
    ENLARGEMENT = "enlargement", "NATO's enlargement: invitations, accessions, open-door policy."
    DETERRENCE_AND_DEFENCE = (
        "deterrence-and-defence",
        "Military posture, forward presence, reinforcement and exercises.",
    )
    SANCTIONS = "sanctions", "Sanctions, embargoes and export restrictions."
    DIPLOMATIC_RELATIONS = (
        "diplomatic-relations",
        "Missions, offices, accreditation and expulsions between NATO and Russia.",
    )
    COUNTER_TERRORISM = "counter-terrorism", "Cooperation and policy against terrorism."
    COUNTER_NARCOTICS = "counter-narcotics", "Cooperation against drug trafficking."
    NUCLEAR = "nuclear", "Nuclear weapons, doctrine and deterrence."
    HYBRID_THREATS = "hybrid-threats", "Cyber attacks, disinformation, sabotage and poisonings."
    ARMS_TRADE = "arms-trade", "Sales and embargoes of arms and military equipment."
    STRATEGY = "strategy", "Strategic concepts, doctrines and strategies."
    MILITARY_INCIDENTS = (
        "military-incidents",
        "Incidents between armed forces: interceptions, shoot-downs, airspace violations.",
    )


VOCABULARIES: dict[str, type[Vocabulary]] = {
    "event_type": EventType,
    "actor_role": ActorRole,
    "institution_effect": InstitutionEffect,
    "institution_kind": InstitutionKind,
    "status": Status,
    "actor_kind": ActorKind,
    "source_kind": SourceKind,
    "publisher_class": PublisherClass,
    "outcome_status": OutcomeStatus,
    "claim_verdict": ClaimVerdict,
    "topic": Topic,
}
