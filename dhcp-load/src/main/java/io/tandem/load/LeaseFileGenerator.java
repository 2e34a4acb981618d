package io.tandem.load;

import io.tandem.common.identity.MacAddress;
import io.tandem.common.lease.HardwareAddress;
import io.tandem.common.lease.HwAddrSource;
import io.tandem.common.lease.Lease;
import io.tandem.common.lease.Lease4;
import io.tandem.common.lease.Lease6;
import io.tandem.common.lease.LeaseCsv;
import io.tandem.common.lease.LeaseCsv4;
import io.tandem.common.lease.LeaseCsv6;
import io.tandem.common.lease.LeaseState;
import io.tandem.common.lease.LeaseType;
import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.Bytes;
import io.tandem.common.wire.dhcp6.Duid;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.function.LongFunction;

/**
 * Writes a big lease file in Kea 2.2's memfile layout for the start benchmark
 * ({@code scripts/bench-start}): {@code COUNT} bindings the daemon must hold after reading it, as
 * a busy server's file looks between two compactions. Client {@code i} has the MAC
 * {@code --mac + i}, in a DUID-LL with IAID 1 (v6) or in chaddr and a type-1 client-id (v4): the
 * clients {@code scripts/dhcp-load} plays, so a load run with the same {@code --mac} asks for
 * leases the file holds. Addresses are spread over the pool by an odd multiplier, so no
 * allocator's order guesses them.
 *
 * <p>Besides the held bindings: one in ten has an earlier row at the head of the file that its
 * later row replaces (latest row wins), and for every hundred held there is one more client
 * whose lease was released (a row, then Kea's release row with valid lifetime 0) and one whose
 * lease expired and was reclaimed (state 2). Of the held ones about 2 % are declined addresses
 * (Kea's empty DUID 00, or neither hwaddr nor client-id), 30 % carry a host name with DNS flags,
 * 1 % a user context, and in v6 60 % a hardware address and 3 % are delegated /56 prefixes.
 *
 * <pre>java -cp dhcp-load/target/dhcp-load.jar io.tandem.load.LeaseFileGenerator 6|4 COUNT FILE [MAC]</pre>
 */
public final class LeaseFileGenerator {
    /** The v6 pool: addresses are {@code 2001:db8:5::} plus 32 bits. */
    static final String POOL6 = "2001:db8:5::";
    /** Delegated prefixes: {@code 2001:db8:100::/40} cut into /56s. */
    static final String PREFIXES6 = "2001:db8:100::";
    /** The v4 pool starts here ({@code 10.0.0.0/8}; addresses 10.64.0.0 and up). */
    static final String POOL4 = "10.64.0.0";
    static final long SUBNET_ID = 5;
    static final long IAID = 1;
    /** Knuth's multiplicative constant: odd, so {@code i * SPREAD} modulo a power of two is a permutation. */
    private static final long SPREAD = 2_654_435_761L;
    private static final long VALID = 86_400;
    private static final long PREFERRED = 43_200;

    private final long now = Instant.now().getEpochSecond();
    private final long firstMac;
    private final int count;

    private LeaseFileGenerator(long firstMac, int count) {
        this.firstMac = firstMac;
        this.count = count;
    }

    public static void main(String[] arguments) throws IOException {
        if (arguments.length < 3 || !arguments[0].matches("[46]")) {
            System.err.println("usage: LeaseFileGenerator 6|4 COUNT FILE [FIRST-MAC]");
            System.exit(2);
        }
        int count = Integer.parseInt(arguments[1]);
        Path file = Path.of(arguments[2]);
        long firstMac = MacAddress.parse(arguments.length > 3 ? arguments[3] : "02:00:00:00:00:00").toLong();
        LeaseFileGenerator generator = new LeaseFileGenerator(firstMac, count);
        long rows = arguments[0].equals("6")
                ? generator.write(file, LeaseCsv6.INSTANCE, generator::lease6)
                : generator.write(file, LeaseCsv4.INSTANCE, generator::lease4);
        System.out.println(file + ": " + rows + " rows, " + count + " bindings held after reading");
    }

    /**
     * Writes the file: the superseded first rows, then each client's row in client order, then
     * the release rows. Client {@code i < count} is held; {@code count + 2k} is released and
     * {@code count + 2k + 1} reclaimed.
     */
    private <L extends Lease> long write(Path file, LeaseCsv<L> csv, LongFunction<Row<L>> client) throws IOException {
        int clients = count + 2 * (count / 100);
        long rows = 0;
        try (BufferedWriter out = Files.newBufferedWriter(file)) {
            out.write(csv.keaHeader().line());
            out.write('\n');
            for (int i = 0; i < count; i += 10) {
                rows += writeRow(out, csv, client.apply(i).earlier());
            }
            for (int i = 0; i < clients; i++) {
                rows += writeRow(out, csv, client.apply(i).lease());
            }
            for (int i = count; i < clients; i += 2) {
                rows += writeRow(out, csv, release(client.apply(i).lease()));
            }
        }
        return rows;
    }

    private boolean isReleased(int client) {
        return client >= count && (client - count) % 2 == 0;
    }

