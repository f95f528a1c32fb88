"""Deterministic abstract illustrations for the demo content.

The demo site needs pictures, but shipping real photographs would mean shipping someone's rights
and several megabytes of binaries. Instead every demo image is drawn on the fly with Pillow from
three small inputs: a *motif* (what the picture suggests: a skyline, the sea...), a *palette* and
a *seed*. The same inputs always give the same bytes, so fixtures, tests and screenshots are
stable, and a picture is cheap to make (well under 150 ms at 1600x1000).

The JPEGs carry their credit and caption the way agency photos do, so the import and display code
is exercised on realistic files:

* EXIF: Artist (0x013B) and Copyright (0x8298) hold the credit, ImageDescription (0x010E) the
  caption. EXIF strings are nominally ASCII; they are written as UTF-8 bytes, which is what most
  tools expect today. Pillow decodes them as Latin-1 when reading, so use ``decode_exif_text``.
* IPTC-IIM in a Photoshop APP13 block: 2:80 By-line, 2:110 Credit, 2:115 Source and
  2:120 Caption/Abstract, with 1:90 declaring UTF-8. Pillow cannot write APP13 itself, so the
  segment is built here and spliced in right after the encoder's APP0/APP1 segments. Pillow reads
  it back with ``PIL.IptcImagePlugin.getiptcinfo``.
"""

from __future__ import annotations

import functools
import io
import itertools
import math
import random
import struct
from collections.abc import Callable
from typing import NamedTuple

from PIL import Image, ImageDraw

__all__ = ["MOTIFS", "PALETTES", "decode_exif_text", "demo_image_bytes"]

RGB = tuple[int, int, int]
RGBA = tuple[int, int, int, int]

EXIF_IMAGE_DESCRIPTION = 0x010E
EXIF_ARTIST = 0x013B
EXIF_COPYRIGHT = 0x8298
JPEG_QUALITY = 82


def _hex(value: str) -> RGB:
    value = value.lstrip("#")
    return (int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16))


class Palette(NamedTuple):
    """Colours of one palette, from the top of the sky down to the nearest foreground."""

    top: RGB
    middle: RGB
    horizon: RGB
    sun: RGB
    far: RGB
    mid: RGB
    near: RGB
    accent: RGB
    light: RGB


def _palette(*colours: str) -> Palette:
    return Palette(*(_hex(c) for c in colours))


PALETTES: dict[str, Palette] = {
    "dawn": _palette(
        "2b3a67", "c86b85", "f7c59f", "fff1c1", "8a6f8f", "5b4a6b", "2f2540", "ff9f6e", "ffe8b0"
    ),
    "dusk": _palette(
        "1d2b53", "7e2553", "ff8a5b", "ffd27d", "6b3d6e", "4a2a55", "231634", "ff6b6b", "ffd9a0"
    ),
    "ocean": _palette(
        "0b3d5c", "2f7fa8", "b9e3ee", "f4fbff", "5d9bb8", "2c6e8f", "0f3b53", "ffd166", "e8f7fb"
    ),
    "forest": _palette(
        "1f3b2c", "5f8f6a", "dfe8c4", "fff6d5", "7d9f7a", "3f6b4a", "1c3324", "e9b44c", "f3f0d7"
    ),
    "desert": _palette(
        "3a6ea5", "e3a76f", "f8dfb0", "fff4d6", "c98b5a", "a05d3b", "5e321f", "2a9d8f", "fff1cf"
    ),
    "night": _palette(
        "05070f", "141b3a", "3b3f73", "e9ecff", "2a2f5a", "1a1e3f", "0b0d1e", "ffcf5a", "fce9a6"
    ),
    "steel": _palette(
        "2e3440", "6b7a8f", "d8dee9", "f5f7fa", "8892a3", "5c6677", "2b303b", "e07a5f", "eef1f5"
    ),
    "ember": _palette(
        "2b0f0e", "8c2f1b", "f2a541", "fff0c2", "7a3322", "54211a", "24100d", "ffd166", "ffe3a3"
    ),
}


def _mix(a: RGB, b: RGB, t: float) -> RGB:
    t = min(1.0, max(0.0, t))
    return (
        round(a[0] + (b[0] - a[0]) * t),
        round(a[1] + (b[1] - a[1]) * t),
        round(a[2] + (b[2] - a[2]) * t),
    )


def _alpha(colour: RGB, alpha: int) -> RGBA:
    return (*colour, max(0, min(255, alpha)))


# Masks depend only on their size, so they are made once: they are most of the fixed cost.
@functools.lru_cache(maxsize=24)
def _glow_mask(size: int, strength: float) -> Image.Image:
    mask = Image.radial_gradient("L").resize((size, size), Image.Resampling.BILINEAR)
    # radial_gradient() is 0 at the centre and 181 at the middle of each edge.
    return mask.point(lambda v: round((1 - min(v / 181, 1)) ** 2.2 * 255 * strength))


