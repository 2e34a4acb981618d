package io.tandem.common.lease;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.Bytes;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LeaseCsv4Test {
    private static final LeaseCsv4 CSV = LeaseCsv4.INSTANCE;
    /** A row Kea 2.2 wrote (lease4-add with a client-id, hostname and user context), from kea-2.2-leases4.csv. */
    private static final String KEA_ROW = "192.0.2.150,0a:00:27:00:00:03,01:0a:00:27:00:00:03,600,1795329704,9,1,1,"
            + "boot&#x2cer&#x26x,0,{ \"tandem\": { \"note\": \"x&#x2cy\" } }";
    private static final Lease4 KEA_LEASE = new Lease4(Addresses.parse4("192.0.2.150"),
            Bytes.fromHex("0a:00:27:00:00:03"), Bytes.fromHex("01:0a:00:27:00:00:03"), 600, 1795329704L, 9, true, true,
            "boot,er&x", LeaseState.DEFAULT, "{ \"tandem\": { \"note\": \"x,y\" } }");

    @Test
    void writesTheHeaderKea22Writes() {
        assertEquals("address,hwaddr,client_id,valid_lifetime,expire,subnet_id,fqdn_fwd,fqdn_rev,hostname,state,"
                + "user_context", CSV.keaHeader().line());
    }

    @Test
    void readsAndWritesARowExactlyAsKeaDoes() {
        assertEquals(KEA_LEASE, CSV.parse(KEA_ROW));
        assertEquals(KEA_ROW, CSV.encode(KEA_LEASE));
        String withoutClientId = "192.0.2.100,52:54:00:12:34:56,,4000,1795333096,9,0,0,vm,0,";
        assertEquals(withoutClientId, CSV.encode(CSV.parse(withoutClientId)));
    }

    @Test
    void roundTripsEveryKindOfValue() {
        List<Lease4> leases = List.of(
                KEA_LEASE,
                new Lease4(Addresses.parse4("10.0.0.1"), Bytes.EMPTY, Bytes.fromHex("ff00000001000100012a"),
                        Lease4.INFINITE_LIFETIME, 2 * Lease4.INFINITE_LIFETIME, 4294967295L, false, true,
                        "tab\tcomma,amp&", LeaseState.EXPIRED_RECLAIMED, "{\"k\":\"\\u00e9,\"}"),
                new Lease4(Addresses.parse4("10.0.0.2"), Bytes.EMPTY, Bytes.EMPTY, 0, 0, 0, false, false, "",
                        LeaseState.DECLINED, ""));
        for (Lease4 lease : leases) {
            assertEquals(lease, CSV.parse(CSV.encode(lease)));
        }
    }

    @Test
    void readsKea24sPoolIdColumnAndWritesItsDefault() {
        CsvHeader kea24 = CsvHeader.parse(CSV.keaHeader().line() + ",pool_id");
        assertEquals(KEA_LEASE, CSV.parse(KEA_ROW + ",5", kea24));
        assertEquals(KEA_ROW + ",0", CSV.encode(KEA_LEASE, kea24));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "too many values    | 192.0.2.1,52:54:00:12:34:56,,4000,1795333096,9,0,0,vm,0,,x | the row has 12 values",
        "bad address        | 192.0.2.256,52:54:00:12:34:56,,4000,1795333096,9,0,0,vm,0, | address '192.0.2.256'",
        "v6 address         | 2001:db8::1,52:54:00:12:34:56,,4000,1795333096,9,0,0,vm,0, | address '2001:db8::1'",
        "negative lifetime  | 192.0.2.1,52:54:00:12:34:56,,-1,1795333096,9,0,0,vm,0, | valid_lifetime '-1'",
        "no client identity | 192.0.2.1,,,4000,1795333096,9,0,0,vm,0, | needs a hwaddr or a client_id",
        "short client id    | 192.0.2.1,,01,4000,1795333096,9,0,0,vm,0, | client_id is 2 to 128",
        "hwaddr too long    | 192.0.2.1,01:02:03:04:05:06:07:08:09:10:11:12:13:14:15:16:17:18:19:20:21,,4000,1795333096,9,0,0,,0, | hwaddr is at most 20",
        "bad flag           | 192.0.2.1,52:54:00:12:34:56,,4000,1795333096,9,2,0,vm,0, | fqdn_fwd '2'",
    })
    void saysWhatIsWrongWithABadRow(String name, String row, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CSV.parse(row));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
