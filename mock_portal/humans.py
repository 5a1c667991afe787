"""What only a person can pass at login: an image captcha, a QR code, and the SSO's one-time tickets.

Their state lives in memory, like the sessions: a captcha, a QR code or a ticket never needs
to outlive the process. Answers are drawn from `secrets`, not from the faults' seeded RNG, so
that a script cannot work them out from the seed.
"""

from __future__ import annotations

import io
import math
import secrets
import threading
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

#: no 0/O, 1/I/L: a person must be able to read it
CAPTCHA_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CAPTCHA_LENGTH = 4
CAPTCHA_SIZE = (132, 44)
QR_MODULES = 25
QR_SCALE = 6
#: how many captchas, QR codes and tickets are remembered (the oldest go first)
KEEP = 500
FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
)


@dataclass
class Captcha:
    id: str
    answer: str


@dataclass
class QrLogin:
    token: str
    #: the citizen who approved it in the app (POST /__mock__/qr/approve), or None while waiting
    approved_by: str | None = None


class _Bounded:
    """A dict that forgets its oldest entries past KEEP."""

    def __init__(self) -> None:
        self.items: dict[str, object] = {}
        self.lock = threading.Lock()

    def put(self, key: str, value: object) -> None:
        with self.lock:
            self.items[key] = value
            while len(self.items) > KEEP:
                self.items.pop(next(iter(self.items)))


class HumanChecks:
    """Captchas issued, QR codes shown and approved, SSO tickets not yet exchanged; login counts."""

    def __init__(self) -> None:
        self._captchas = _Bounded()
        self._qrs = _Bounded()
        self._tickets = _Bounded()
        #: the 统一身份认证 form's one-time form tokens (its CSRF token)
        self._form_tokens = _Bounded()
        self._lock = threading.Lock()
        self.stats: dict[str, int] = {}
        self.clear()

    def clear(self) -> None:
        for store in (self._captchas, self._qrs, self._tickets, self._form_tokens):
            with store.lock:
                store.items.clear()
        with self._lock:
            self.stats = {"login_posts": 0, "sso_login_posts": 0, "logins": 0, "tickets_used": 0}

    def count(self, key: str) -> None:
        with self._lock:
            self.stats[key] = self.stats.get(key, 0) + 1

    # -- captcha --

    def new_captcha(self) -> Captcha:
        answer = "".join(secrets.choice(CAPTCHA_ALPHABET) for _ in range(CAPTCHA_LENGTH))
        captcha = Captcha(secrets.token_urlsafe(12), answer)
        self._captchas.put(captcha.id, captcha)
        return captcha

    def captcha(self, captcha_id: str) -> Captcha | None:
        with self._captchas.lock:
            found = self._captchas.items.get(captcha_id)
        return found if isinstance(found, Captcha) else None

    def latest_captcha(self) -> Captcha | None:
        with self._captchas.lock:
            if not self._captchas.items:
                return None
            found = list(self._captchas.items.values())[-1]
        return found if isinstance(found, Captcha) else None

    def check_captcha(self, captcha_id: str, typed: str) -> bool:
        """Whether `typed` answers that captcha; each captcha is good for one try only."""
        with self._captchas.lock:
            found = self._captchas.items.pop(captcha_id, None)
        if not isinstance(found, Captcha) or not typed:
            return False
        return secrets.compare_digest(found.answer, typed.strip().upper())

    # -- QR --

    def new_qr(self) -> QrLogin:
        qr = QrLogin(secrets.token_urlsafe(16))
        self._qrs.put(qr.token, qr)
        return qr

    def qr(self, token: str) -> QrLogin | None:
        with self._qrs.lock:
            found = self._qrs.items.get(token)
        return found if isinstance(found, QrLogin) else None

    def approve_qr(self, token: str | None, id_number: str) -> QrLogin | None:
        """The app's "确认登录": the given QR code, or the one shown last."""
        with self._qrs.lock:
            if token is None:
                waiting = [q for q in self._qrs.items.values() if isinstance(q, QrLogin)]
                found = waiting[-1] if waiting else None
            else:
                item = self._qrs.items.get(token)
                found = item if isinstance(item, QrLogin) else None
            if found is not None:
                found.approved_by = id_number
        return found

    def take_qr(self, token: str) -> str | None:
        """The citizen who approved that QR code, once; None while it waits or when it is gone."""
        with self._qrs.lock:
            found = self._qrs.items.get(token)
            if not isinstance(found, QrLogin) or found.approved_by is None:
                return None
            del self._qrs.items[token]
            return found.approved_by

    # -- SSO tickets --

    def new_form_token(self) -> str:
        token = "LT-" + secrets.token_urlsafe(18)
        self._form_tokens.put(token, True)
        return token

    def take_form_token(self, token: str) -> bool:
        with self._form_tokens.lock:
            return self._form_tokens.items.pop(token, None) is not None

    def new_ticket(self, id_number: str) -> str:
        ticket = "ST-" + secrets.token_urlsafe(18)
        self._tickets.put(ticket, id_number)
        return ticket

    def take_ticket(self, ticket: str) -> str | None:
        """The citizen the ticket was issued to; a ticket is good once."""
        with self._tickets.lock:
            found = self._tickets.items.pop(ticket, None)
        if found is not None:
            self.count("tickets_used")
        return found if isinstance(found, str) else None


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for candidate in FONT_CANDIDATES:
        if Path(candidate).exists():
            return ImageFont.truetype(candidate, size)
    return ImageFont.load_default(size)