@functools.lru_cache(maxsize=4)
def _vignette_mask(width: int, height: int, strength: float) -> Image.Image:
    mask = Image.radial_gradient("L").resize((width, height), Image.Resampling.BILINEAR)
    return mask.point(lambda v: round(max(0, v - 110) / 145 * 255 * strength))


class _Canvas:
    """The image being drawn, with the helpers the motifs share."""

    def __init__(self, width: int, height: int, palette: Palette, rng: random.Random) -> None:
        self.w = width
        self.h = height
        self.p = palette
        self.rng = rng
        self.image = Image.new("RGB", (width, height))
        self.draw = ImageDraw.Draw(self.image, "RGBA")

    def s(self, fraction: float) -> int:
        """A length as a fraction of the shorter side."""
        return max(1, round(min(self.w, self.h) * fraction))

    def sky(self, stops: list[tuple[float, RGB]]) -> None:
        """Fill with a vertical gradient through ``(position, colour)`` stops."""
        column: list[RGB] = []
        for y in range(self.h):
            pos = y / max(1, self.h - 1)
            colour = stops[-1][1]
            for (p0, c0), (p1, c1) in itertools.pairwise(stops):
                if pos <= p1:
                    colour = _mix(c0, c1, (pos - p0) / max(1e-6, p1 - p0))
                    break
            column.append(colour)
        strip = Image.new("RGB", (1, self.h))
        strip.putdata(column)
        self.image.paste(strip.resize((self.w, self.h), Image.Resampling.NEAREST))

    def default_sky(self, horizon: float = 0.62) -> None:
        p = self.p
        self.sky([(0.0, p.top), (horizon * 0.6, p.middle), (horizon, p.horizon), (1.0, p.mid)])

    def glow(self, cx: float, cy: float, radius: float, colour: RGB, strength: float) -> None:
        """A soft radial glow (sun, lamp, nebula) centred on ``(cx, cy)``."""
        size = max(8, round(radius / 4) * 8)  # a multiple of 8, so that masks are reused
        mask = _glow_mask(size, round(strength, 3))
        self.image.paste(colour, (round(cx - size / 2), round(cy - size / 2)), mask)

    def disc(self, cx: float, cy: float, r: float, fill: RGB | RGBA) -> None:
        self.draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=fill)

    def wave_polygon(
        self,
        base: float,
        amplitude: float,
        wavelength: float,
        phase: float,
        fill: RGB | RGBA,
        jitter: float = 0.0,
        step: int = 24,
    ) -> None:
        """A band from a sine-shaped top edge down to the bottom of the image."""
        points: list[tuple[float, float]] = [(-step, self.h)]
        for x in range(-step, self.w + 2 * step, step):
            wobble = self.rng.uniform(-jitter, jitter) if jitter else 0.0
            y = base + amplitude * math.sin(2 * math.pi * x / wavelength + phase) + wobble
            points.append((x, y))
        points.append((self.w + step, self.h))
        self.draw.polygon(points, fill=fill)

    def ridge(self, base: float, roughness: float, fill: RGB | RGBA, segments: int = 48) -> None:
        """A jagged mountain ridge: a random walk along the width, filled down to the bottom."""
        points = [(0.0, float(self.h))]
        y = base + self.rng.uniform(-roughness, roughness)
        for i in range(segments + 1):
            x = self.w * i / segments
            y += self.rng.uniform(-roughness, roughness) * 0.6
            y += (base - y) * 0.15
            points.append((x, y))
        points.append((float(self.w), float(self.h)))
        self.draw.polygon(points, fill=fill)

    def vignette(self, strength: float = 0.45) -> None:
        mask = _vignette_mask(self.w, self.h, round(strength, 3))
        self.image.paste((0, 0, 0), (0, 0), mask)


# --- Motifs --------------------------------------------------------------------------------------


def _city(c: _Canvas) -> None:
    p, rng = c.p, c.rng
    c.default_sky(0.7)
    c.glow(rng.uniform(0.2, 0.8) * c.w, c.h * rng.uniform(0.3, 0.45), c.s(0.35), p.sun, 0.8)
    layers = [
        (_mix(p.far, p.horizon, 0.45), (0.30, 0.58), False),
        (_mix(p.mid, p.far, 0.3), (0.20, 0.45), True),
        (p.near, (0.10, 0.32), True),
    ]
    for colour, (low, high), windows in layers:
        x = -rng.uniform(0, c.w * 0.05)
        while x < c.w:
            bw = rng.uniform(0.035, 0.09) * c.w
            top = c.h * (1 - rng.uniform(low, high))
            c.draw.rectangle((x, top, x + bw, c.h), fill=colour)
            if rng.random() < 0.3:  # stepped crown
                inset = bw * rng.uniform(0.15, 0.3)
                c.draw.rectangle((x + inset, top - bw * 0.35, x + bw - inset, top), fill=colour)
            if rng.random() < 0.2:  # antenna
                ax = x + bw / 2
                c.draw.line((ax, top - c.s(0.09), ax, top), fill=colour, width=max(2, c.s(0.004)))
            if windows:
                size = c.s(0.012)
                gap = size * 1.2
                wy = top + gap
                while wy < c.h - gap:
                    wx = x + gap
                    while wx < x + bw - size - gap / 2:
                        if rng.random() < 0.28:
                            glow = rng.randint(120, 230)
                            c.draw.rectangle(
                                (wx, wy, wx + size, wy + size * 1.3), fill=_alpha(p.light, glow)
                            )
                        wx += size + gap
                    wy += size * 1.3 + gap
            x += bw + rng.uniform(0, c.w * 0.012)
    c.draw.rectangle((0, c.h * 0.97, c.w, c.h), fill=p.near)


