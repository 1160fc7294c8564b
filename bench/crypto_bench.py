"""Crypto core benchmarks: every figure is a ratio of two things measured side by side here.

Run with `make bench` (or `python bench/crypto_bench.py [--mib N]`). These machines are shared and
noisy, so each pair is measured interleaved, several rounds, and the median ratio is printed.

1. File encryption (`encrypt_stream`: framing, padding, AAD) against raw libsodium secretstream
   over the same bytes, in the same 64 KiB pieces. Target (issue 3): at least 0.7.
2. Peak Python memory of `encrypt_stream` for two file sizes: it must not grow with the size.
3. A staff login's key unlock (Argon2id, production parameters) against one Django Argon2
   password check: what the key wrapping adds to a login.
"""

from __future__ import annotations

import argparse
import statistics
import time
import tracemalloc
from collections.abc import Callable

from django.contrib.auth.hashers import Argon2PasswordHasher
from nacl.bindings import (
    crypto_secretstream_xchacha20poly1305_init_push,
    crypto_secretstream_xchacha20poly1305_push,
    crypto_secretstream_xchacha20poly1305_state,
    crypto_secretstream_xchacha20poly1305_TAG_FINAL,
    crypto_secretstream_xchacha20poly1305_TAG_MESSAGE,
)

from rightsdesk.crypto import (
    CHUNK_SIZE,
    DEFAULT_KDF,
    StreamWriter,
    bind,
    create_user_keys,
    encrypt_stream,
    new_file_key,
    unlock_with_password,
)

AAD = bind(table="bench", row=1, field="file")


class Zeros:
    """A file-like source of `size` bytes that holds one chunk, never the file."""

    def __init__(self, size: int) -> None:
        self.left = size
        self.block = bytes(range(256)) * (CHUNK_SIZE // 256)

    def read(self, n: int, /) -> bytes:
        n = min(n, self.left, len(self.block))
        self.left -= n
        return self.block[:n]


class Sink:
    def __init__(self) -> None:
        self.size = 0

    def write(self, data: bytes, /) -> int:
        self.size += len(data)
        return len(data)


def raw_secretstream(size: int) -> None:
    state = crypto_secretstream_xchacha20poly1305_state()
    crypto_secretstream_xchacha20poly1305_init_push(state, new_file_key())
    source, sink = Zeros(size), Sink()
    while chunk := source.read(CHUNK_SIZE):
        tag = (
            crypto_secretstream_xchacha20poly1305_TAG_FINAL
            if source.left == 0
            else crypto_secretstream_xchacha20poly1305_TAG_MESSAGE
        )
        sink.write(crypto_secretstream_xchacha20poly1305_push(state, chunk, AAD, tag))


def rightsdesk_stream(size: int) -> None:
    encrypt_stream(Zeros(size), Sink(), new_file_key(), AAD)


def upload_path(size: int) -> None:
    """What the upload handler does: Django hands 64 KiB pieces to StreamWriter.write."""
    writer = StreamWriter(Sink(), new_file_key(), AAD)
    source = Zeros(size)
    while piece := source.read(CHUNK_SIZE):
        writer.write(piece)
    writer.finish()


def upload_peak_memory(size: int) -> int:
    tracemalloc.start()
    upload_path(size)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def interleaved_ratio(
    ours: Callable[[], object], baseline: Callable[[], object], rounds: int
) -> tuple[float, float, float]:
    """Median over rounds of baseline_time / our_time (>1 means we are faster), and the medians."""
    ratios, ours_t, base_t = [], [], []
    for _ in range(rounds):
        b = timed(baseline)
        o = timed(ours)
        base_t.append(b)
        ours_t.append(o)
        ratios.append(b / o)
    return statistics.median(ratios), statistics.median(ours_t), statistics.median(base_t)


def peak_memory(size: int) -> int:
    tracemalloc.start()
    rightsdesk_stream(size)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mib", type=int, default=256, help="file size for throughput (MiB)")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    size = args.mib << 20

    ratio, ours, base = interleaved_ratio(
        lambda: rightsdesk_stream(size), lambda: raw_secretstream(size), args.rounds
    )
    print(f"file encryption, {args.mib} MiB, {args.rounds} rounds interleaved:")
    print(f"  throughput of encrypt_stream / raw secretstream = {ratio:.2f}  (target >= 0.70)")
    print(f"  ({args.mib / ours:.0f} MiB/s vs {args.mib / base:.0f} MiB/s on this machine now)")

    upload_ratio, upload_t, _ = interleaved_ratio(
        lambda: upload_path(size), lambda: raw_secretstream(size), args.rounds
    )
    print(f"upload path (StreamWriter fed 64 KiB pieces), {args.mib} MiB:")
    print(
        f"  throughput / raw secretstream = {upload_ratio:.2f}  (target >= 0.70); "
        f"{args.mib / upload_t:.0f} MiB/s"
    )
    up_small, up_large = upload_peak_memory(8 << 20), upload_peak_memory(size)
    print(
        f"  peak memory 8 MiB: {up_small / 1024:.0f} KiB; {args.mib} MiB: "
        f"{up_large / 1024:.0f} KiB; ratio {up_large / up_small:.2f}"
    )

    small, large = peak_memory(8 << 20), peak_memory(size)
    print("peak Python memory of encrypt_stream:")
    print(
        f"  8 MiB file: {small / 1024:.0f} KiB; {args.mib} MiB file: {large / 1024:.0f} KiB;"
        f" ratio {large / small:.2f} (constant memory: about 1)"
    )

    bundle, _key, _code = create_user_keys("bench passphrase 1234", DEFAULT_KDF)
    hasher = Argon2PasswordHasher()
    stored = hasher.encode("bench passphrase 1234", hasher.salt())
    kdf_ratio, unlock_t, check_t = interleaved_ratio(
        lambda: unlock_with_password(bundle, "bench passphrase 1234"),
        lambda: hasher.verify("bench passphrase 1234", stored),
        args.rounds,
    )
    print(
        f"staff login key unlock (Argon2id {DEFAULT_KDF.opslimit} passes, "
        f"{DEFAULT_KDF.memlimit >> 20} MiB) vs one Django Argon2 password check:"
    )
    print(
        f"  unlock costs {1 / kdf_ratio:.1f}x a password check "
        f"({unlock_t * 1000:.0f} ms vs {check_t * 1000:.0f} ms now)"
    )


if __name__ == "__main__":
    main()
