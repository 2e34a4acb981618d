#!/usr/bin/env python3
"""Minimal DHCPv4-over-DHCPv6 (RFC 7341) client, Python 3 standard library only.

Used by scripts/capture-golden to talk to a real Kea DHCPv4-over-DHCPv6 pair,
because Debian ships no 4o6 client.  It performs one DHCPv4 exchange
DISCOVER -> OFFER -> REQUEST -> ACK (optionally followed by a RENEWING
REQUEST -> ACK, which is a "unicast-type" DHCPv4 message and so carries the
U flag) with each DHCPv4 message carried in option 87 (OPTION_DHCPV4_MSG) of
a DHCPV4-QUERY (message type 20).  Answers are DHCPV4-RESPONSE (21).

Direct mode (default): sent from the interface's link-local address, UDP
port 546, to ff02::1:2 port 547 (or --server, e.g. the server's link-local).

Relay mode (--relay): the DHCPV4-QUERY is wrapped in a Relay-Forward (12,
hop 0, link-address = --link-address, peer-address = our link-local) with
Interface-ID (18), Relay Message (9) and Relay Source Port (135, RFC 8357;
value 0, we are the first hop) and sent from --relay-source (a global
address) and a non-547 source port (--source-port) to --server port 547.
The server must answer with a Relay-Reply to that source port.

Prints what it sends and receives; exits 0 on ACK, non-zero on NAK,
timeout (bounded: --tries x --timeout seconds per step) or error.
"""

import argparse
import os
import random
import select
import socket
import struct
import sys
import time

DHCPV4_QUERY = 20
DHCPV4_RESPONSE = 21
RELAY_FORW = 12
RELAY_REPL = 13
OPT_RELAY_MSG = 9
OPT_INTERFACE_ID = 18
OPT_DHCPV4_MSG = 87
OPT_RELAY_SOURCE_PORT = 135
U_FLAG = 0x800000

V4_TYPES = {1: "DISCOVER", 2: "OFFER", 3: "REQUEST", 4: "DECLINE", 5: "ACK",
            6: "NAK", 7: "RELEASE", 8: "INFORM"}
MAGIC = b"\x63\x82\x53\x63"


def log(msg):
    print(msg, flush=True)


def link_local_of(ifname):
    """The interface's link-local address, from /proc/net/if_inet6."""
    with open("/proc/net/if_inet6") as f:
        for line in f:
            hexaddr, _idx, _plen, scope, _flags, name = line.split()
            if name == ifname and scope == "20":
                return socket.inet_ntop(socket.AF_INET6, bytes.fromhex(hexaddr))
    raise SystemExit("no link-local address on %s" % ifname)


def mac_of(ifname):
    with open("/sys/class/net/%s/address" % ifname) as f:
        return bytes.fromhex(f.read().strip().replace(":", ""))


def v6opt(code, data):
    return struct.pack("!HH", code, len(data)) + data


def parse_v6opts(data):
    opts = []
    i = 0
    while i + 4 <= len(data):
        code, length = struct.unpack_from("!HH", data, i)
        opts.append((code, data[i + 4:i + 4 + length]))
        i += 4 + length
    return opts


def build_v4(msgtype, xid, mac, ciaddr=b"\0" * 4, requested=None, server_id=None):
    """A BOOTREQUEST with magic cookie and options 53, [50, 54,] 61, 55, end,
    padded to 300 bytes like ISC dhclient does."""
    hdr = struct.pack("!BBBBIHH4s4s4s4s16s64s128s",
                      1, 1, 6, 0, xid, 0, 0,
                      ciaddr, b"\0" * 4, b"\0" * 4, b"\0" * 4,
                      mac.ljust(16, b"\0"), b"", b"")
    opts = bytes([53, 1, msgtype])
    if requested is not None:
        opts += bytes([50, 4]) + requested
    if server_id is not None:
        opts += bytes([54, 4]) + server_id
    opts += bytes([61, 7, 1]) + mac
    opts += bytes([55, 4, 1, 3, 6, 15])
    opts += bytes([255])
    msg = hdr + MAGIC + opts
    return msg.ljust(300, b"\0")


