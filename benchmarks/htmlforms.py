"""Reading the portal's server-rendered pages as a person does: forms by their labels, buttons by their names.

Only what the portal spec makes contract is relied on (labels, button names, texts); field names,
URLs and ids are read from the page, never assumed. Enough for HTTP load without a browser.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin


@dataclass
class Field:
    """One form control: its name, type, value and the label text a person reads for it."""

    tag: str
    name: str
    type: str
    value: str
    id: str = ""
    checked: bool = False
    label: str = ""
    options: list[tuple[str, str]] = field(default_factory=list)  # (value, text) of a select
    # where the page's script posts this file input (its upload item's data-upload-url)
    upload_url: str = ""


@dataclass
class Button:
    name: str
    value: str
    text: str


@dataclass
class Form:
    """A form with its controls, buttons and the text around it (to tell the upload items apart)."""

    action: str
    method: str
    enctype: str
    fields: list[Field] = field(default_factory=list)
    buttons: list[Button] = field(default_factory=list)
    text: str = ""

    def field(self, label: str) -> Field:
        """The control whose label is `label` (exactly, after trimming the required-field asterisk)."""
        for f in self.fields:
            if f.label == label:
                return f
        for f in self.fields:
            if label in f.label:
                return f
        raise LookupError(f"no field labelled {label!r} in form {self.action}")

    def has_label(self, label: str) -> bool:
        return any(label in f.label for f in self.fields)

    def button(self, text: str) -> Button:
        for b in self.buttons:
            if b.text == text or b.value == text:
                return b
        raise LookupError(f"no button {text!r} in form {self.action}")

    def has_button(self, text: str) -> bool:
        return any(b.text == text or b.value == text for b in self.buttons)

    def data(self, values: dict[str, str], button: str | None = None) -> dict[str, str]:
        """What the browser would post: the defaults, then `values` by label, then the button."""
        posted: dict[str, str] = {}
        for f in self.fields:
            if not f.name or f.type == "file":
                continue
            if f.type in ("checkbox", "radio"):
                if f.checked:
                    posted[f.name] = f.value or "on"
            elif f.tag == "select":
                chosen = f.value or (f.options[0][0] if f.options else "")
                posted[f.name] = chosen
            else:
                posted[f.name] = f.value
        for label, value in values.items():
            f = self.field(label)
            if f.type == "checkbox":
                if value:
                    posted[f.name] = f.value or "on"
                else:
                    posted.pop(f.name, None)
            elif f.tag == "select":
                posted[f.name] = next((v for v, t in f.options if value in (v, t)), value)
            else:
                posted[f.name] = value
        if button is not None:
            b = self.button(button)
            if b.name:
                posted[b.name] = b.value
        return posted

    def file_field(self) -> Field:
        for f in self.fields:
            if f.type == "file":
                return f
        raise LookupError(f"no file input in form {self.action}")


@dataclass
class Page:
    """A fetched page: its forms, links and visible text."""

    url: str
    status: int
    forms: list[Form]
    links: list[tuple[str, str]]
    text: str
    headings: list[str]

    def form_with(self, *, label: str | None = None, button: str | None = None) -> Form:
        for form in self.forms:
            if (label is None or form.has_label(label)) and (
                button is None or form.has_button(button)
            ):
                return form
        raise LookupError(f"no form with label={label!r} button={button!r} on {self.url}")

    def link(self, text: str) -> str:
        for link_text, href in self.links:
            if link_text == text:
                return urljoin(self.url, href)
        for link_text, href in self.links:
            if text in link_text:
                return urljoin(self.url, href)
        raise LookupError(f"no link {text!r} on {self.url}")

    def upload_url(self, item_label: str) -> str:
        """Where the page's upload script posts the material labelled `item_label`."""
        for form in self.forms:
            for f in form.fields:
                if f.type == "file" and f.label == item_label and f.upload_url:
                    return urljoin(self.url, f.upload_url)
        raise LookupError(f"no upload control labelled {item_label!r} on {self.url}")

    def csrf(self) -> str:
        """The page's CSRF token (the hidden field every form carries)."""
        for form in self.forms:
            for f in form.fields:
                if f.type == "hidden" and "csrf" in f.name:
                    return f.value
        raise LookupError(f"no CSRF token on {self.url}")

    def upload_form(self, item_label: str) -> Form:
        """The upload form of one material item, found by its label."""
        for form in self.forms:
            if any(f.type == "file" for f in form.fields) and (
                any(f.label == item_label for f in form.fields)
                or _names_item(form.text, item_label)
            ):
                return form
        raise LookupError(f"no upload form for {item_label!r} on {self.url}")


