package io.tandem.common.wire.dhcp4;

/** Hand-built DHCPv4 datagrams laid out as RFC 2131 §2 Figure 1 and RFC 2132 describe them. */
final class Dhcp4Vectors {
    private Dhcp4Vectors() {
    }

    /** A PXE client's broadcast DISCOVER: RFC 2131 §4.4.1, the canonical layout padded to 300 bytes. */
    static final String DISCOVER = """
            01                      # op: BOOTREQUEST
            01                      # htype: Ethernet
            06                      # hlen
            00                      # hops
            3903f326                # xid
            0000                    # secs
            8000                    # flags: broadcast
            00000000                # ciaddr
            00000000                # yiaddr
            00000000                # siaddr
            00000000                # giaddr
            000b8201fc42 00*10      # chaddr: 00:0b:82:01:fc:42 and 10 bytes of padding
            00*64                   # sname: empty
            00*128                  # file: empty
            63825363                # magic cookie 99.130.83.99
            35 01 01                # 53 dhcp-message-type: DHCPDISCOVER
            3d 07 01 000b8201fc42   # 61 dhcp-client-identifier: type 1 (Ethernet), the MAC
            37 04 01 03 06 2a       # 55 dhcp-parameter-request-list: 1, 3, 6, 42
            39 02 05c0              # 57 dhcp-max-message-size: 1472
            0c 05 "pxe-1"           # 12 host-name
            3c 09 "PXEClient"       # 60 vendor-class-identifier
            ff                      # END
            00*19                   # zeros up to 300 bytes
            """;

    /** The server's OFFER (RFC 2131 §4.3.1), with sname and file as text; 303 bytes, so no padding. */
    static final String OFFER = """
            02                      # op: BOOTREPLY
            01                      # htype: Ethernet
            06                      # hlen
            00                      # hops
            3903f326                # xid: the DISCOVER's
            0000                    # secs
            8000                    # flags: broadcast, as the client asked
            00000000                # ciaddr
            c000020a                # yiaddr: 192.0.2.10
            c0000201                # siaddr: 192.0.2.1, the next server
            00000000                # giaddr
            000b8201fc42 00*10      # chaddr
            "tandem" 00*58          # sname: "tandem", NUL-terminated
            "ipxe.efi" 00*120       # file: "ipxe.efi", NUL-terminated
            63825363                # magic cookie
            35 01 02                # 53 dhcp-message-type: DHCPOFFER
            01 04 ffffff00          # 1 subnet-mask: 255.255.255.0
            03 04 c0000201          # 3 routers: 192.0.2.1
            06 08 c0000235 c0000236 # 6 domain-name-servers: 192.0.2.53, 192.0.2.54
            0f 0b "example.com"     # 15 domain-name
            33 04 00000e10          # 51 dhcp-lease-time: 3600
            36 04 c0000201          # 54 dhcp-server-identifier: 192.0.2.1
            3a 04 00000708          # 58 dhcp-renewal-time: 1800
            3b 04 00000c4e          # 59 dhcp-rebinding-time: 3150
            ff                      # END
            """;

    /** A REQUEST forwarded by a relay (RFC 2131 §4.1) that added option 82 (RFC 3046). */
    static final String RELAYED_REQUEST = """
            01                      # op: BOOTREQUEST
            01                      # htype: Ethernet
            06                      # hlen
            01                      # hops: one relay
            5a6b7c8d                # xid
            0003                    # secs: 3
            0000                    # flags
            00000000                # ciaddr
            00000000                # yiaddr
            00000000                # siaddr
            c6336401                # giaddr: 198.51.100.1, the relay
            000b8201fc42 00*10      # chaddr
            00*64                   # sname
            00*128                  # file
            63825363                # magic cookie
            35 01 03                # 53 dhcp-message-type: DHCPREQUEST
            32 04 c000020a          # 50 dhcp-requested-address: 192.0.2.10
            36 04 c0000201          # 54 dhcp-server-identifier: 192.0.2.1
            3d 07 01 000b8201fc42   # 61 dhcp-client-identifier
            37 03 01 03 06          # 55 dhcp-parameter-request-list: 1, 3, 6
            52 16                   # 82 dhcp-agent-options: 22 bytes of sub-options
              01 04 000a0003        #    1 circuit-id: VLAN 10, port 3
              02 08 0006001a2b3c4d5e #   2 remote-id: type 0, length 6, the switch's MAC
              05 04 c6336400        #    5 link-selection: 198.51.100.0 (RFC 3527)
            ff                      # END
            00*6                    # zeros up to 300 bytes
            """;