def parse_v4(msg):
    if len(msg) < 240 or msg[236:240] != MAGIC:
        raise ValueError("not a DHCPv4 message (len %d)" % len(msg))
    op, _htype, _hlen, _hops, xid = struct.unpack_from("!BBBBI", msg, 0)
    yiaddr = msg[16:20]
    opts = {}
    i = 240
    end_at = None
    while i < len(msg):
        code = msg[i]
        if code == 0:
            i += 1
            continue
        if code == 255:
            end_at = i
            break
        length = msg[i + 1]
        opts[code] = msg[i + 2:i + 2 + length]
        i += 2 + length
    return {"op": op, "xid": xid, "yiaddr": yiaddr, "opts": opts,
            "len": len(msg), "end_at": end_at}


def describe_v4(v4):
    t = v4["opts"].get(53, b"\0")[0]
    parts = ["DHCP%s" % V4_TYPES.get(t, "type-%d" % t),
             "xid=0x%08x" % v4["xid"],
             "yiaddr=%s" % socket.inet_ntoa(v4["yiaddr"]),
             "len=%d" % v4["len"]]
    if v4["end_at"] is not None:
        parts.append("end-option-at=%d padding=%d" % (v4["end_at"], v4["len"] - v4["end_at"] - 1))
    for code in sorted(v4["opts"]):
        if code == 53:
            continue
        val = v4["opts"][code]
        if len(val) == 4 and code in (1, 3, 6, 28, 50, 54):
            parts.append("opt%d=%s" % (code, socket.inet_ntoa(val)))
        elif code in (51, 58, 59) and len(val) == 4:
            parts.append("opt%d=%d" % (code, struct.unpack("!I", val)[0]))
        else:
            parts.append("opt%d=%s" % (code, val.hex()))
    return " ".join(parts)


