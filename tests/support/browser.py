"""Just enough of a browser harness for the HTML tests: headless Chromium, a minimal W3C WebDriver client over
urllib (chromedriver), and a PNG decoder (zlib), so the tests need no selenium and no imaging library."""

from __future__ import annotations

import base64
import json
import shutil
import socket
import struct
import subprocess
import time
import urllib.error
import urllib.request
import zlib
from pathlib import Path
from typing import Any

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--disable-dev-shm-usage", "--hide-scrollbars", "--force-device-scale-factor=1"]


def find_chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        path = shutil.which(name)
        if path:
            return path
    return None


def find_chromedriver() -> str | None:
    return shutil.which("chromedriver")


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


# ------------------------------------------------------------------ WebDriver
def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class WebDriverError(RuntimeError):
    pass


class Browser:
    """A chromedriver process and one session, spoken to over the W3C WebDriver HTTP protocol."""

    def __init__(self, chromium: str, chromedriver: str, user_data: Path, size: tuple[int, int] = (1280, 1000)):
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.proc = subprocess.Popen([chromedriver, f"--port={self.port}"], stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL)
        try:
            self._wait_ready()
            caps = {"capabilities": {"alwaysMatch": {
                "browserName": "chrome",
                "goog:loggingPrefs": {"browser": "ALL"},
                "goog:chromeOptions": {"binary": chromium, "args": [
                    *CHROMIUM_FLAGS, f"--user-data-dir={user_data}", f"--window-size={size[0]},{size[1]}"]},
            }}}
            self.session = self._call("POST", "/session", caps)["sessionId"]
        except BaseException:
            self.proc.kill()
            self.proc.wait()
            raise

    def _wait_ready(self, timeout: float = 30) -> None:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            try:
                if self._call("GET", "/status").get("ready"):
                    return
            except (OSError, WebDriverError):
                pass
            time.sleep(0.1)
        raise WebDriverError("chromedriver did not start")

    def _call(self, method: str, path: str, body: Any = None) -> Any:
        data = json.dumps(body).encode() if body is not None else (b"{}" if method == "POST" else None)
        req = urllib.request.Request(self.base + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=120) as resp:
                payload = json.loads(resp.read() or b"{}")
        except urllib.error.HTTPError as exc:
            raise WebDriverError(f"{method} {path}: {exc.code} {exc.read()[:500]!r}") from None
        value = payload.get("value")
        if isinstance(value, dict) and "error" in value:
            raise WebDriverError(f"{method} {path}: {value.get('error')}: {value.get('message', '')[:300]}")
        return value

    def s(self, method: str, path: str, body: Any = None) -> Any:
        return self._call(method, f"/session/{self.session}{path}", body)

    def get(self, url: str) -> None:
        self.s("POST", "/url", {"url": url})

    def run(self, script: str, *args: Any) -> Any:
        return self.s("POST", "/execute/sync", {"script": script, "args": list(args)})

    def find(self, css: str) -> str:
        el = self.s("POST", "/element", {"using": "css selector", "value": css})
        return str(next(iter(el.values())))

    def click(self, element: str) -> None:
        self.s("POST", f"/element/{element}/click")

    def rect(self, element: str) -> dict[str, float]:
        return dict(self.s("GET", f"/element/{element}/rect"))

    def screenshot(self, element: str | None = None) -> bytes:
        path = f"/element/{element}/screenshot" if element else "/screenshot"
        return base64.b64decode(self.s("GET", path))

    def console(self) -> list[dict[str, Any]]:
        """Browser console entries since the last call (chromedriver's log endpoint)."""
        return list(self.s("POST", "/se/log", {"type": "browser"}))

    def close(self) -> None:
        try:
            self._call("DELETE", f"/session/{self.session}")
        except (OSError, WebDriverError):
            pass
        finally:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