def _sea(c: _Canvas) -> None:
    p, rng = c.p, c.rng
    horizon = c.h * rng.uniform(0.52, 0.6)
    c.sky([(0.0, p.top), (0.35, p.middle), (horizon / c.h, p.horizon), (1.0, p.near)])
    sun_x = rng.uniform(0.25, 0.75) * c.w
    sun_y = horizon - c.s(rng.uniform(0.06, 0.2))
    c.glow(sun_x, sun_y, c.s(0.45), p.sun, 0.7)
    c.disc(sun_x, sun_y, c.s(0.06), _alpha(p.sun, 235))
    c.draw.rectangle((0, horizon, c.w, c.h), fill=_mix(p.mid, p.horizon, 0.35))
    bands = 8
    for k in range(bands):
        t = k / (bands - 1)
        base = horizon + (c.h - horizon) * (t**1.4) + c.s(0.01)
        amp = c.s(0.004 + 0.02 * t)
        colour = _mix(_mix(p.far, p.horizon, 0.3), p.near, t)
        wavelength = c.w * rng.uniform(0.12, 0.25) * (1 + t)
        c.wave_polygon(base, amp, wavelength, rng.uniform(0, 6.28), colour, jitter=amp * 0.2)
    for i in range(40):  # the sun's reflection
        y = horizon + (c.h - horizon) * (i / 40) ** 1.3 + c.s(0.01)
        half = c.s(0.02 + 0.1 * i / 40) * rng.uniform(0.4, 1.0)
        x = sun_x + rng.uniform(-1, 1) * c.s(0.02) * (1 + i / 10)
        c.draw.line((x - half, y, x + half, y), fill=_alpha(p.sun, 150 - i * 3), width=c.s(0.004))
    if rng.random() < 0.7:  # a sail on the horizon
        bx = rng.uniform(0.1, 0.9) * c.w
        by = horizon + c.s(0.02)
        size = c.s(0.05)
        c.draw.polygon([(bx, by - size), (bx, by), (bx + size * 0.6, by)], fill=p.light)
        c.draw.polygon(
            [
                (bx - size * 0.5, by),
                (bx + size * 0.8, by),
                (bx + size * 0.6, by + size * 0.15),
                (bx - size * 0.35, by + size * 0.15),
            ],
            fill=p.near,
        )


def _mountain(c: _Canvas) -> None:
    p, rng = c.p, c.rng
    c.default_sky(0.66)
    c.glow(rng.uniform(0.15, 0.85) * c.w, c.h * 0.32, c.s(0.4), p.sun, 0.75)
    far = _mix(p.far, p.horizon, 0.5)
    peaks = rng.randint(3, 5)
    for i in range(peaks):
        cx = c.w * (i + rng.uniform(0.2, 0.8)) / peaks
        half = c.w * rng.uniform(0.18, 0.3)
        top = c.h * rng.uniform(0.18, 0.36)
        base = c.h * 0.8
        c.draw.polygon([(cx - half, base), (cx, top), (cx + half, base)], fill=far)
        snow = rng.uniform(0.18, 0.3)
        sy = top + (base - top) * snow
        sx = half * snow
        notch = (base - top) * snow * 0.25
        c.draw.polygon(
            [
                (cx, top),
                (cx + sx, sy),
                (cx + sx * 0.4, sy - notch),
                (cx, sy),
                (cx - sx * 0.5, sy - notch),
                (cx - sx, sy),
            ],
            fill=_mix(p.light, (255, 255, 255), 0.5),
        )
        c.draw.polygon(
            [(cx, top), (cx + half, base), (cx + half * 0.2, base)], fill=_alpha(p.near, 40)
        )
    c.ridge(c.h * 0.66, c.s(0.05), _mix(p.mid, p.far, 0.4))
    c.ridge(c.h * 0.76, c.s(0.04), p.mid)
    c.ridge(c.h * 0.88, c.s(0.03), p.near)


