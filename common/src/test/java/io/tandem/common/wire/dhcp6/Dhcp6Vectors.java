package io.tandem.common.wire.dhcp6;

import io.tandem.common.wire.Bytes;
import java.util.List;

/**
 * Hand-built DHCPv6 datagrams laid out after the RFC figures, one comment per field. The codec
 * tests check them field by field; the hostile-bytes and tshark tests use them as seeds.
 */
public final class Dhcp6Vectors {
    private Dhcp6Vectors() {
    }

    /** A Solicit as UEFI PXE firmware sends it (FIELD-NOTES: DUID-UUID, ORO 59/60/23/16, arch 7). */
    public static final Bytes PXE_SOLICIT = Bytes.fromHex(String.join("",
            "01 5a1b2c",                                         // SOLICIT, transaction-id
            "0001 0012 0004 a1b2c3d4e5f60718293a4b5c6d7e8f90",   // clientid: DUID-UUID
            "0008 0002 0000",                                    // elapsed-time 0
            "0003 000c 0a0b0c0d 00000000 00000000",              // ia-na IAID, T1 0, T2 0, no options
            "0006 0008 003b 003c 0017 0010",                     // oro: 59 60 23 16
            "003e 0003 01 03 00",                                // nii: UNDI 3.0
            "003d 0002 0007",                                    // client-arch-type: 7 (x86-64 UEFI)
            "0010 0026 00000157 0020",                           // vendor-class, enterprise 343, one item of 32 bytes:
            "505845436c69656e743a417263683a30303030373a554e44493a303033303030" // "PXEClient:Arch:00007:UNDI:003000"
    ));

    /** An Advertise with an address, boot file URL and parameters, DNS, search list and status. */
    public static final Bytes ADVERTISE_WITH_BOOT = Bytes.fromHex(String.join("",
            "02 5a1b2c",                                         // ADVERTISE, transaction-id
            "0001 0012 0004 a1b2c3d4e5f60718293a4b5c6d7e8f90",   // clientid
            "0002 000e 0001 0001 2a3b4c5d 525400123456",         // serverid: DUID-LLT, Ethernet, time, MAC
            "0003 0028 0a0b0c0d 00000e10 00001518",              // ia-na IAID, T1 3600, T2 5400
            "  0005 0018 20010db8000000010000525400123456 00001c20 00002a30", // iaaddr, preferred 7200, valid 10800
            "0007 0001 ff",                                      // preference 255
            "003b 0022 746674703a2f2f5b323030313a6462383a3a315d2f69707865", // bootfile-url "tftp://[2001:db8::1]/ipxe"
            "2e6566692f3f783d31",                                //   ".efi/?x=1"
            "003c 000a 0003 616263 0003 646566",                 // bootfile-param "abc" "def"
            "0017 0020 20010db8000000000000000000000053 20010db8000000000000000000000054", // dns-servers
            "0018 0012 07 6578616d706c65 03 636f6d 00 03 6c6162 00", // domain-search example.com, lab
            "000d 000a 0000 616c6c20676f6f64"                   // status-code Success "all good"
    ));

    /** A relayed Solicit with the relay options the server reads (RFC 9915 §9, RFC 4649, 6939, 8357). */
    public static final Bytes RELAYED_SOLICIT = Bytes.fromHex(String.join("",
            "0c 00",                                             // RELAY-FORW, hop-count 0
            "20010db8000000010000000000000001",                  // link-address 2001:db8:0:1::1
            "fe800000000000005054 00fffe123456",                 // peer-address fe80::5054:ff:fe12:3456
            "0012 0004 65746830",                                // interface-id "eth0"
            "0025 000a 00000de9 0102030405 06",                  // remote-id enterprise 3561, id 010203040506
            "004f 0008 0001 525400123456",                       // client-linklayer-addr Ethernet 52:54:00:12:34:56
            "0087 0002 2222",                                    // relay-source-port 8738
            "0009 0026",                                         // relay-msg, 38 bytes:
            "  01 010203",                                       //   SOLICIT
            "  0001 000a 0003 0001 525400123456",                //   clientid DUID-LL
            "  0003 000c 00123456 00000000 00000000",            //   ia-na
            "  000e 0000"                                        //   rapid-commit
    ));

    /** A prefix delegation Reply: IA_PD with an IAPREFIX, and an NTP server with each sub-option. */
    public static final Bytes REPLY_WITH_PD = Bytes.fromHex(String.join("",
            "07 00beef",                                         // REPLY
            "0002 000a 0003 0001 020000000001",                  // serverid DUID-LL
            "0019 0029 00000001 00000708 00000b40",              // ia-pd IAID 1, T1 1800, T2 2880
            "  001a 0019 00000e10 00001c20 38 20010db800aa00000000000000000000", // iaprefix 2001:db8:aa::/56
            "0038 0039",                                         // ntp-server
            "  0001 0010 20010db8000000000000000000000123",      //   ntp-server-address
            "  0002 0010 ff050000000000000000000000000101",      //   ntp-server-multicast
            "  0003 000d 03 6e7470 07 6578616d706c65 00",        //   ntp-server-fqdn ntp.example
            "0052 0004 00000e10",                                // solmax-rt 3600
            "0014 0000"                                          // reconf-accept
    ));

    /** A DHCPV4-QUERY as Kea's DHCPv6 side hands it to its DHCPv4 side (RFC 7341 §6, Kea's 4o6 metadata). */
    public static final Bytes DHCPV4_QUERY_WITH_KEA_METADATA = Bytes.fromHex(String.join("",
            "14 800000",                                         // DHCPV4-QUERY, flags: U (unicast)
            "0057 0008 0101060012345678",                        // dhcpv4-message (a truncated BOOTP header: opaque here)
            "0011 0036 000009bf",                                // vendor-opts, enterprise 2495 (ISC)
            "  ea60 0004 65746830",                              //   4o6-interface "eth0"
            "  ea61 0010 fe800000000000005054 00fffe123456",     //   4o6-source-address
            "  ea62 0002 0222",                                  //   4o6-source-port 546
            "  000f 000c 0004 69505845 0004 74657374"            //   sub-option 15: not in ISC's space, kept raw
    ));

    /** An Information-Request asking for the 4o6 server address; unknown option 143 kept raw. */
    public static final Bytes INFORMATION_REQUEST_4O6 = Bytes.fromHex(String.join("",
            "0b 112233",                                         // INFORMATION-REQUEST
            "0001 000e 0001 0001 11223344 525400abcdef",         // clientid DUID-LLT
            "0006 0006 0017 0058 0020",                          // oro 23, 88, 32
            "0008 0002 0064",                                    // elapsed-time 1 s
            "008f 0003 010203",                                  // option-143: unknown, raw
            "000f 0006 0004 69505845"                            // user-class "iPXE"
    ));

    public static List<Bytes> all() {
        return List.of(PXE_SOLICIT, ADVERTISE_WITH_BOOT, RELAYED_SOLICIT, REPLY_WITH_PD, DHCPV4_QUERY_WITH_KEA_METADATA,
                INFORMATION_REQUEST_4O6);
    }
}
