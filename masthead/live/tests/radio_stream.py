"""A live radio stream the tests serve themselves, as Icecast does: an endless HTTP response
of audio, sent in real time, with no length. The audio is made here, offline: a WAV header
with an unknown length, then a 440 Hz tone in 16-bit mono PCM at 8 kHz, one tenth of a second
at a time. `connections` counts the listeners that connected (the player must connect once)."""

from __future__ import annotations

import math
import struct
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

RATE = 8000
CHUNK_SECONDS = 0.1


def wav_header() -> bytes:
    """RIFF/WAVE, PCM mono 16-bit; lengths 0xFFFFFFFF: a stream with no end, as live radio."""
    unknown = 0xFFFFFFFF
    return (
        b"RIFF"
        + struct.pack("<I", unknown)
        + b"WAVEfmt "
        + struct.pack("<IHHIIHH", 16, 1, 1, RATE, RATE * 2, 2, 16)
        + b"data"
        + struct.pack("<I", unknown)
    )


def tone_chunk() -> bytes:
    samples = int(RATE * CHUNK_SECONDS)
    return b"".join(
        struct.pack("<h", int(8000 * math.sin(2 * math.pi * 440 * n / RATE)))
        for n in range(samples)
    )


@dataclass
class RadioStream:
    url: str
    connections: list[float] = field(default_factory=list)


@contextmanager
def radio_stream() -> Iterator[RadioStream]:
    chunk = tone_chunk()
    stopping = threading.Event()
    state = RadioStream(url="")

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.0"  # no length, no chunking: the body ends when we close

        def do_GET(self) -> None:
            state.connections.append(time.monotonic())
            self.send_response(200)
            self.send_header("Content-Type", "audio/wav")
            self.send_header("Cache-Control", "no-cache")
            self.send_header("Access-Control-Allow-Origin", "*")
            self.end_headers()
            try:
                self.wfile.write(wav_header())
                started = time.monotonic()
                sent = 0
                # A second ahead at first, as streaming servers fill a player's buffer.
                while not stopping.is_set():
                    self.wfile.write(chunk)
                    sent += 1
                    ahead = sent * CHUNK_SECONDS - (time.monotonic() - started)
                    if ahead > 1.0:
                        time.sleep(ahead - 1.0)
            except (BrokenPipeError, ConnectionResetError):
                return

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}/live.wav"
    try:
        yield state
    finally:
        stopping.set()
        server.shutdown()
        server.server_close()