def _field(c: _Canvas) -> None:
    p, rng = c.p, c.rng
    c.default_sky(0.6)
    c.glow(rng.uniform(0.2, 0.8) * c.w, c.h * rng.uniform(0.18, 0.3), c.s(0.35), p.sun, 0.8)
    c.wave_polygon(c.h * 0.55, c.s(0.04), c.w * 1.3, rng.uniform(0, 6), _mix(p.far, p.horizon, 0.3))
    c.wave_polygon(c.h * 0.63, c.s(0.05), c.w * 0.9, rng.uniform(0, 6), p.far)
    for _ in range(rng.randint(4, 8)):  # trees on the far hill
        tx = rng.uniform(0.05, 0.95) * c.w
        ty = c.h * rng.uniform(0.6, 0.64)
        r = c.s(rng.uniform(0.02, 0.04))
        c.draw.line((tx, ty, tx, ty + r * 2), fill=p.near, width=max(2, c.s(0.006)))
        c.disc(tx, ty, r, p.mid)
    c.wave_polygon(c.h * 0.74, c.s(0.03), c.w * 1.6, rng.uniform(0, 6), p.mid)
    vanish_x = rng.uniform(0.3, 0.7) * c.w
    top = c.h * 0.78
    c.draw.rectangle((0, top, c.w, c.h), fill=_mix(p.mid, p.accent, 0.25))
    for i in range(-20, 21):  # furrows converging on the horizon
        c.draw.line(
            (vanish_x + i * c.w * 0.01, top, vanish_x + i * c.w * 0.09, c.h),
            fill=_alpha(p.near, 70),
            width=max(1, c.s(0.004)),
        )
    for _ in range(rng.randint(3, 6)):  # birds
        bx, by, bs = rng.uniform(0.1, 0.9) * c.w, c.h * rng.uniform(0.1, 0.35), c.s(0.015)
        c.draw.line(
            (bx - bs, by - bs * 0.4, bx, by, bx + bs, by - bs * 0.4),
            fill=_alpha(p.near, 180),
            width=max(2, c.s(0.003)),
        )


def _lab(c: _Canvas) -> None:
    p, rng = c.p, c.rng
    c.sky([(0.0, _mix(p.top, (0, 0, 0), 0.3)), (0.7, p.mid), (1.0, p.near)])
    step = c.s(0.06)
    for x in range(0, c.w, step):
        c.draw.line((x, 0, x, c.h), fill=_alpha(p.light, 18), width=1)
    for y in range(0, c.h, step):
        c.draw.line((0, y, c.w, y), fill=_alpha(p.light, 18), width=1)
    c.glow(c.w * rng.uniform(0.55, 0.8), c.h * 0.4, c.s(0.5), p.accent, 0.35)
    # A molecule: atoms joined to their nearest neighbours.
    mx, my = c.w * rng.uniform(0.55, 0.75), c.h * rng.uniform(0.3, 0.5)
    atoms = [(mx + rng.gauss(0, c.s(0.18)), my + rng.gauss(0, c.s(0.12))) for _ in range(12)]
    for i, (ax, ay) in enumerate(atoms):
        nearest = sorted(
            (math.dist((ax, ay), other), j) for j, other in enumerate(atoms) if j != i
        )[:2]
        for _, j in nearest:
            bx, by = atoms[j]
            c.draw.line((ax, ay, bx, by), fill=_alpha(p.light, 150), width=c.s(0.006))
    for ax, ay in atoms:
        r = c.s(rng.uniform(0.02, 0.04))
        colour = p.accent if rng.random() < 0.4 else p.light
        c.disc(ax, ay, r * 1.6, _alpha(colour, 50))
        c.disc(ax, ay, r, colour)
    # A flask on the bench.
    bench = c.h * 0.82
    c.draw.rectangle((0, bench, c.w, c.h), fill=p.near)
    fx, neck, body = c.w * rng.uniform(0.18, 0.32), c.s(0.05), c.s(0.22)
    top = bench - c.s(0.5)
    shoulder = bench - body * 1.2
    outline = [
        (fx - neck / 2, top),
        (fx + neck / 2, top),
        (fx + neck / 2, shoulder),
        (fx + body, bench),
        (fx - body, bench),
        (fx - neck / 2, shoulder),
    ]
    c.draw.polygon(
        outline, fill=_alpha(p.light, 45), outline=_alpha(p.light, 200), width=c.s(0.006)
    )
    level = bench - body * 0.55
    frac = (bench - level) / (bench - shoulder)
    lw = body - (body - neck / 2) * frac
    c.draw.polygon(
        [(fx - lw, level), (fx + lw, level), (fx + body, bench), (fx - body, bench)],
        fill=_alpha(p.accent, 200),
    )
    for _ in range(10):
        c.disc(
            fx + rng.uniform(-0.6, 0.6) * lw,
            rng.uniform(level, bench - c.s(0.02)),
            c.s(rng.uniform(0.004, 0.012)),
            _alpha(p.light, 170),
        )


