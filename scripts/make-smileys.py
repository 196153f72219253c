#!/usr/bin/env python3
"""Draws the three smiley images of the built-in template set as PNG files.

Only the standard library is used (zlib and struct write the PNG), so anyone can re-draw the images after a
colour change without installing anything:

    python3 scripts/make-smileys.py            # writes templates/default/images/{positive,neutral,negative}.png

Each image is 96 x 96 pixels, RGBA, with a transparent background and anti-aliased edges (4 x 4 supersampling).
The faces are filled discs with dark features, so they read on light and dark mail backgrounds alike.
"""
import math
import os
import struct
import sys
import zlib

SIZE = 96
SAMPLES = 4  # supersampling per axis

FACES = {
    # name: (fill RGB, mouth curvature: >0 smile, 0 flat, <0 frown)
    "positive": ((0x2E, 0x9E, 0x5B), 1.0),
    "neutral": ((0xF2, 0xB9, 0x2B), 0.0),
    "negative": ((0xD9, 0x4F, 0x4F), -1.0),
}
OUTLINE = (0x1F, 0x29, 0x33)
FEATURES = (0x1F, 0x29, 0x33)


def sample(x, y, fill, curvature):
    """Returns the RGBA colour at point (x, y) of the face, in pixel units with the centre at 48, 48."""
    cx = cy = SIZE / 2
    r = math.hypot(x - cx, y - cy)
    if r > 45:
        return None
    if r > 42:
        return OUTLINE
    # eyes
    for ex in (cx - 15, cx + 15):
        if math.hypot(x - ex, y - (cy - 11)) <= 5.5:
            return FEATURES
    # mouth: a parabola y = base + k * dx^2 over |dx| <= 18, 3.2 px thick
    dx = x - cx
    if abs(dx) <= 18:
        k = -curvature * 0.028  # image y grows downwards: a smile bends up at the corners
        base = cy + 14 + curvature * 4
        mouth_y = base + k * dx * dx
        slope = 2 * k * dx
        distance = abs(y - mouth_y) / math.sqrt(1 + slope * slope)
        if distance <= 2.6:
            return FEATURES
    return fill


def draw(fill, curvature):
    rows = []
    for py in range(SIZE):
        row = bytearray([0])  # filter type 0
        for px in range(SIZE):
            acc = [0, 0, 0, 0]
            for sy in range(SAMPLES):
                for sx in range(SAMPLES):
                    colour = sample(px + (sx + 0.5) / SAMPLES, py + (sy + 0.5) / SAMPLES, fill, curvature)
                    if colour is not None:
                        acc[0] += colour[0]
                        acc[1] += colour[1]
                        acc[2] += colour[2]
                        acc[3] += 255
            covered = acc[3] // 255
            if covered == 0:
                row += bytes(4)
            else:
                row += bytes([acc[0] // covered, acc[1] // covered, acc[2] // covered, acc[3] // (SAMPLES * SAMPLES)])
        rows.append(bytes(row))
    return b"".join(rows)


def chunk(kind, data):
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)


def png(pixels):
    header = struct.pack(">IIBBBBB", SIZE, SIZE, 8, 6, 0, 0, 0)  # 8-bit RGBA, no interlace
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(pixels, 9)) + chunk(b"IEND", b"")


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "templates", "default", "images")
    os.makedirs(out, exist_ok=True)
    for name, (fill, curvature) in FACES.items():
        path = os.path.join(out, name + ".png")
        with open(path, "wb") as f:
            f.write(png(draw(fill, curvature)))
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
