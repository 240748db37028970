#!/usr/bin/env python3
"""Seed inputs for the dissector fuzz targets, taken from the project's real captures.

    fuzz/make-seeds.py            (from the project root; rewrites the seed folders)

Each fuzz target (dissectors/src/test/java/otb/dissect/*/*FuzzTest.java) reads its input as
deliveries, the encoding of otb.dissect.FuzzDeliveries: per delivery one byte whose lowest bit is
the direction (0 to the server, 1 to the client), two bytes of length (big-endian, at most 2047),
then that many bytes. This script writes, per protocol, one seed per capture: the TCP payloads of
the first flows on the protocol's port, in capture order, as deliveries (at most 64 deliveries
and 16 KiB), into the target's regression-input folder
dissectors/src/test/resources/otb/dissect/PROTO/CLASSInputs/METHOD/, which Jazzer runs in
regression mode in every build and starts from when fuzzing (fuzz/fuzz.sh). Standard library
only; pcap files only (pcapng captures are skipped).

For the capture layer's target (capture/src/test/java/otb/capture/CaptureFuzzTest.java) it writes
whole small capture files, from otb's own captures only: the first frames of the demo attack
capture as pcap (microsecond timestamps), the same frames as pcapng, and the hand-built IEC 104
capture.
"""
import glob
import os
import struct
import sys

TARGETS = {
    # protocol folder, test class, server ports, captures
    'modbus': ('ModbusFuzzTest', {502, 5020}, ['fixtures/pcaps/modbus/*.pcap']),
    'dnp3': ('Dnp3FuzzTest', {20000}, ['fixtures/pcaps/dnp3/*.pcap']),
    's7comm': ('S7FuzzTest', {102}, ['fixtures/pcaps/s7comm/*.pcap']),
    'mms': ('MmsFuzzTest', {102}, ['fixtures/pcaps/iec61850/*.pcap']),
    'iec104': ('Iec104FuzzTest', {2404}, ['fixtures/pcaps/other/TestDissectIec104.pcap',
                                          'fixtures/golden/iec104/synthetic/input.pcap']),
    'enip': ('EnipFuzzTest', {44818}, ['fixtures/pcaps/enip/*.pcap', 'fixtures/pcaps/other/enip_test.pcap',
                                       'fixtures/pcaps/other/cip_stop_plc.pcap']),
}
# layer-2 targets: protocol folder, test class, EtherType, captures; a seed is the frames' bytes
# after the EtherType (VLAN tags skipped), each one delivery to the server
LAYER2_TARGETS = {
    'goose': ('GooseFuzzTest', 0x88B8, ['fixtures/pcaps/iec61850/*GOOSE*.pcap']),
    'pndcp': ('PnDcpFuzzTest', 0x8892, ['fixtures/pcaps/profinet/*.pcap']),
    'lldp': ('LldpFuzzTest', 0x88CC, ['fixtures/pcaps/*/*.pcap']),
}
METHOD = 'sessionHoldsItsContractOnAnyConversation'
MAX_DELIVERIES = 64
MAX_BYTES = 16384


def packets(path):
    with open(path, 'rb') as f:
        header = f.read(24)
        if len(header) < 24:
            return
        magic = header[:4]
        if magic in (b'\xd4\xc3\xb2\xa1', b'\x4d\x3c\xb2\xa1'):
            endian = '<'
        elif magic in (b'\xa1\xb2\xc3\xd4', b'\xa1\xb2\x3c\x4d'):
            endian = '>'
        else:
            return  # pcapng or something else
        link = struct.unpack(endian + 'I', header[20:24])[0]
        while True:
            record = f.read(16)
            if len(record) < 16:
                return
            length = struct.unpack(endian + 'IIII', record)[2]
            data = f.read(length)
            if link == 1:
                yield data


def tcp_payloads(frame):
    """(source port, destination port, payload) of an Ethernet/[VLAN]/IPv4/TCP frame, or None."""
    at = 12
    ethertype = struct.unpack('>H', frame[at:at + 2])[0]
    at += 2
    while ethertype == 0x8100 and len(frame) >= at + 4:
        ethertype = struct.unpack('>H', frame[at + 2:at + 4])[0]
        at += 4
    if ethertype != 0x0800 or len(frame) < at + 20:
        return None
    ihl = (frame[at] & 0x0F) * 4
    total = struct.unpack('>H', frame[at + 2:at + 4])[0]
    if frame[at + 9] != 6:
        return None
    ip_end = min(len(frame), at + total)
    tcp = at + ihl
    if ip_end < tcp + 20:
        return None
    sport, dport = struct.unpack('>HH', frame[tcp:tcp + 4])
    offset = (frame[tcp + 12] >> 4) * 4
    return sport, dport, frame[tcp + offset:ip_end]