def _stadium(c: _Canvas) -> None:
    p, rng = c.p, c.rng
    c.sky([(0.0, p.top), (0.3, p.middle), (0.5, p.horizon), (1.0, p.near)])
    cx, cy = c.w / 2, c.h * 0.98
    for i in range(4):  # floodlight towers, drawn behind the stands
        tx = c.w * (0.08 + 0.28 * i + rng.uniform(-0.03, 0.03))
        ty = c.h * rng.uniform(0.12, 0.2)
        c.draw.line((tx, ty, tx, c.h * 0.6), fill=p.near, width=c.s(0.008))
        c.draw.rectangle(
            (tx - c.s(0.04), ty - c.s(0.02), tx + c.s(0.04), ty + c.s(0.02)), fill=p.light
        )
        c.glow(tx, ty, c.s(0.22), p.light, 0.6)
    rx, ry = c.w * 0.78, c.h * 0.62
    c.draw.ellipse((cx - rx, cy - ry, cx + rx, cy + ry), fill=p.near)
    tiers = 5
    crowd = [p.accent, p.light, p.far, p.sun, _mix(p.accent, p.mid, 0.5)]
    for t in range(tiers):
        f = 1 - (t + 1) * 0.06
        colour = _mix(p.near, p.mid, 0.25 + 0.12 * (t % 2))
        c.draw.ellipse((cx - rx * f, cy - ry * f, cx + rx * f, cy + ry * f), fill=colour)
        for _ in range(160):  # spectators
            angle = rng.uniform(math.pi * 1.02, math.pi * 1.98)
            rr = f - rng.uniform(0.005, 0.055)
            x = cx + rx * rr * math.cos(angle)
            y = cy + ry * rr * math.sin(angle)
            c.disc(x, y, c.s(0.0045), _alpha(rng.choice(crowd), 200))
    pf = 1 - (tiers + 1) * 0.06
    pitch = _mix((58, 140, 72), p.mid, 0.35)
    stripe = _mix(pitch, (255, 255, 255), 0.07)
    box = (round(cx - rx * pf), round(cy - ry * pf), round(cx + rx * pf), round(cy + ry * pf))
    grass = Image.new("RGB", (box[2] - box[0], box[3] - box[1]), pitch)
    grass_draw = ImageDraw.Draw(grass)
    band = grass.width / 12
    for i in range(0, 12, 2):  # mown stripes
        grass_draw.rectangle((i * band, 0, (i + 1) * band, grass.height), fill=stripe)
    oval = Image.new("L", grass.size, 0)
    ImageDraw.Draw(oval).ellipse((0, 0, grass.width - 1, grass.height - 1), fill=255)
    c.image.paste(grass, box[:2], oval)
    line = _alpha((255, 255, 255), 170)
    lw = max(2, c.s(0.004))
    c.draw.line((cx, cy - ry * pf * 0.85, cx, c.h), fill=line, width=lw)
    c.draw.ellipse(
        (
            cx - c.s(0.12),
            cy - ry * pf * 0.4 - c.s(0.05),
            cx + c.s(0.12),
            cy - ry * pf * 0.4 + c.s(0.05),
        ),
        outline=line,
        width=lw,
    )


def _market(c: _Canvas) -> None:
    p, rng = c.p, c.rng
    c.default_sky(0.55)
    c.glow(rng.uniform(0.2, 0.8) * c.w, c.h * 0.2, c.s(0.3), p.sun, 0.7)
    wall = c.h * 0.35
    x = 0.0
    while x < c.w:  # buildings behind the square
        bw = rng.uniform(0.1, 0.2) * c.w
        top = wall - rng.uniform(0, 0.12) * c.h
        c.draw.rectangle((x, top, x + bw, c.h), fill=_mix(p.far, p.horizon, rng.uniform(0.1, 0.4)))
        x += bw
    c.draw.rectangle((0, c.h * 0.8, c.w, c.h), fill=_mix(p.mid, p.near, 0.4))
    stalls = rng.randint(3, 5)
    sw = c.w / stalls
    fruit = [p.accent, (214, 64, 52), (242, 169, 59), (120, 170, 60), p.sun]
    for i in range(stalls):
        x0, x1 = i * sw + sw * 0.06, (i + 1) * sw - sw * 0.06
        a0, a1 = c.h * rng.uniform(0.4, 0.46), c.h * 0.56
        stripes = 6
        colours = [p.accent, p.light] if i % 2 == 0 else [p.mid, p.light]
        for s in range(stripes):  # striped awning with a scalloped hem
            sx0 = x0 + (x1 - x0) * s / stripes
            sx1 = x0 + (x1 - x0) * (s + 1) / stripes
            colour = colours[s % 2]
            c.draw.polygon(
                [(sx0 + (x1 - x0) * 0.04, a0), (sx1 + (x1 - x0) * 0.04, a0), (sx1, a1), (sx0, a1)],
                fill=colour,
            )
            c.draw.chord(
                (sx0, a1 - (sx1 - sx0) / 2, sx1, a1 + (sx1 - sx0) / 2), 0, 180, fill=colour
            )
        for px in (x0 + sw * 0.03, x1 - sw * 0.03):
            c.draw.line((px, a1, px, c.h * 0.86), fill=p.near, width=c.s(0.008))
        counter = c.h * 0.72
        c.draw.rectangle((x0, counter, x1, c.h * 0.86), fill=_mix(p.near, p.mid, 0.3))
        for _ in range(45):  # piles of fruit
            fx = rng.uniform(x0 + sw * 0.05, x1 - sw * 0.05)
            fy = counter - abs(rng.gauss(0, c.s(0.03)))
            c.disc(fx, fy, c.s(0.015), rng.choice(fruit))
    # Bunting across the top.
    y0 = c.h * 0.08
    sag = c.h * 0.08
    n = 22
    for i in range(n):
        t0, t1 = i / n, (i + 0.7) / n
        ya = y0 + sag * math.sin(math.pi * t0)
        yb = y0 + sag * math.sin(math.pi * t1)
        colour = [p.accent, p.light, p.sun, p.mid][i % 4]
        c.draw.polygon(
            [(t0 * c.w, ya), (t1 * c.w, yb), ((t0 + t1) / 2 * c.w, (ya + yb) / 2 + c.s(0.05))],
            fill=colour,
        )
    c.draw.line(
        [(i / 40 * c.w, y0 + sag * math.sin(math.pi * i / 40)) for i in range(41)],
        fill=p.near,
        width=max(2, c.s(0.003)),
    )