class Client:
    def __init__(self, args):
        self.args = args
        self.ifname = args.interface
        self.ifindex = socket.if_nametoindex(self.ifname)
        self.ll = link_local_of(self.ifname)
        self.mac = bytes.fromhex(args.mac.replace(":", "")) if args.mac else mac_of(self.ifname)
        self.sock = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, self.ifname.encode())
        if args.relay:
            self.sock.bind((args.relay_source, args.source_port, 0, 0))
            self.dest = (args.server, 547, 0, 0)
        else:
            self.sock.bind((self.ll, 546, 0, self.ifindex))
            self.sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_IF, self.ifindex)
            self.sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_MULTICAST_HOPS, 1)
            server = args.server or "ff02::1:2"
            scope = self.ifindex if server.lower().startswith(("fe80", "ff02")) else 0
            self.dest = (server, 547, 0, scope)
        log("4o6 client on %s (index %d) link-local %s mac %s -> [%s]:%d%s" % (
            self.ifname, self.ifindex, self.ll, self.mac.hex(":"), self.dest[0], self.dest[1],
            " (relayed, link-address %s, interface-id %r, source port %d)" % (
                args.link_address, args.interface_id, args.source_port) if args.relay else ""))

    def wrap(self, v4, flags):
        query = struct.pack("!B", DHCPV4_QUERY) + flags.to_bytes(3, "big") + v6opt(OPT_DHCPV4_MSG, v4)
        if not self.args.relay:
            return query
        return (struct.pack("!BB", RELAY_FORW, 0)
                + socket.inet_pton(socket.AF_INET6, self.args.link_address)
                + socket.inet_pton(socket.AF_INET6, self.ll)
                + v6opt(OPT_INTERFACE_ID, self.args.interface_id.encode())
                + v6opt(OPT_RELAY_MSG, query)
                + v6opt(OPT_RELAY_SOURCE_PORT, struct.pack("!H", 0)))

    def unwrap(self, data, src):
        """Return the DHCPv4 message inside a DHCPV4-RESPONSE (possibly inside
        Relay-Reply layers), or None if this datagram is not one."""
        layers = []
        while data and data[0] == RELAY_REPL:
            if len(data) < 34:
                return None
            opts = parse_v6opts(data[34:])
            layers.append("Relay-Reply(hop=%d link=%s peer=%s opts=%s)" % (
                data[1], socket.inet_ntop(socket.AF_INET6, data[2:18]),
                socket.inet_ntop(socket.AF_INET6, data[18:34]), [c for c, _ in opts]))
            inner = [v for c, v in opts if c == OPT_RELAY_MSG]
            if not inner:
                return None
            data = inner[0]
        if len(data) < 4 or data[0] != DHCPV4_RESPONSE:
            log("  ignoring message type %d from %s" % (data[0] if data else -1, src[0]))
            return None
        flags = int.from_bytes(data[1:4], "big")
        opts = parse_v6opts(data[4:])
        v4s = [v for c, v in opts if c == OPT_DHCPV4_MSG]
        log("  recv from [%s]:%d: %sDHCPV4-RESPONSE flags=0x%06x options=%s" % (
            src[0], src[1], " / ".join(layers) + " / " if layers else "", flags, [c for c, _ in opts]))
        if len(v4s) != 1:
            log("  response without exactly one option 87")
            return None
        return v4s[0]

    def exchange(self, v4, flags, xid, want):
        payload = self.wrap(v4, flags)
        for attempt in range(1, self.args.tries + 1):
            log("  send %s flags=0x%06x (%d bytes, attempt %d)" % (
                describe_v4(parse_v4(v4)), flags, len(payload), attempt))
            self.sock.sendto(payload, self.dest)
            deadline = time.monotonic() + self.args.timeout
            while True:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                ready, _, _ = select.select([self.sock], [], [], left)
                if not ready:
                    break
                data, src = self.sock.recvfrom(65535)
                inner = self.unwrap(data, src)
                if inner is None:
                    continue
                reply = parse_v4(inner)
                log("    DHCPv4: %s" % describe_v4(reply))
                if reply["xid"] != xid:
                    log("    (xid mismatch, ignored)")
                    continue
                mtype = reply["opts"].get(53, b"\0")[0]
                if mtype == 6:
                    raise SystemExit("got DHCPNAK")
                if mtype in want:
                    return reply
        raise SystemExit("timeout waiting for %s" % "/".join(V4_TYPES[w] for w in want))

    def run(self):
        xid = random.getrandbits(32)
        # INIT -> SELECTING: DISCOVER and REQUEST would be broadcast: U flag clear.
        offer = self.exchange(build_v4(1, xid, self.mac), 0, xid, {2})
        yiaddr = offer["yiaddr"]
        server_id = offer["opts"].get(54)
        ack = self.exchange(build_v4(3, xid, self.mac, requested=yiaddr, server_id=server_id), 0, xid, {5})
        log("bound to %s" % socket.inet_ntoa(ack["yiaddr"]))
        if self.args.renew:
            # RENEWING: a REQUEST that would be unicast to the server: U flag set.
            xid2 = random.getrandbits(32)
            ack2 = self.exchange(build_v4(3, xid2, self.mac, ciaddr=ack["yiaddr"]), U_FLAG, xid2, {5})
            log("renewed %s" % socket.inet_ntoa(ack2["yiaddr"]))
        return 0


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("interface", help="interface to send on")
    p.add_argument("--mac", help="chaddr / client-id MAC (default: the interface's)")
    p.add_argument("--server", help="server address (default ff02::1:2; required with --relay)")
    p.add_argument("--renew", action="store_true", help="also do a RENEWING REQUEST (U flag set)")
    p.add_argument("--tries", type=int, default=3)
    p.add_argument("--timeout", type=float, default=2.0, help="seconds per try")
    p.add_argument("--relay", action="store_true", help="wrap in a Relay-Forward")
    p.add_argument("--relay-source", help="global source address for --relay")
    p.add_argument("--source-port", type=int, default=10547, help="UDP source port for --relay")
    p.add_argument("--link-address", help="Relay-Forward link-address for --relay")
    p.add_argument("--interface-id", default="tgc-relay1", help="Interface-ID (option 18) for --relay")
    args = p.parse_args()
    if args.relay and not (args.server and args.relay_source and args.link_address):
        p.error("--relay needs --server, --relay-source and --link-address")
    if args.relay and args.source_port == 547:
        p.error("--source-port must not be 547 (the point is RFC 8357)")
    return Client(args).run()


if __name__ == "__main__":
    sys.exit(main())
