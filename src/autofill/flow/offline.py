"""The offline part of a run: validate, check, prepare, before any browser starts.

A bad profile or document stops here (exit 2), an ineligible one too (exit 3), and nothing is
sent to the portal. A run folder is made (or the unfinished one of the same certificate and
profile resumed) only for a valid, eligible profile.
"""

from __future__ import annotations

import shutil
from contextlib import ExitStack
from pathlib import Path

from autofill.documents import prepare_documents
from autofill.errors import BadInput, NotEligible
from autofill.flow.types import RunContext
from autofill.masking import mask_id
from autofill.messages import t
from autofill.policy import evaluate
from autofill.profile import DOCUMENT_ITEMS, Profile, load_profile
from autofill.runs import RunFolder, resumable


def offline(profile_path: Path, ctx: RunContext, held: ExitStack) -> tuple[Profile, RunFolder]:
    """Validates, checks and prepares: a run folder only for a valid, eligible profile.

    The run folder is held (`RunFolder.hold`) on `held` before anything is written to it.
    """
    obs = ctx.observer
    obs.step_started("validate", None, None)
    profile = load_profile(profile_path, lang=ctx.lang)
    obs.step_finished("validate", None)
    obs.step_started("check", None, None)
    report = evaluate(profile, lang=ctx.lang)
    if not report.eligible:
        failed = [r for r in report.rules if r.result == "fail"]
        raise NotEligible(
            t(
                "flow.not_eligible",
                ctx.lang,
                reasons=t("cli.clause_separator", ctx.lang).join(r.reason for r in failed),
            ),
            errors=[
                {"path": r.rule, "message": r.reason + (f"（{r.fix}）" if r.fix else "")}
                for r in failed
            ],
        )
    obs.step_finished("check", None)
    cert = profile.certificate.number
    folder = resumable(ctx.runs_dir, cert)
    if folder is not None and Path(folder.record.profile) != profile_path.resolve():
        folder = None
    if folder is None:
        folder = RunFolder.create(
            ctx.runs_dir, profile_path, cert, mask_id(profile.applicant.id_number)
        )
        held.enter_context(folder.hold(ctx.lang))
    else:
        held.enter_context(folder.hold(ctx.lang))
        folder.log("resumed", state=folder.record.state)
    obs.step_started("prepare", None, None)
    try:
        prepared = prepare_documents(profile, folder.file("documents"), lang=ctx.lang)
    except BadInput:
        if not folder.record.reached("logged_in"):
            shutil.rmtree(folder.path, ignore_errors=True)
        raise
    folder.record.uploads = {
        item: {
            "label": ctx.texts.materials.get(item, DOCUMENT_ITEMS.get(item, item)),
            "path": str(path),
            "name": path.name,
            "size": path.stat().st_size,
        }
        for item, path in prepared.items()
    }
    obs.step_finished("prepare", None)
    folder.advance("validated")
    folder.advance("checked")
    folder.log("checked", amount=str(report.amount), deadline=str(report.deadline))
    return profile, folder
