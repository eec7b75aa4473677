#!/usr/bin/python3
"""Baseline for `ectar bench`: Debian's zfec C encoder (python3-zfec) on the same shape.

Times zfec.Encoder(K, K+P).encode over the payload cut into 1 MiB blocks (K blocks per call) and
zfec.Decoder.decode with P data blocks missing, and prints one JSON object shaped like an
`ectar bench --format json` entry (engine "zfec"): MB/s of wall-clock time and of this process's CPU
time. Single-threaded, as zfec is.

usage: zfec-baseline.py [K] [P] [SIZE_BYTES]
"""
import json, os, sys, time
import zfec

k = int(sys.argv[1]) if len(sys.argv) > 1 else 10
p = int(sys.argv[2]) if len(sys.argv) > 2 else 4
size = int(sys.argv[3]) if len(sys.argv) > 3 else 256 << 20
block = 1 << 20
missing = min(p, k)

payload = os.urandom(size)
stripe = k * block
stripes = []
for start in range(0, size, stripe):
    piece = payload[start:start + stripe].ljust(stripe, b"\0")
    stripes.append([piece[i * block:(i + 1) * block] for i in range(k)])
encoder = zfec.Encoder(k, k + p)
decoder = zfec.Decoder(k, k + p)
wanted = list(range(missing, k + missing))


def encode_all():
    return [encoder.encode(blocks, list(range(k, k + p))) for blocks in stripes]


def decode_all(parity):
    for blocks, extra in zip(stripes, parity):
        shares = (blocks + extra)[missing:k + missing]
        decoder.decode(shares, wanted)


def median_seconds(action, runs=3):
    """Median wall-clock and CPU (this process) seconds of the runs."""
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        action()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    wall.sort()
    cpu.sort()
    return wall[len(wall) // 2], cpu[len(cpu) // 2]


parity = encode_all()  # warm-up
assert decoder.decode((stripes[0] + parity[0])[missing:k + missing], wanted) == stripes[0][:]  # sanity
encode = median_seconds(encode_all)
decode = median_seconds(lambda: decode_all(parity))
# zfec codes whole stripes: count the zero-padded last stripe too, in zfec's favour.
coded = len(stripes) * stripe
print(json.dumps({"engine": "zfec", "data_shards": k, "parity_shards": p, "size_bytes": size, "threads": 1,
                  "encode_mb_per_s": round(coded / encode[0] / 1e6, 1),
                  "decode_mb_per_s": round(coded / decode[0] / 1e6, 1),
                  "encode_mb_per_cpu_s": round(coded / encode[1] / 1e6, 1),
                  "decode_mb_per_cpu_s": round(coded / decode[1] / 1e6, 1)}))
