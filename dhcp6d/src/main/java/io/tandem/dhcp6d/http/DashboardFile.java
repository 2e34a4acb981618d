package io.tandem.dhcp6d.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLConnection;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * One file of the dashboard, read once from the jar, with its validators.
 *
 * @param etag         a strong entity tag made from the content's SHA-256, quotes included
 * @param lastModified when the file was built into the jar, to the second
 */
record DashboardFile(String contentType, byte[] body, String etag, Instant lastModified) {
    private static final String FOLDER = "/io/tandem/dhcp6d/dashboard/";

    /** {@code name} from the dashboard's resource folder; {@code started} stands in when the jar has no time for it. */
    static DashboardFile load(String name, String contentType, Instant started) {
        URL resource = DashboardFile.class.getResource(FOLDER + name);
        if (resource == null) {
            throw new IllegalStateException("the jar has no " + FOLDER + name);
        }
        try {
            URLConnection connection = resource.openConnection();
            byte[] body;
            try (InputStream in = connection.getInputStream()) {
                body = in.readAllBytes();
            }
            long built = connection.getLastModified();
            return of(contentType, body, built > 0 ? Instant.ofEpochMilli(built) : started);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + FOLDER + name + " from the jar", e);
        }
    }

    /** {@code body} with its validators; HTTP dates have whole seconds, so {@code lastModified} is cut to one. */
    static DashboardFile of(String contentType, byte[] body, Instant lastModified) {
        try {
            String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body), 0, 12);
            return new DashboardFile(contentType, body, "\"" + hash + "\"",
                    Instant.ofEpochSecond(lastModified.getEpochSecond()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
