package io.tandem.load;

import io.tandem.common.identity.MacAddress;
import io.tandem.common.wire.Addresses;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Clients that come back for the addresses they hold (for {@code --rebind}): each one's MAC and
 * address, read from the lines {@code --acked} writes ({@code mac,address,at-ms} under a header).
 * A later line of a MAC replaces its earlier one, as a later acknowledgement does; clients keep the
 * order in which their MAC first appears. Pure.
 */
record ReturningClients(long[] macs, byte[] addresses, int addressLength) {
    ReturningClients {
        if (macs.length == 0) {
            throw new IllegalArgumentException("no client to return");
        }
        if (addresses.length != macs.length * addressLength) {
            throw new IllegalArgumentException(macs.length + " MACs and " + addresses.length + " address bytes");
        }
    }

    int count() {
        return macs.length;
    }

    /**
     * The clients of {@code lines} whose addresses are {@code addressLength} bytes (4 or 16); a line
     * that is not {@code MAC,ADDRESS[,...]} is an {@link IllegalArgumentException} naming its number.
     */
    static ReturningClients parse(List<String> lines, int addressLength) {
        Map<Long, byte[]> held = new LinkedHashMap<>();
        for (int number = 1; number <= lines.size(); number++) {
            String line = lines.get(number - 1).strip();
            if (line.isEmpty() || number == 1 && line.startsWith("mac,")) {
                continue;
            }
            String[] fields = line.split(",");
            try {
                if (fields.length < 2) {
                    throw new IllegalArgumentException("expected MAC,ADDRESS");
                }
                long mac = MacAddress.parse(fields[0].strip()).toLong();
                InetAddress address = addressLength == 4 ? Addresses.parse4(fields[1].strip())
                        : Addresses.parse6(fields[1].strip());
                held.put(mac, address.getAddress());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("line " + number + " '" + line + "': " + e.getMessage(), e);
            }
        }
        if (held.isEmpty()) {
            throw new IllegalArgumentException("no MAC,ADDRESS line");
        }
        long[] macs = new long[held.size()];
        byte[] addresses = new byte[held.size() * addressLength];
        int index = 0;
        for (Map.Entry<Long, byte[]> client : held.entrySet()) {
            macs[index] = client.getKey();
            System.arraycopy(client.getValue(), 0, addresses, index * addressLength, addressLength);
            index++;
        }
        return new ReturningClients(macs, addresses, addressLength);
    }
}
