"""Tesseract OCR of one page image, Vietnamese model, through the ``tesseract`` command line.

The CLI rather than a wrapper library: the worker already owns the process limits and the deadline, and the
command is one call with the image on stdin and the text on stdout (pytesseract would write temp files and
add a dependency for the same call). ``OMP_THREAD_LIMIT=1`` keeps Tesseract on one core, as its manual
advises when several pages or processes run at once.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from functools import cache

LANG = "vie"


class OcrUnavailableError(RuntimeError):
    """Tesseract or its Vietnamese model is not installed."""


@cache
def available() -> bool:
    """Whether ``tesseract`` is on PATH with the ``vie`` model installed."""
    exe = shutil.which("tesseract")
    if exe is None:
        return False
    try:
        out = subprocess.run([exe, "--list-langs"], capture_output=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return LANG in out.stdout.decode("utf-8", "replace").split()


def pgm(width: int, height: int, stride: int, pixels: bytes) -> bytes:
    """An 8-bit grey bitmap as a binary PGM file: one header line, then the rows without their padding.

    Written by hand because it is one line of header; Pillow would be a dependency for this alone."""
    rows = pixels if stride == width else b"".join(pixels[y * stride : y * stride + width] for y in range(height))
    return b"P5\n%d %d\n255\n" % (width, height) + rows


def read_page(image: bytes, timeout: float) -> str:
    """The text Tesseract reads on one page image (any format Leptonica reads: PGM, PNG, TIFF)."""
    exe = shutil.which("tesseract")
    if exe is None or not available():
        raise OcrUnavailableError("tesseract with the Vietnamese model (Debian tesseract-ocr-vie) is not installed")
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    done = subprocess.run(
        [exe, "stdin", "stdout", "-l", LANG, "--psm", "3"],
        input=image,
        capture_output=True,
        timeout=max(timeout, 1.0),
        env=env,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(done.stderr.decode("utf-8", "replace").strip()[:200] or "tesseract failed")
    return done.stdout.decode("utf-8", "replace")
