"""Runs Debian's zfec (python3-zfec) on jobs that ZfecInteropTest prepares, one per line of stdin, words separated by tabs:

  files-encode K M INPUT OUTDIR        filefec.encode_to_files: OUTDIR/f.NN_MM.fec, as the zfec tool writes
  files-decode OUTPUT SHARE...         filefec.decode_from_files, as zunfec does
  raw-encode K M INPUT OUTPUT          zfec.Encoder(K, M).encode on K equal blocks; OUTPUT = the M blocks
  raw-decode K M OUTPUT NUM:FILE...    zfec.Decoder(K, M).decode; OUTPUT = the K data blocks

Prints "ok" per job; any failure raises, so the process exits non-zero with a traceback.
"""
import os
import sys

import zfec
from zfec import filefec


def files_encode(k, m, infile, outdir):
    with open(infile, "rb") as f:
        rc = filefec.encode_to_files(f, os.path.getsize(infile), outdir, "f", int(k), int(m))
    assert rc == 0, rc


def files_decode(outfile, *shares):
    inputs = [open(s, "rb") for s in shares]
    try:
        with open(outfile, "wb") as out:
            filefec.decode_from_files(out, inputs)
    finally:
        for f in inputs:
            f.close()


def raw_encode(k, m, infile, outfile):
    k, m = int(k), int(m)
    data = open(infile, "rb").read()
    size = len(data) // k
    blocks = [data[i * size:(i + 1) * size] for i in range(k)]
    with open(outfile, "wb") as out:
        for block in zfec.Encoder(k, m).encode(blocks):
            out.write(block)


def raw_decode(k, m, outfile, *shares):
    numbers = [int(s.split(":", 1)[0]) for s in shares]
    blocks = [open(s.split(":", 1)[1], "rb").read() for s in shares]
    with open(outfile, "wb") as out:
        for block in zfec.Decoder(int(k), int(m)).decode(blocks, numbers):
            out.write(block)


JOBS = {"files-encode": files_encode, "files-decode": files_decode, "raw-encode": raw_encode,
        "raw-decode": raw_decode}

for line in sys.stdin:
    words = line.rstrip("\n").split("\t") if line.strip() else []
    if words:
        JOBS[words[0]](*words[1:])
        print("ok", flush=True)
