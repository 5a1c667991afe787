"""The case lifecycle, one concept a module; the routes use it through the names below.

- `store`: a case as the database holds it (draft, fields, materials, history lines)
- `checks`: the server-side checks of a draft
- `transitions`: the review state machine as a table (status × action → next status, who)
- `submission`: the applicant's moves (确认提交, 重新提交 after 退回补正)
- `decisions`: the staff's moves (start, approve, reject, return, pay)
- `scheduler`: auto-review on the portal's clock
- `listings`: 我的办件 pages and the JSON of GET /__mock__/cases

The arrows run one way: transitions ← store ← checks ← submission; store, transitions ←
decisions ← scheduler ← listings.
"""

from mock_portal.cases.checks import applicant, check, length_problems, lookup_certificate
from mock_portal.cases.decisions import DEFAULT_OPINIONS, named_items, review
from mock_portal.cases.listings import PAGE_SIZE, all_cases_json, case_json, list_cases
from mock_portal.cases.scheduler import apply_auto_review
from mock_portal.cases.store import (
    Case,
    citizen_row,
    get_case,
    history,
    materials_of,
    open_draft,
    readonly_values,
    save_fields,
    uploaded_items,
)
from mock_portal.cases.submission import missing_corrections, resubmit, submit
from mock_portal.cases.transitions import (
    ACTOR_NAMES,
    APPLICANT,
    REFUSALS,
    TRANSITIONS,
    Role,
    Transition,
    TransitionRefused,
    console_actions,
    transition,
)

__all__ = [
    "ACTOR_NAMES",
    "APPLICANT",
    "DEFAULT_OPINIONS",
    "PAGE_SIZE",
    "REFUSALS",
    "TRANSITIONS",
    "Case",
    "Role",
    "Transition",
    "TransitionRefused",
    "all_cases_json",
    "applicant",
    "apply_auto_review",
    "case_json",
    "check",
    "citizen_row",
    "console_actions",
    "get_case",
    "history",
    "length_problems",
    "list_cases",
    "lookup_certificate",
    "materials_of",
    "missing_corrections",
    "named_items",
    "open_draft",
    "readonly_values",
    "resubmit",
    "review",
    "save_fields",
    "submit",
    "transition",
    "uploaded_items",
]