def _parliament(c: _Canvas) -> None:
    p, rng = c.p, c.rng
    c.default_sky(0.7)
    c.glow(rng.uniform(0.15, 0.85) * c.w, c.h * 0.3, c.s(0.4), p.sun, 0.7)
    stone = _mix(p.light, p.far, 0.25)
    shade = _mix(stone, p.near, 0.35)
    cx = c.w * rng.uniform(0.42, 0.58)
    half = c.w * rng.uniform(0.3, 0.38)
    ground = c.h * 0.84
    cornice = c.h * 0.44
    if rng.random() < 0.65:  # dome on a drum
        dr = half * 0.38
        drum_top = cornice - c.h * 0.1
        c.draw.rectangle((cx - dr * 0.8, drum_top, cx + dr * 0.8, cornice), fill=shade)
        c.draw.chord(
            (cx - dr, drum_top - dr * 0.9, cx + dr, drum_top + dr * 0.9), 180, 360, fill=stone
        )
        c.draw.rectangle(
            (cx - dr * 0.1, drum_top - dr * 1.1, cx + dr * 0.1, drum_top - dr * 0.85), fill=stone
        )
        flag_base = drum_top - dr * 1.1
    else:
        flag_base = cornice - c.h * 0.16
    pole = flag_base - c.h * 0.12
    c.draw.line((cx, flag_base, cx, pole), fill=p.near, width=max(2, c.s(0.004)))
    c.draw.polygon(
        [(cx, pole), (cx + c.s(0.08), pole + c.s(0.02)), (cx, pole + c.s(0.045))], fill=p.accent
    )
    # Pediment, entablature, columns and steps.
    c.draw.polygon(
        [(cx - half * 1.04, cornice), (cx, cornice - c.h * 0.13), (cx + half * 1.04, cornice)],
        fill=stone,
    )
    c.draw.rectangle(
        (cx - half * 1.04, cornice, cx + half * 1.04, cornice + c.h * 0.05), fill=stone
    )
    c.draw.rectangle((cx - half, cornice + c.h * 0.05, cx + half, ground - c.h * 0.06), fill=shade)
    columns = rng.choice([6, 8, 10])
    cw = half * 2 / (columns * 1.9)
    for i in range(columns):
        x = cx - half + cw * 0.45 + i * (half * 2 - cw * 0.9) / (columns - 1) - cw / 2
        c.draw.rectangle((x, cornice + c.h * 0.05, x + cw, ground - c.h * 0.06), fill=stone)
        c.draw.rectangle(
            (x + cw * 0.65, cornice + c.h * 0.05, x + cw, ground - c.h * 0.06),
            fill=_alpha(p.near, 35),
        )
    for k in range(3):
        y = ground - c.h * 0.06 + k * c.h * 0.02
        extra = half * (1.05 + 0.04 * k)
        c.draw.rectangle(
            (cx - extra, y, cx + extra, y + c.h * 0.02), fill=_mix(stone, p.near, 0.1 * k)
        )
    c.draw.rectangle((0, ground, c.w, c.h), fill=_mix(p.mid, p.near, 0.3))
    for side in (-1, 1):  # clipped trees either side
        for k in range(rng.randint(1, 3)):
            tx = cx + side * (half * 1.2 + k * c.s(0.12))
            r = c.s(rng.uniform(0.05, 0.08))
            c.draw.line((tx, ground, tx, ground - r * 1.5), fill=p.near, width=c.s(0.01))
            c.disc(tx, ground - r * 1.8, r, _mix(p.near, p.mid, 0.3))


