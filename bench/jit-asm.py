#!/usr/bin/env python3
"""Disassembles one method's C2-compiled code from a HotSpot PrintAssembly log.

Debian's hsdis (libhsdis0-fcml) makes HotSpot print compiled code as hex only; this turns the
hex of one compilation back into instructions with objdump (binutils), keeping HotSpot's
annotations (calls, barriers, implicit exceptions) at their addresses. Used to read what the JIT
made of the Modbus hot path (issue 3). Usage:

  java -XX:+UnlockDiagnosticVMOptions -XX:CompileCommand=print,otb.dissect.modbus.ModbusSession::usual \\
       ... > log.txt
  bench/jit-asm.py log.txt ModbusSession::usual [N]

N picks the compilation (default -1: the last C2 one).
"""
import collections
import re
import subprocess
import sys
import tempfile


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    lines = open(sys.argv[1], errors="replace").read().split("\n")
    target = sys.argv[2]
    which = int(sys.argv[3]) if len(sys.argv) > 3 else -1
    blocks, current = [], None
    for line in lines:
        if line.startswith("Compiled method"):
            current = {"head": line, "lines": []}
            blocks.append(current)
        elif current is not None:
            current["lines"].append(line)
    compiled = [b for b in blocks if "(c2)" in b["head"] and target in b["head"]]
    if not compiled:
        sys.exit("no C2 compilation of %s in %s" % (target, sys.argv[1]))
    block = compiled[which]
    print(block["head"])
    code, start, notes = bytearray(), None, collections.defaultdict(list)
    for line in block["lines"]:
        if line.startswith("[Stub Code]") or line.startswith("[Exception Handler]"):
            break
        m = re.match(r"\s*(0x[0-9a-f]+): (.*)$", line)
        if not m:
            continue
        address, rest = int(m.group(1), 16), m.group(2).strip()
        if rest.startswith(";"):
            notes[address].append(rest)
            continue
        if re.match(r"^[0-9a-f]{2,8}( [0-9a-f]{2,4})?( \| |\s*$)", rest):
            if start is None:
                start = address
            code.extend(b"\x90" * (address - start - len(code)))
            code.extend(bytes.fromhex("".join(re.findall(r"[0-9a-f]+", rest.split(";")[0]))))
    with tempfile.NamedTemporaryFile(suffix=".bin") as raw:
        raw.write(code)
        raw.flush()
        listing = subprocess.run(["objdump", "-D", "-b", "binary", "-m", "i386:x86-64",
                                  "--adjust-vma=%d" % start, raw.name],
                                 capture_output=True, text=True, check=True).stdout
    for line in listing.split("\n"):
        m = re.match(r"\s*([0-9a-f]+):", line)
        if m:
            for note in notes.get(int(m.group(1), 16), []):
                print("       ", note)
            print(line)


if __name__ == "__main__":
    main()