def seed(path, ports):
    out = bytearray()
    deliveries = 0
    for frame in packets(path):
        found = tcp_payloads(frame)
        if not found:
            continue
        sport, dport, payload = found
        if not payload or (dport not in ports and sport not in ports):
            continue
        direction = 0 if dport in ports else 1
        payload = payload[:2047]
        if len(out) + 3 + len(payload) > MAX_BYTES or deliveries >= MAX_DELIVERIES:
            break
        out += bytes([direction]) + struct.pack('>H', len(payload)) + payload
        deliveries += 1
    return bytes(out)


def layer2_seed(path, ethertype):
    out = bytearray()
    deliveries = 0
    for frame in packets(path):
        at = 12
        found = struct.unpack('>H', frame[at:at + 2])[0] if len(frame) >= 14 else None
        at += 2
        while found == 0x8100 and len(frame) >= at + 4:
            found = struct.unpack('>H', frame[at + 2:at + 4])[0]
            at += 4
        if found != ethertype:
            continue
        payload = frame[at:at + 2047]
        if len(out) + 3 + len(payload) > MAX_BYTES or deliveries >= MAX_DELIVERIES:
            break
        out += bytes([0]) + struct.pack('>H', len(payload)) + payload
        deliveries += 1
    return bytes(out)


def records(path, limit_bytes):
    """The pcap header and whole records of {path} up to about {limit_bytes}."""
    with open(path, 'rb') as f:
        header = f.read(24)
        out = bytearray(header)
        frames = []
        while len(out) < limit_bytes:
            record = f.read(16)
            if len(record) < 16:
                break
            length = struct.unpack('<IIII', record)[2]
            data = f.read(length)
            out += record + data
            frames.append((struct.unpack('<IIII', record), data))
    return bytes(out), frames


def pcapng(frames, nanos_per_tick):
    """A pcapng file (one section, one Ethernet interface) holding {frames}."""
    def block(kind, body):
        body += b'\0' * (-len(body) % 4)
        length = 12 + len(body)
        return struct.pack('<II', kind, length) + body + struct.pack('<I', length)
    out = block(0x0A0D0D0A, struct.pack('<IHHq', 0x1A2B3C4D, 1, 0, -1))
    # interface description: Ethernet, snap length 65535, if_tsresol 6 (microseconds)
    out += block(0x00000001, struct.pack('<HHI', 1, 0, 65535) + struct.pack('<HHB3x', 9, 1, 6) + b'\0' * 4)
    for (seconds, fraction, captured, original), data in frames:
        ticks = seconds * 1_000_000 + fraction // nanos_per_tick
        out += block(0x00000006, struct.pack('<IIIII', 0, ticks >> 32, ticks & 0xFFFFFFFF, captured, original) + data)
    return out


def capture_seeds(root):
    folder = os.path.join(root, 'capture/src/test/resources/otb/capture/CaptureFuzzTestInputs',
                          'readersAndDecoderHoldOnAnyCaptureFile')
    os.makedirs(folder, exist_ok=True)
    for old in glob.glob(os.path.join(folder, 'seed-*')):
        os.remove(old)
    demo, frames = records(os.path.join(root, 'fixtures/pcaps/demo/demo-attack.pcap'), 6144)
    magic = struct.unpack('<I', demo[:4])[0]
    nanos_per_tick = 1000 if magic == 0xA1B23C4D else 1
    seeds = {
        'seed-demo-attack-head.pcap': demo,
        'seed-demo-attack-head.pcapng': pcapng(frames, nanos_per_tick),
    }
    with open(os.path.join(root, 'fixtures/golden/iec104/synthetic/input.pcap'), 'rb') as f:
        seeds['seed-iec104-synthetic.pcap'] = f.read()
    for name, data in seeds.items():
        with open(os.path.join(folder, name), 'wb') as f:
            f.write(data)
    print(f'capture: {len(seeds)} seeds in {os.path.relpath(folder, root)}', file=sys.stderr)


def main():
    root = os.getcwd()
    capture_seeds(root)
    targets = [(proto, test, lambda path, ports=ports: seed(path, ports), patterns)
               for proto, (test, ports, patterns) in TARGETS.items()]
    targets += [(proto, test, lambda path, ethertype=ethertype: layer2_seed(path, ethertype), patterns)
                for proto, (test, ethertype, patterns) in LAYER2_TARGETS.items()]
    for proto, test, make, patterns in targets:
        folder = os.path.join(root, 'dissectors/src/test/resources/otb/dissect', proto, test + 'Inputs', METHOD)
        os.makedirs(folder, exist_ok=True)
        for old in glob.glob(os.path.join(folder, 'seed-*')):
            os.remove(old)
        written = 0
        for pattern in patterns:
            for path in sorted(glob.glob(os.path.join(root, pattern))):
                data = make(path)
                if data:
                    name = 'seed-' + os.path.basename(path).rsplit('.', 1)[0]
                    with open(os.path.join(folder, name), 'wb') as f:
                        f.write(data)
                    written += 1
        print(f'{proto}: {written} seeds in {os.path.relpath(folder, root)}', file=sys.stderr)


if __name__ == '__main__':
    main()
