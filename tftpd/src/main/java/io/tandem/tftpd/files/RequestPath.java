package io.tandem.tftpd.files;

import io.tandem.common.identity.MacAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a client asked for, taken apart: an optional leading MAC directory and the path of a file
 * below the root as a list of plain names. EDK2 asks for {@code 52:54:00:12:34:56/ipxe.efi}
 * (the path of the bootfile URL dhcp6d hands out, without its leading slash); the MAC part
 * names the machine and is not a directory: the file is {@code <root>/ipxe.efi} whatever the MAC.
 *
 * <p>Backslashes count as separators (Windows-style boot loaders send them); leading, doubled
 * and trailing separators and {@code .} are ignored; a {@code ..} anywhere is refused rather than
 * resolved, so no spelling can climb out of the root.
 */
public record RequestPath(Optional<MacAddress> mac, List<String> names) {
    /** Colon or dash spellings only, so that a directory with a hex name is not mistaken for a MAC. */
    private static final Pattern MAC = Pattern.compile("\\p{XDigit}{2}([:-])\\p{XDigit}{2}(\\1\\p{XDigit}{2}){4}");

    public RequestPath {
        names = List.copyOf(names);
        if (names.isEmpty()) {
            throw new IllegalArgumentException("a request path names a file");
        }
    }

    /** Why a request path is refused. */
    public static final class RefusedPathException extends Exception {
        public RefusedPathException(String reason) {
            super(reason, null, false, false);
        }
    }

    public static RequestPath parse(String requested) throws RefusedPathException {
        List<String> names = new ArrayList<>();
        for (String name : requested.split("[/\\\\]")) {
            if (name.equals("..")) {
                throw new RefusedPathException("'..' is not allowed");
            }
            if (!name.isEmpty() && !name.equals(".")) {
                names.add(name);
            }
        }
        Optional<MacAddress> mac = Optional.empty();
        if (names.size() >= 2 && MAC.matcher(names.get(0)).matches()) {
            mac = Optional.of(MacAddress.parse(names.get(0)));
            names.remove(0);
        }
        if (names.isEmpty()) {
            throw new RefusedPathException("no file named");
        }
        return new RequestPath(mac, names);
    }

    /** The MAC a request names, for reporting a request refused before its path was looked up. */
    public static Optional<MacAddress> macOf(String requested) {
        try {
            return parse(requested).mac();
        } catch (RefusedPathException e) {
            return Optional.empty();
        }
    }

    /** The file's path below the root, {@code /}-separated. */
    public String file() {
        return String.join("/", names);
    }
}