def _names_item(text: str, label: str) -> bool:
    # "银行卡" is also the start of "银行卡号": the item's label must stand on its own
    index = text.find(label)
    while index >= 0:
        after = text[index + len(label) : index + len(label) + 1]
        if after != "号":
            return True
        index = text.find(label, index + 1)
    return False


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self.loose: list[Field] = []  # controls outside a form (tied by form= attributes)
        self.links: list[tuple[str, str]] = []
        self.headings: list[str] = []
        self.text: list[str] = []
        self.labels_for: dict[str, str] = {}
        self._form: Form | None = None
        self._form_text: list[str] = []
        self._label: tuple[str | None, list[str], list[Field]] | None = None
        self._select: Field | None = None
        self._option: tuple[str, list[str], bool] | None = None
        self._button: tuple[dict[str, str], list[str]] | None = None
        self._link: tuple[str, list[str]] | None = None
        self._heading: list[str] | None = None
        self._textarea: Field | None = None
        self._skip = 0
        self._upload_url = ""

    def handle_starttag(self, tag: str, attrs_list: list[tuple[str, str | None]]) -> None:
        attrs = {k: (v if v is not None else "") for k, v in attrs_list}
        if "data-upload-url" in attrs:
            self._upload_url = attrs["data-upload-url"]
        if tag in ("script", "style"):
            self._skip += 1
        elif tag == "form":
            self._form = Form(
                attrs.get("action", ""),
                attrs.get("method", "get").lower(),
                attrs.get("enctype", "application/x-www-form-urlencoded"),
            )
            self.forms.append(self._form)
            self._form_text = []
        elif tag == "label":
            self._label = (attrs.get("for"), [], [])
        elif tag in ("input", "select", "textarea"):
            kind = attrs.get("type", "text").lower() if tag == "input" else tag
            if kind in ("submit", "image", "button") and tag == "input":
                self._add_button(attrs, attrs.get("value", ""))
                return
            control = Field(
                tag,
                attrs.get("name", ""),
                kind,
                attrs.get("value", ""),
                attrs.get("id", ""),
                "checked" in attrs,
            )
            if self._label is not None:
                self._label[2].append(control)
            (self._form.fields if self._form is not None else self.loose).append(control)
            if kind == "file":
                control.upload_url = self._upload_url
            if tag == "select":
                self._select = control
            elif tag == "textarea":
                self._textarea = control
        elif tag == "option" and self._select is not None:
            self._option = (attrs.get("value", "\0"), [], "selected" in attrs)
        elif tag == "button":
            self._button = (attrs, [])
        elif tag == "a" and "href" in attrs:
            self._link = (attrs["href"], [])
        elif tag in ("h1", "h2", "h3"):
            self._heading = []

    def _add_button(self, attrs: dict[str, str], text: str) -> None:
        if attrs.get("type", "submit").lower() not in ("submit", "image"):
            return
        button = Button(attrs.get("name", ""), attrs.get("value", ""), " ".join(text.split()))
        if self._form is not None:
            self._form.buttons.append(button)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip = max(0, self._skip - 1)
        elif tag == "form" and self._form is not None:
            self._form.text = "".join(self._form_text)
            self._form = None
        elif tag == "label" and self._label is not None:
            target, words, inside = self._label
            text = _label_text("".join(words))
            if target:
                self.labels_for[target] = text
            for control in inside:
                control.label = control.label or text
            self._label = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "option" and self._option is not None and self._select is not None:
            value, words, selected = self._option
            text = " ".join("".join(words).split())
            self._select.options.append((text if value == "\0" else value, text))
            if selected:
                self._select.value = text if value == "\0" else value
            self._option = None
        elif tag == "button" and self._button is not None:
            attrs, words = self._button
            self._add_button(attrs, "".join(words))
            self._button = None
        elif tag == "a" and self._link is not None:
            href, words = self._link
            self.links.append((" ".join("".join(words).split()), href))
            self._link = None
        elif tag in ("h1", "h2", "h3") and self._heading is not None:
            self.headings.append(" ".join("".join(self._heading).split()))
            self._heading = None

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        self.text.append(data)
        if self._form is not None:
            self._form_text.append(data)
        for words in (
            self._label[1] if self._label else None,
            self._option[1] if self._option else None,
            self._button[1] if self._button else None,
            self._link[1] if self._link else None,
            self._heading,
        ):
            if words is not None:
                words.append(data)
        if self._textarea is not None:
            self._textarea.value += data


def _label_text(text: str) -> str:
    return " ".join(text.replace("*", "").replace("＊", "").split())


def parse(url: str, status: int, html: str) -> Page:
    """A page's forms (controls labelled through `for`, wrapping labels or both), links and text."""
    parser = _Parser()
    parser.feed(html)
    parser.close()
    for form in parser.forms:
        for control in form.fields:
            if not control.label and control.id in parser.labels_for:
                control.label = parser.labels_for[control.id]
        form.action = urljoin(url, form.action) if form.action else url
    text = " ".join("".join(parser.text).split())
    return Page(url, status, parser.forms, parser.links, text, parser.headings)