def captcha_png(answer: str) -> bytes:
    """The answer drawn as a person reads it and a script does not: rotated, shifted, crossed out."""
    rng = secrets.SystemRandom()
    width, height = CAPTCHA_SIZE
    image = Image.new("RGB", CAPTCHA_SIZE, (238, 243, 250))
    draw = ImageDraw.Draw(image)
    for _ in range(90):
        x, y = rng.randrange(width), rng.randrange(height)
        draw.point((x, y), fill=(rng.randrange(120, 200),) * 3)
    font = _font(28)
    step = (width - 16) // len(answer)
    for i, char in enumerate(answer):
        glyph = Image.new("RGBA", (40, 44), (0, 0, 0, 0))
        colour = (rng.randrange(10, 90), rng.randrange(30, 110), rng.randrange(90, 170), 255)
        ImageDraw.Draw(glyph).text((8, 4), char, font=font, fill=colour)
        glyph = glyph.rotate(rng.uniform(-28, 28), resample=Image.Resampling.BICUBIC)
        image.paste(glyph, (6 + i * step + rng.randrange(-3, 4), rng.randrange(-4, 3)), glyph)
    for _ in range(3):
        phase, amp = rng.uniform(0, math.pi), rng.uniform(3, 8)
        base = rng.uniform(12, height - 12)
        points = [(x, base + amp * math.sin(phase + x / 14)) for x in range(0, width, 4)]
        draw.line(points, fill=(rng.randrange(60, 160), 80, 120), width=2)
    image = image.filter(ImageFilter.SMOOTH)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def qr_png(token: str) -> bytes:
    """A QR-like picture of the token: finder squares and modules a phone app would read.

    It is not a standard QR code (the mock needs no QR library): nothing but the mock's own
    approve call can complete it, as nothing but a person's phone completes the real one.
    """
    rng = secrets.SystemRandom()
    n = QR_MODULES
    size = (n + 4) * QR_SCALE
    image = Image.new("RGB", (size, size), "white")
    draw = ImageDraw.Draw(image)

    def module(x: int, y: int) -> None:
        x0, y0 = (x + 2) * QR_SCALE, (y + 2) * QR_SCALE
        draw.rectangle((x0, y0, x0 + QR_SCALE - 1, y0 + QR_SCALE - 1), fill="black")

    finders = [(0, 0), (n - 7, 0), (0, n - 7)]
    for fx, fy in finders:
        for dx in range(7):
            for dy in range(7):
                ring = max(abs(dx - 3), abs(dy - 3))
                if ring != 2:
                    module(fx + dx, fy + dy)
    for x in range(n):
        for y in range(n):
            in_finder = any(fx - 1 <= x <= fx + 7 and fy - 1 <= y <= fy + 7 for fx, fy in finders)
            if not in_finder and rng.random() < 0.5:
                module(x, y)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()
