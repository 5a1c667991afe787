"""The run: validated → checked → logged_in → filled → previewed → confirmed → submitted → status.

Offline first (the profile, the policy, the documents: exit 2 or 3 before any browser starts),
then the portal through one Chromium page. `run.json` is saved after every step; a later `run`
or `submit` resumes from it. The submission is the one irreversible act: before it "我的办件" is
searched for a case of the same certificate, the click is recorded before it is made, and a
lost answer is settled by looking there again, never by a second click on a guess.

The modules, each importing only those above it:

- `types`: PortalAccess, RunContext, RunResult, Connector; the portal session of a pass, a
  step told to the observer, a case's status as run.json keeps it
- `guard`: the error mapping (`guarded`), a run that ended well (`finished`)
- `offline`: validate, check, prepare, the run folder
- `drive`: one pass through the portal up to the confirmed preview (`Drive`)
- `submit`: the one irreversible act, "确认提交" pressed at most once per look
- `run`: the entry points `run_application` and `submit_run`, re-exported here
"""

from autofill.flow.run import run_application, submit_run

__all__ = ["run_application", "submit_run"]
