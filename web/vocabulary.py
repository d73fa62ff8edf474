"""Words of the domain shown in the interface, by their stable values (translated by Babel).

Listed here so that message extraction finds them; templates translate ``_(value)``. A test
checks that every member of every enum the pages show is listed.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

WORDS = [
    # incident categories, genders
    _l("suicide"),
    _l("drowning"),
    _l("accident"),
    _l("other"),
    _l("female"),
    _l("male"),
    _l("unspecified"),
    # the four parties, the fixed signatories, the roles of accounts
    _l("school"),
    _l("education_department"),
    _l("police"),
    _l("expert"),
    _l("school_secretary"),
    _l("principal"),
    _l("department_head"),
    _l("case_officer"),
    _l("investigator"),
    _l("signatory"),
    _l("inspector"),
    _l("administrator"),
    # marks on a slot
    _l("signature"),
    _l("seal"),
    _l("decline"),
    # statuses
    _l("registered"),
    _l("investigating"),
    _l("awaiting_signatures"),
    _l("closed"),
    _l("correcting"),
    _l("withdrawn"),
    # the four aspects
    _l("daily_conduct"),
    _l("family_and_parenting"),
    _l("trigger_and_course"),
    _l("risks_and_measures"),
    # measures
    _l("proposed"),
    _l("in_progress"),
    _l("taken"),
    # what changed between revisions: sections, fields, kinds
    _l("incident"),
    _l("student"),
    _l("team"),
    _l("signatories"),
    _l("aspects"),
    _l("risk_points"),
    _l("measures"),
    _l("occurred_on"),
    _l("jurisdiction"),
    _l("category"),
    _l("on_premises"),
    _l("name"),
    _l("gender"),
    _l("grade_class"),
    _l("id_number"),
    _l("added"),
    _l("removed"),
    _l("changed"),
    # events, as the timeline names them
    _l("Registered"),
    _l("IncidentDateCorrected"),
    _l("IncidentAmended"),
    _l("MemberAppointed"),
    _l("MemberRemoved"),
    _l("SignatoryDesignated"),
    _l("AspectWritten"),
    _l("RiskPointRecorded"),
    _l("RiskPointRevised"),
    _l("RiskPointWithdrawn"),
    _l("MeasureProposed"),
    _l("MeasureRevised"),
    _l("MeasureWithdrawn"),
    _l("MeasureProgressRecorded"),
    _l("MeasureTaken"),
    _l("SentForSignature"),
    _l("SignOffVoided"),
    _l("Closed"),
    _l("CorrectionOpened"),
    _l("PersonalDataErased"),
    _l("WithdrawalRequested"),
    _l("WithdrawalCancelled"),
    _l("RegistrationWithdrawn"),
    _l("Started"),
    _l("Signed"),
    _l("Sealed"),
    _l("Declined"),
    _l("Voided"),
    # access records
    _l("review_as_of"),
    _l("personal_data"),
    _l("history"),
    _l("revision_diff"),
    _l("cli_show"),
    _l("cli_history"),
    _l("review"),
]