def _storm(c: _Canvas) -> None:
    p, rng = c.p, c.rng
    dark = _mix(p.top, (10, 12, 18), 0.4)
    c.sky([(0.0, dark), (0.5, _mix(p.mid, dark, 0.3)), (0.75, p.horizon), (1.0, p.near)])
    clouds = [_mix(p.near, p.far, 0.3), _mix(p.mid, p.near, 0.5), _mix(p.far, dark, 0.4)]
    for _ in range(70):
        x, y = rng.uniform(-0.1, 1.1) * c.w, c.h * abs(rng.gauss(0.05, 0.18))
        rw, rh = c.s(rng.uniform(0.12, 0.3)), c.s(rng.uniform(0.05, 0.12))
        c.draw.ellipse((x - rw, y - rh, x + rw, y + rh), fill=_alpha(rng.choice(clouds), 150))
    # Lightning: a jagged bolt with a halo.
    x, y = rng.uniform(0.25, 0.75) * c.w, c.h * 0.3
    bolt = [(x, y)]
    while y < c.h * 0.78:
        x += rng.uniform(-1, 1) * c.s(0.06)
        y += c.s(rng.uniform(0.03, 0.07))
        bolt.append((x, y))
    c.glow(bolt[len(bolt) // 2][0], bolt[len(bolt) // 2][1], c.s(0.4), p.light, 0.45)
    c.draw.line(bolt, fill=_alpha(p.light, 120), width=c.s(0.02), joint="curve")
    c.draw.line(bolt, fill=(255, 255, 255), width=c.s(0.006), joint="curve")
    c.ridge(c.h * 0.8, c.s(0.02), p.near)
    for _ in range(rng.randint(3, 6)):  # houses on the ridge
        hx, hw = rng.uniform(0.05, 0.95) * c.w, c.s(rng.uniform(0.04, 0.07))
        hy = c.h * 0.82
        c.draw.rectangle((hx, hy - hw * 0.7, hx + hw, hy + hw), fill=p.near)
        c.draw.polygon(
            [
                (hx - hw * 0.1, hy - hw * 0.7),
                (hx + hw / 2, hy - hw * 1.2),
                (hx + hw * 1.1, hy - hw * 0.7),
            ],
            fill=p.near,
        )
        if rng.random() < 0.6:
            c.draw.rectangle(
                (hx + hw * 0.35, hy - hw * 0.35, hx + hw * 0.6, hy - hw * 0.1), fill=p.accent
            )
    slant = c.s(0.05)
    for _ in range(260):  # rain
        x, y = rng.uniform(-0.1, 1.1) * c.w, rng.uniform(0.1, 1.0) * c.h
        length = c.s(rng.uniform(0.03, 0.07))
        c.draw.line(
            (x, y, x - slant * length / c.s(0.1), y + length),
            fill=_alpha(p.light, rng.randint(40, 110)),
            width=max(1, c.s(0.002)),
        )


def _space(c: _Canvas) -> None:
    p, rng = c.p, c.rng
    c.sky([(0.0, (3, 4, 10)), (0.6, _mix(p.top, (3, 4, 10), 0.5)), (1.0, _mix(p.near, p.top, 0.5))])
    for _ in range(3):  # nebulae
        c.glow(
            rng.uniform(0, 1) * c.w,
            rng.uniform(0, 1) * c.h,
            c.s(rng.uniform(0.3, 0.6)),
            rng.choice([p.accent, p.middle, p.far]),
            0.3,
        )
    for _ in range(420):
        x, y = rng.uniform(0, c.w), rng.uniform(0, c.h)
        r = rng.choice([0.6, 0.8, 1.0, 1.3, 1.8]) * c.s(0.0015)
        c.disc(x, y, r, _alpha(p.sun, rng.randint(90, 255)))
    for _ in range(6):  # a few sparkling stars
        x, y, r = rng.uniform(0, c.w), rng.uniform(0, c.h), c.s(0.02)
        c.draw.line((x - r, y, x + r, y), fill=_alpha(p.sun, 200), width=1)
        c.draw.line((x, y - r, x, y + r), fill=_alpha(p.sun, 200), width=1)
        c.disc(x, y, c.s(0.003), p.sun)
    # A banded planet with a ring.
    pr = c.s(rng.uniform(0.28, 0.38))
    px, py = c.w * rng.uniform(0.55, 0.75), c.h * rng.uniform(0.5, 0.7)
    tilt = rng.uniform(0.18, 0.3)
    ring = (px - pr * 1.9, py - pr * 1.9 * tilt, px + pr * 1.9, py + pr * 1.9 * tilt)
    ring_colour = _alpha(p.light, 150)
    c.draw.arc(ring, 180, 360, fill=ring_colour, width=c.s(0.018))
    size = pr * 2
    body = Image.new("RGB", (round(size), round(size)), p.far)
    bd = ImageDraw.Draw(body)
    bands = [p.far, p.mid, p.accent, p.horizon, p.mid, p.far, p.middle]
    y = 0.0
    while y < size:
        bh = size * rng.uniform(0.05, 0.14)
        bd.rectangle((0, y, size, y + bh), fill=_mix(rng.choice(bands), p.light, 0.15))
        y += bh
    # Shade the side away from the light, which sits up and to the left.
    light = Image.radial_gradient("L").resize((round(size * 2), round(size * 2)))
    offset = round(size * 0.7)
    shade = light.crop((offset, offset, offset + body.width, offset + body.height))
    body.paste((5, 6, 12), (0, 0), shade.point(lambda v: min(255, max(0, v - 70) * 2)))
    mask = Image.new("L", body.size, 0)
    ImageDraw.Draw(mask).ellipse((0, 0, size - 1, size - 1), fill=255)
    c.image.paste(body, (round(px - pr), round(py - pr)), mask)
    c.draw.arc(ring, 0, 180, fill=ring_colour, width=c.s(0.018))
    mr = pr * 0.18
    mx, my = px - pr * rng.uniform(1.8, 2.6), py - pr * rng.uniform(0.8, 1.4)
    c.disc(mx, my, mr, _mix(p.light, p.far, 0.3))
    c.disc(mx + mr * 0.35, my + mr * 0.2, mr * 0.85, _alpha((5, 6, 12), 140))


MOTIFS: dict[str, Callable[[_Canvas], None]] = {
    "city": _city,
    "sea": _sea,
    "mountain": _mountain,
    "field": _field,
    "lab": _lab,
    "stadium": _stadium,
    "market": _market,
    "parliament": _parliament,
    "storm": _storm,
    "space": _space,
}


# --- Metadata ------------------------------------------------------------------------------------


def decode_exif_text(value: str | bytes) -> str:
    """Recover the UTF-8 text of an EXIF string that Pillow has decoded as Latin-1."""
    raw = value if isinstance(value, bytes) else value.encode("latin-1", "replace")
    return raw.rstrip(b"\0").decode("utf-8", "replace")


def _exif(caption: str, credit: str) -> Image.Exif:
    exif = Image.Exif()
    if credit:
        exif[EXIF_ARTIST] = credit.encode()
        exif[EXIF_COPYRIGHT] = credit.encode()
    if caption:
        exif[EXIF_IMAGE_DESCRIPTION] = caption.encode()
    return exif


def _byline(credit: str) -> str:
    """The photographer's name from a credit such as ``© Masthead Photo / Ana Ruiz``."""
    return credit.rsplit("/", 1)[-1].replace("©", "").strip()


def _iptc_dataset(record: int, dataset: int, value: bytes) -> bytes:
    if len(value) > 0x7FFF:
        value = value[:0x7FFF]
    return struct.pack(">BBBH", 0x1C, record, dataset, len(value)) + value


def _app13_segment(caption: str, credit: str, agency: str) -> bytes:
    """An APP13 "Photoshop 3.0" segment holding one IPTC-IIM resource (8BIM 0x0404)."""
    fields = [
        (80, _byline(credit)),
        (110, credit),
        (115, agency),
        (120, caption.encode()[:2000].decode("utf-8", "ignore")),
    ]
    iptc = _iptc_dataset(1, 90, b"\x1b%G")  # coded character set: UTF-8
    iptc += _iptc_dataset(2, 0, b"\x00\x04")  # record version 4
    iptc += b"".join(_iptc_dataset(2, num, text.encode()) for num, text in fields if text)
    if len(iptc) % 2:
        iptc += b"\0"
    resource = b"8BIM" + struct.pack(">H", 0x0404) + b"\0\0" + struct.pack(">I", len(iptc)) + iptc
    payload = b"Photoshop 3.0\0" + resource
    return b"\xff\xed" + struct.pack(">H", len(payload) + 2) + payload


def _insert_after_app_segments(jpeg: bytes, segment: bytes) -> bytes:
    """Insert a marker segment after the leading APPn segments of a JPEG stream."""
    pos = 2  # after SOI
    while pos + 4 <= len(jpeg) and jpeg[pos] == 0xFF and 0xE0 <= jpeg[pos + 1] <= 0xEF:
        pos += 2 + struct.unpack(">H", jpeg[pos + 2 : pos + 4])[0]
    return jpeg[:pos] + segment + jpeg[pos:]


# --- Entry point ---------------------------------------------------------------------------------


def demo_image_bytes(
    *,
    motif: str,
    palette: str,
    seed: str,
    width: int = 1600,
    height: int = 1000,
    caption: str = "",
    credit: str = "",
    agency: str = "",
) -> bytes:
    """Draw the illustration for ``motif`` in ``palette`` and return it as JPEG bytes.

    The drawing depends only on ``motif``, ``palette``, ``seed`` and the size; caption, credit
    and agency go into the EXIF and IPTC metadata.
    """
    if motif not in MOTIFS:
        raise ValueError(f"unknown motif {motif!r}; expected one of {', '.join(MOTIFS)}")
    if palette not in PALETTES:
        raise ValueError(f"unknown palette {palette!r}; expected one of {', '.join(PALETTES)}")
    if width < 16 or height < 16:
        raise ValueError("width and height must be at least 16 pixels")
    canvas = _Canvas(width, height, PALETTES[palette], random.Random(seed))
    MOTIFS[motif](canvas)
    canvas.vignette()
    out = io.BytesIO()
    canvas.image.save(out, "JPEG", quality=JPEG_QUALITY, exif=_exif(caption, credit))
    jpeg = out.getvalue()
    if caption or credit or agency:
        jpeg = _insert_after_app_segments(jpeg, _app13_segment(caption, credit, agency))
    return jpeg