    /**
     * A DISCOVER whose options overflow into file, then sname (option 52 value 3, RFC 2131 §4.1);
     * vendor-class-identifier starts in file and ends in sname (RFC 3396 §5: concatenated in that order).
     */
    static final String OVERLOADED_DISCOVER = """
            01 01 06 00             # op, htype, hlen, hops
            0badf00d                # xid
            0000 0000               # secs, flags
            00000000 00000000       # ciaddr, yiaddr
            00000000 00000000       # siaddr, giaddr
            000b8201fc42 00*10      # chaddr
            3c 06 "Client"          # sname, read last: 60 vendor-class-identifier, second part
            ff 00*55                #   END, then zeros to 64 bytes
            0c 06 "pc-one"          # file, read second: 12 host-name
            37 04 01 03 06 2a       #   55 dhcp-parameter-request-list
            3c 03 "PXE"             #   60 vendor-class-identifier, first part
            ff 00*108               #   END, then zeros to 128 bytes
            63825363                # magic cookie
            35 01 01                # 53 dhcp-message-type: DHCPDISCOVER
            34 01 03                # 52 dhcp-option-overload: file and sname hold options
            3d 07 01 000b8201fc42   # 61 dhcp-client-identifier
            ff                      # END
            00*44                   # zeros up to 300 bytes
            """;

    /** The same DISCOVER laid out canonically: every option in the options field, sname and file zero. */
    static final String OVERLOADED_DISCOVER_CANONICAL = """
            01 01 06 00             # op, htype, hlen, hops
            0badf00d                # xid
            0000 0000               # secs, flags
            00000000 00000000       # ciaddr, yiaddr
            00000000 00000000       # siaddr, giaddr
            000b8201fc42 00*10      # chaddr
            00*64                   # sname
            00*128                  # file
            63825363                # magic cookie
            35 01 01                # 53 dhcp-message-type: DHCPDISCOVER
            3d 07 01 000b8201fc42   # 61 dhcp-client-identifier
            0c 06 "pc-one"          # 12 host-name
            37 04 01 03 06 2a       # 55 dhcp-parameter-request-list
            3c 09 "PXEClient"       # 60 vendor-class-identifier, joined
            ff                      # END
            00*22                   # zeros up to 300 bytes
            """;

    /**
     * An ACK with a 300-byte boot-file-name, split as RFC 3396 §5 and the encoder do it: 255 bytes,
     * then the rest.
     */
    static final String SPLIT_BOOT_FILE_NAME = """
            02 01 06 00             # op: BOOTREPLY, htype, hlen, hops
            12345678                # xid
            0000 0000               # secs, flags
            00000000                # ciaddr
            c000020a                # yiaddr: 192.0.2.10
            00000000 00000000       # siaddr, giaddr
            000b8201fc42 00*10      # chaddr
            00*64                   # sname
            00*128                  # file
            63825363                # magic cookie
            35 01 05                # 53 dhcp-message-type: DHCPACK
            43 ff                   # 67 boot-file-name, first instance: 255 bytes
              "http://192.0.2.1/"   #   17 bytes
              61*238                #   "aaa..."
            43 2d                   # 67 boot-file-name, second instance: 45 bytes
              61*45                 #   "aaa..."
            ff                      # END; 548 bytes, so no padding
            """;

    /** The same ACK split differently (three instances of 100, a PAD between two): not canonical. */
    static final String SPLIT_BOOT_FILE_NAME_UNEVEN = """
            02 01 06 00 12345678 0000 0000          # op .. flags
            00000000 c000020a 00000000 00000000     # ciaddr, yiaddr, siaddr, giaddr
            000b8201fc42 00*10 00*64 00*128         # chaddr, sname, file
            63825363                                # magic cookie
            35 01 05                                # 53 dhcp-message-type: DHCPACK
            43 64 "http://192.0.2.1/" 61*83         # 67 boot-file-name, 100 bytes
            00                                      # PAD
            43 64 61*100                            # 67 boot-file-name, 100 bytes
            43 64 61*100                            # 67 boot-file-name, 100 bytes
            ff                                      # END
            """;

    static byte[] bytes(String table) {
        return AnnotatedHex.parse(table);
    }
}