    @SuppressWarnings("unchecked")
    private static <L extends Lease> L release(L lease) {
        return (L) (lease instanceof Lease6 v6 ? v6.released() : ((Lease4) lease).released());
    }

    private static <L extends Lease> int writeRow(BufferedWriter out, LeaseCsv<L> csv, L lease) {
        try {
            out.write(csv.encode(lease));
            out.write('\n');
            return 1;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A client's row, and an earlier row of the same binding that it replaces. */
    private record Row<L>(L lease, L earlier) {
    }

    private String hostname(long client) {
        return client % 10 < 3 ? "host-" + client + ".lab.example.org" : "";
    }

    private String userContext(long client) {
        return client % 100 == 42 ? "{\"comment\":\"bench-start client " + client + "\"}" : "";
    }

    private LeaseState state(long client) {
        if (client >= count) {
            return isReleased((int) client) ? LeaseState.DEFAULT : LeaseState.EXPIRED_RECLAIMED;
        }
        return client % 50 == 17 ? LeaseState.DECLINED : LeaseState.DEFAULT;
    }

    /** A lease's client last transmitted within the last hour; a reclaimed one's ran out a day ago. */
    private long cltt(long client) {
        return state(client) == LeaseState.EXPIRED_RECLAIMED ? now - 2 * VALID : now - client * 7_919 % 3_600;
    }

    private Row<Lease6> lease6(long client) {
        LeaseState state = state(client);
        boolean declined = state == LeaseState.DECLINED;
        boolean prefix = !declined && client % 100 == 3;
        Bytes mac = MacAddress.fromLong(firstMac + client).bytes();
        Bytes duid = declined ? Lease6.EMPTY_DUID : Duid.ll(mac).bytes();
        Inet6Address address = prefix ? prefix6(client) : address6(client);
        Optional<HardwareAddress> hardware = declined || client % 5 >= 3 ? Optional.empty()
                : Optional.of(HardwareAddress.ethernet(mac, client % 2 == 0 ? HwAddrSource.DUID : HwAddrSource.RAW));
        long cltt = cltt(client);
        String hostname = declined ? "" : hostname(client);
        LongFunction<Lease6> at = start -> new Lease6(address, duid, VALID, start + VALID, SUBNET_ID, PREFERRED,
                prefix ? LeaseType.PD : LeaseType.NA, declined ? 0 : IAID, prefix ? 56 : 128, !hostname.isEmpty(),
                !hostname.isEmpty(), hostname, hardware, state, userContext(client));
        return new Row<>(at.apply(cltt), at.apply(cltt - 7_200));
    }

    private Row<Lease4> lease4(long client) {
        LeaseState state = state(client);
        boolean declined = state == LeaseState.DECLINED;
        byte[] macBytes = MacAddress.fromLong(firstMac + client).bytes().toArray();
        Bytes mac = declined ? Bytes.EMPTY : Bytes.of(macBytes);
        // One client in five sends no client-id: Kea keeps the hwaddr only.
        Bytes clientId = declined || client % 5 == 4 ? Bytes.EMPTY : clientId(macBytes);
        Inet4Address address = address4(client);
        long cltt = cltt(client);
        String hostname = declined ? "" : hostname(client);
        LongFunction<Lease4> at = start -> new Lease4(address, mac, clientId, VALID, start + VALID, SUBNET_ID,
                !hostname.isEmpty(), !hostname.isEmpty(), hostname, state, userContext(client));
        return new Row<>(at.apply(cltt), at.apply(cltt - 7_200));
    }

    /** The client-id {@code scripts/dhcp-load} sends: type 1 (Ethernet) and the MAC. */
    private static Bytes clientId(byte[] mac) {
        byte[] id = new byte[1 + mac.length];
        id[0] = 1;
        System.arraycopy(mac, 0, id, 1, mac.length);
        return Bytes.of(id);
    }

    private static Inet6Address address6(long client) {
        byte[] address = Addresses.parse6(POOL6).getAddress();
        long low = (client + 1) * SPREAD & 0xffff_ffffL;
        for (int i = 0; i < 4; i++) {
            address[15 - i] = (byte) (low >>> 8 * i);
        }
        return (Inet6Address) byAddress(address);
    }

    /** The /56 prefixes of the /40 are numbered by 16 bits, bytes 5 and 6. */
    private static Inet6Address prefix6(long client) {
        byte[] address = Addresses.parse6(PREFIXES6).getAddress();
        long number = client / 100 * SPREAD & 0xffff;
        address[5] = (byte) (number >>> 8);
        address[6] = (byte) number;
        return (Inet6Address) byAddress(address);
    }

    /** Spread over the 2^22 addresses from {@link #POOL4}: a file of up to four million clients. */
    private static Inet4Address address4(long client) {
        byte[] address = Addresses.parse4(POOL4).getAddress();
        long offset = (client + 1) * SPREAD & 0x3f_ffffL;
        int value = (address[0] & 0xff) << 24 | (address[1] & 0xff) << 16;
        value += (int) offset;
        return (Inet4Address) byAddress(new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8),
            (byte) value});
    }

    private static InetAddress byAddress(byte[] address) {
        try {
            return InetAddress.getByAddress(address);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
