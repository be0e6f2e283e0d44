"""The browser harness of the HTML tests: headless Chromium driven by selenium through the system chromedriver
(named explicitly, so nothing tries to download a driver), and a small PNG decoder (zlib) for pixel checks."""

from __future__ import annotations

import importlib.util
import os
import shutil
import struct
import subprocess
import zlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from selenium.webdriver.chrome.webdriver import WebDriver

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--disable-dev-shm-usage", "--hide-scrollbars", "--force-device-scale-factor=1"]


def find_chromium() -> str | None:
    if os.access("/usr/bin/chromium", os.X_OK):
        return "/usr/bin/chromium"
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        path = shutil.which(name)
        if path:
            return path
    return None


def find_chromedriver() -> str | None:
    path = shutil.which("chromedriver") or "/usr/bin/chromedriver"
    return path if os.access(path, os.X_OK) else None


def have_selenium() -> bool:
    return importlib.util.find_spec("selenium") is not None


def start_browser(chromium: str, chromedriver: str, user_data: Path, size: tuple[int, int] = (1280, 1000)) -> WebDriver:
    """A selenium session on headless Chromium with a fresh profile; the browser console is logged."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in [*CHROMIUM_FLAGS, f"--user-data-dir={user_data}", f"--window-size={size[0]},{size[1]}"]:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    service = Service(executable_path=chromedriver, log_output=subprocess.DEVNULL)
    return webdriver.Chrome(service=service, options=options)


def console(driver: WebDriver) -> list[dict[str, Any]]:
    """Browser console entries since the last call."""
    return list(driver.get_log("browser"))


def print_pdf(driver: WebDriver) -> bytes:
    """The page printed to PDF, backgrounds included."""
    import base64

    from selenium.webdriver.common.print_page_options import PrintOptions

    options = PrintOptions()
    options.background = True
    return base64.b64decode(driver.print_page(options))


def screenshot(chromium: str, url: str, out: Path, user_data: Path, size: tuple[int, int] = (1280, 1000),
               timeout: float = 90) -> subprocess.CompletedProcess[str]:
    """``chromium --headless --screenshot``; the browser's own log goes to stderr (``--enable-logging``)."""
    args = [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={user_data}", f"--window-size={size[0]},{size[1]}",
            "--enable-logging=stderr", "--v=0", f"--screenshot={out}", url]
    return subprocess.run(args, capture_output=True, text=True, timeout=timeout)


# ------------------------------------------------------------------ PNG
def decode_png(data: bytes) -> tuple[int, int, list[bytearray], int]:
    """(width, height, rows of raw pixel bytes, bytes per pixel) of an 8-bit non-interlaced grey/RGB/RGBA PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat = 8, b""
    width = height = bpp = 0
    while pos < len(data):
        length, ctype = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        pos += 12 + length
        if ctype == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", chunk)
            assert depth == 8 and interlace == 0, "only 8-bit non-interlaced PNGs"
            bpp = {0: 1, 2: 3, 4: 2, 6: 4}[colour]
        elif ctype == b"IDAT":
            idat += chunk
        elif ctype == b"IEND":
            break
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows: list[bytearray] = []
    prev = bytearray(stride)
    k = 0
    for _ in range(height):
        ftype = raw[k]
        line = bytearray(raw[k + 1:k + 1 + stride])
        k += 1 + stride
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if ftype == 1:
                line[i] = (line[i] + a) & 0xFF
            elif ftype == 2:
                line[i] = (line[i] + b) & 0xFF
            elif ftype == 3:
                line[i] = (line[i] + ((a + b) >> 1)) & 0xFF
            elif ftype == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[i] = (line[i] + pred) & 0xFF
        rows.append(line)
        prev = line
    return width, height, rows, bpp


def pixel_stats(png: bytes, box: tuple[int, int, int, int] | None = None) -> dict[str, int]:
    """Counts of non-white pixels and of strongly red pixels (the highlight colour) inside ``box`` (x0, y0, x1, y1)."""
    width, height, rows, bpp = decode_png(png)
    x0, y0, x1, y1 = box or (0, 0, width, height)
    x0, y0, x1, y1 = max(0, x0), max(0, y0), min(width, x1), min(height, y1)
    non_white = red = total = 0
    for y in range(y0, y1):
        row = rows[y]
        for x in range(x0, x1):
            px = row[x * bpp:x * bpp + bpp]
            r, g, b = (px[0], px[0], px[0]) if bpp < 3 else (px[0], px[1], px[2])
            total += 1
            if r < 235 or g < 235 or b < 235:
                non_white += 1
            if r > 180 and g < 90 and b < 90:
                red += 1
    return {"total": total, "non_white": non_white, "red": red, "width": width, "height": height}
