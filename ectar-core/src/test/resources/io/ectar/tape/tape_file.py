# The reader of docs/ectar-format.md section 11, copied from it by MultiVolumeStockToolsTest's author:
# usage: python3 tape_file.py IMAGE.tap F  > tape file F
import sys
def tape_file(path, f):
    d, at, n, out = open(path, 'rb').read(), 0, 0, bytearray()
    while at + 4 <= len(d):
        w = int.from_bytes(d[at:at + 4], 'little'); at += 4
        if w == 0:                       # filemark
            if n == f: return bytes(out)
            n += 1; continue
        if w == 0xFFFFFFFF: break        # end of medium
        if w == 0xFFFEFFFF: continue     # erase gap
        size = w & 0x00FFFFFF
        if n == f: out += d[at:at + size]
        at += size + (size & 1) + 4
    return bytes(out)
sys.stdout.buffer.write(tape_file(sys.argv[1], int(sys.argv[2])))
