"""Watching a run step by step: captions, highlights and screenshots hang on this."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from autofill.messages import has, t

if TYPE_CHECKING:  # the command line imports this module before any browser is needed
    from playwright.sync_api import Locator, Page


def step_title(step: str, lang: str = "zh") -> str:
    """The caption of a step (the catalogue's `step.<name>`, Chinese, or English with `--lang en`);
    an upload names its item."""
    name, _, item = step.partition(":")
    title = t(f"step.{name}", lang) if has(f"step.{name}") else step
    if item:
        from autofill.portal.texts import DEFAULT_TEXTS

        title = t("step.with_item", lang, title=title, item=DEFAULT_TEXTS.materials.get(item, item))
    return title


class RunObserver(Protocol):
    """Told when each step starts (with the control it is about to use), when the step's own
    page is on screen before the action that leaves it (the login form, the guide), and when the
    step ends."""

    def step_started(self, step: str, page: Page | None, target: Locator | None) -> None: ...

    def step_shown(self, step: str, page: Page, target: Locator | None) -> None: ...

    def step_finished(self, step: str, page: Page | None) -> None: ...


class NullObserver:
    """The default observer: watches nothing."""

    def step_started(self, step: str, page: Page | None, target: Locator | None) -> None:
        return None

    def step_shown(self, step: str, page: Page, target: Locator | None) -> None:
        return None

    def step_finished(self, step: str, page: Page | None) -> None:
        return None


class Observers:
    """Several observers told in turn (the progress display, a training caption...)."""

    def __init__(self, *observers: RunObserver) -> None:
        self.observers = observers

    def step_started(self, step: str, page: Page | None, target: Locator | None) -> None:
        for observer in self.observers:
            observer.step_started(step, page, target)

    def step_shown(self, step: str, page: Page, target: Locator | None) -> None:
        for observer in self.observers:
            observer.step_shown(step, page, target)

    def step_finished(self, step: str, page: Page | None) -> None:
        for observer in self.observers:
            observer.step_finished(step, page)
