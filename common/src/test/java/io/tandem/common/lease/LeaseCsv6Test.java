package io.tandem.common.lease;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.Bytes;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LeaseCsv6Test {
    private static final LeaseCsv6 CSV = LeaseCsv6.INSTANCE;
    /** A row Kea 2.2 wrote (lease6-add with a hostname and a user context), from kea-2.2-leases6.csv. */
    private static final String KEA_ROW = "2001:db8:1::1a0,00:04:11:22:33:44:55:66:77:88:99:aa:bb:cc:dd:ee:ff:00,7200,"
            + "1795336304,7,3600,0,42,128,1,0,pxe&#x2chost&#x26co.example.org,0a:00:27:00:00:01,0,"
            + "{ \"tandem\": { \"mac-source\": \"ipv6-link-local\"&#x2c \"note\": \"a&#x2c b &#x26 c\" } },1,0";
    private static final Lease6 KEA_LEASE = new Lease6(Addresses.parse6("2001:db8:1::1a0"),
            Bytes.fromHex("0004112233445566778899aabbccddeeff00"), 7200, 1795336304L, 7, 3600, LeaseType.NA, 42, 128,
            true, false, "pxe,host&co.example.org",
            Optional.of(new HardwareAddress(Bytes.fromHex("0a:00:27:00:00:01"), 1, HwAddrSource.UNKNOWN)),
            LeaseState.DEFAULT, "{ \"tandem\": { \"mac-source\": \"ipv6-link-local\", \"note\": \"a, b & c\" } }");

    @Test
    void writesTheHeaderKea22Writes() {
        assertEquals("address,duid,valid_lifetime,expire,subnet_id,pref_lifetime,lease_type,iaid,prefix_len,fqdn_fwd,"
                + "fqdn_rev,hostname,hwaddr,state,user_context,hwtype,hwaddr_source", CSV.keaHeader().line());
    }

    @Test
    void readsAndWritesARowExactlyAsKeaDoes() {
        assertEquals(KEA_LEASE, CSV.parse(KEA_ROW));
        assertEquals(KEA_ROW, CSV.encode(KEA_LEASE));
    }

    @Test
    void leavesTheHardwareColumnsEmptyWithoutAHardwareAddressAsKeaDoes() {
        // A declined lease as Kea 2.2 wrote it (lease6-add with state 1).
        String row = "2001:db8:1::1a1,00:03:00:01:0a:00:27:00:00:02,3600,1795332704,7,4000,0,7,128,0,0,,,1,,,";
        Lease6 lease = CSV.parse(row);
        assertEquals(Optional.empty(), lease.hardwareAddress());
        assertEquals(LeaseState.DECLINED, lease.state());
        assertEquals(row, CSV.encode(lease));
    }

    @Test
    void roundTripsEveryKindOfValue() {
        List<Lease6> leases = List.of(
                KEA_LEASE,
                new Lease6(Addresses.parse6("2001:db8:80::"), Bytes.fromHex("00010001329548c6525400123456"),
                        Lease6.INFINITE_LIFETIME, 1795333096L + Lease6.INFINITE_LIFETIME, 4294967295L, 0,
                        LeaseType.PD, 4294967295L, 56, false, true, "line\nbreak\ttab \u00e9\u4e2d\ud83d\ude00",
                        Optional.of(new HardwareAddress(Bytes.fromHex("0102030405060708090a0b0c0d0e0f1011121314"),
                                65535, HwAddrSource.DOCSIS_MODEM)),
                        LeaseState.REGISTERED, "{\"a\":[1,2,{\"b\":\"&#x2c\"}],\"c\":\"\\n\"}"),
                new Lease6(Addresses.parse6("2001:db8::ffff:1.2.3.4"), Lease6.EMPTY_DUID, 0, 0, 0, 0, LeaseType.TA, 0,
                        0, false, false, "", Optional.empty(), LeaseState.DECLINED, ""));
        for (Lease6 lease : leases) {
            assertEquals(lease, CSV.parse(CSV.encode(lease)));
        }
    }

    @Test
    void findsColumnsByNameInAnyOrderAndIgnoresUnknownOnes() {
        CsvHeader shuffled = CsvHeader.parse("hwaddr_source,extra,address,hostname,duid,valid_lifetime,expire,"
                + "subnet_id,pref_lifetime,lease_type,iaid,prefix_len,fqdn_fwd,fqdn_rev,hwaddr,state,user_context,hwtype");
        String row = CSV.encode(KEA_LEASE, shuffled);
        assertTrue(row.startsWith("0,,2001:db8:1::1a0,pxe&#x2chost&#x26co.example.org,"), row);
        assertEquals(KEA_LEASE, CSV.parse(row, shuffled));
    }

    @Test
    void writesKeasDefaultPoolIdUnderANewerHeader() {
        CsvHeader kea24 = CsvHeader.parse(CSV.keaHeader().line() + ",pool_id");
        assertEquals(CSV.encode(KEA_LEASE) + ",0", CSV.encode(KEA_LEASE, kea24));
        assertEquals(KEA_LEASE, CSV.parse(CSV.encode(KEA_LEASE) + ",3", kea24));
    }

    @Test
    void readsAFileFromAnOlderKeaWithKeasDefaults() {
        CsvHeader kea10 = CsvHeader.parse("address,duid,valid_lifetime,expire,subnet_id,pref_lifetime,lease_type,iaid,"
                + "prefix_len,fqdn_fwd,fqdn_rev,hostname");
        Lease6 lease = CSV.parse("2001:db8:1::5,00:03:00:01:52:54:00:12:34:56,4000,1795333094,7,3000,0,9,128,0,0,h",
                kea10);
        assertEquals(LeaseState.DEFAULT, lease.state());
        assertEquals(Optional.empty(), lease.hardwareAddress());
        assertEquals("", lease.userContext());

        CsvHeader kea20 = CsvHeader.parse(kea10.line() + ",hwaddr");
        Lease6 withMac = CSV.parse("2001:db8:1::5,00:03:00:01:52:54:00:12:34:56,4000,1795333094,7,3000,0,9,128,0,0,h,"
                + "52:54:00:12:34:56", kea20);
        assertEquals(Optional.of(new HardwareAddress(LeaseSamples.MAC, 1, HwAddrSource.UNKNOWN)),
                withMac.hardwareAddress());
    }

    @Test
    void refusesAHeaderWithoutKeasFirstColumns() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CSV.checkHeader(CsvHeader.parse("address,valid_lifetime,expire")));
        assertTrue(e.getMessage().contains("duid"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CsvHeader.parse("address,address"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "too few values      | 2001:db8:1::100,00:03:00:01:52:54:00:12:34:56,4000  | the row has 3 values",
        "bad address         | 2001:db8:1::zz,00:03,4000,1795333094,7,3000,0,1,128,0,0,,,0,,, | address '2001:db8:1::zz'",
        "name, not address   | example.org,00:03,4000,1795333094,7,3000,0,1,128,0,0,,,0,,, | address 'example.org'",
        "negative lifetime   | 2001:db8:1::100,00:03:00:01,-5,1795333094,7,3000,0,1,128,0,0,,,0,,, | valid_lifetime '-5'",
        "lifetime > 32 bits  | 2001:db8:1::100,00:03:00:01,4294967296,4294967296,7,3000,0,1,128,0,0,,,0,,, | valid_lifetime",
        "expire too large    | 2001:db8:1::100,00:03:00:01,1,99999999999999999999,7,3000,0,1,128,0,0,,,0,,, | expire",
        "expire before cltt 0| 2001:db8:1::100,00:03:00:01,4000,3999,7,3000,0,1,128,0,0,,,0,,, | expire 3999",
        "unknown lease type  | 2001:db8:1::100,00:03:00:01,4000,1795333094,7,3000,3,1,128,0,0,,,0,,, | lease_type 3",
        "prefix too long     | 2001:db8:1::100,00:03:00:01,4000,1795333094,7,3000,0,1,129,0,0,,,0,,, | prefix_len 129",
        "flag not 0 or 1     | 2001:db8:1::100,00:03:00:01,4000,1795333094,7,3000,0,1,128,true,0,,,0,,, | fqdn_fwd 'true'",
        "unknown state       | 2001:db8:1::100,00:03:00:01,4000,1795333094,7,3000,0,1,128,0,0,,,9,,, | state 9",
        "empty duid          | 2001:db8:1::100,,4000,1795333094,7,3000,0,1,128,0,0,,,0,,, | duid is 1 to 128",
        "empty duid in use   | 2001:db8:1::100,00,4000,1795333094,7,3000,0,1,128,0,0,,,0,,, | only valid for a declined",
        "bad hwaddr          | 2001:db8:1::100,00:03:00:01,4000,1795333094,7,3000,0,1,128,0,0,,52-54,0,,1,0 | hwaddr '52-54'",
        "unknown mac source  | 2001:db8:1::100,00:03:00:01,4000,1795333094,7,3000,0,1,128,0,0,,52:54,0,,1,3 | hwaddr_source 3",
        "context not a map   | 2001:db8:1::100,00:03:00:01,4000,1795333094,7,3000,0,1,128,0,0,,,0,[1],, | not a JSON map",
        "context not JSON    | 2001:db8:1::100,00:03:00:01,4000,1795333094,7,3000,0,1,128,0,0,,,0,{x},, | not JSON",
    })
    void saysWhatIsWrongWithABadRow(String name, String row, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CSV.parse(row));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    /** Addresses are read without the JDK's parser in the usual forms: every form must read as the JDK reads it, or fail as there. */
    @ParameterizedTest
    @CsvSource({
        "2001:db8:1::1a0", "::", "::1", "1::", "2001:db8::", "::ffff:1.2.3.4", "2001:db8::ffff:1.2.3.4",
        "1:2:3:4:5:6:7:8", "1:2:3:4:5:6::8", "1::3:4:5:6:7:8", "FFFF:abcd:0:0:0:0:0:0", "0001:0002:0003::0004",
        "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9", "1::2::3", "12345::", ":1::", "1:", ":::", "1:2:3:4::5:6:7:8",
        "::1.2.3", "1:2:3:4:5:6:7:8::", "::ffff:1.2.3.4.5",
    })
    void readsAnAddressAsTheJdkDoes(String address) {
        String row = address + ",00:03:00:01,4000,1795333094,7,3000,0,1,128,0,0,,,0,,,";
        Lease6 read;
        try {
            read = CSV.parse(row);
        } catch (IllegalArgumentException refused) {
            assertThrows(IllegalArgumentException.class, () -> Addresses.parse6(address));
            return;
        }
        assertEquals(Addresses.parse6(address), read.address());
    }
}
