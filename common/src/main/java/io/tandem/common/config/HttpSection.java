package io.tandem.common.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Tandem's {@code http} block, the same in {@code Dhcp6} and {@code Dhcp4}, and the
 * {@code events.channel} key of both. A {@code control-users} entry has the keys of an entry of
 * Kea's {@code authentication.clients} ({@code user}, {@code password}, {@code password-file}).
 */
public final class HttpSection {
    private static final List<String> HTTP_KEYS = List.of("listen", "control-users");
    private static final List<String> CONTROL_USER_KEYS = List.of("user", "password", "password-file");
    /** The password of the examples in conf/ and the README, which a real configuration must not keep. */
    static final String EXAMPLE_PASSWORD = "change-me";

    private HttpSection() {
    }

    public static HttpConfig parse(ConfigNode parent, Path baseDirectory, String defaultListen) {
        Optional<ConfigNode> block = parent.optionalObject("http");
        block.ifPresent(node -> node.finish(HTTP_KEYS, List.of()));
        ConfigNode node = block.orElse(parent.at("http"));
        List<HttpConfig.ControlUser> users = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (ConfigNode entry : node.objects("control-users")) {
            controlUser(entry, baseDirectory).ifPresent(user -> {
                if (names.add(user.user())) {
                    users.add(user);
                } else {
                    entry.error("user", "user " + ConfigNode.quote(user.user()) + " is listed twice");
                }
            });
        }
        return new HttpConfig(
                node.optionalValue("listen", ListenAddress.TYPE).orElse(ListenAddress.parse(defaultListen)),
                users);
    }

    private static Optional<HttpConfig.ControlUser> controlUser(ConfigNode entry, Path baseDirectory) {
        entry.finish(CONTROL_USER_KEYS, List.of());
        Optional<String> user = entry.string("user");
        if (user.isPresent() && (user.get().isEmpty() || user.get().contains(":"))) {
            entry.error("user", "a user name is not empty and has no colon (HTTP Basic authentication)");
            return Optional.empty();
        }
        Optional<String> password;
        if (entry.has("password") == entry.has("password-file")) {
            entry.error("needs either password or password-file");
            return Optional.empty();
        } else if (entry.has("password")) {
            password = entry.string("password");
            if (password.filter(EXAMPLE_PASSWORD::equals).isPresent()) {
                entry.warning("password", "still the example password " + ConfigNode.quote(EXAMPLE_PASSWORD)
                        + ", which anyone who read the README knows; choose another, or use password-file");
            }
        } else {
            password = entry.string("password-file").flatMap(file -> readPassword(entry, baseDirectory.resolve(file)));
        }
        return user.flatMap(name -> password.map(secret -> new HttpConfig.ControlUser(name, secret)));
    }

    private static Optional<String> readPassword(ConfigNode entry, Path file) {
        try {
            return Optional.of(Files.readString(file).replaceFirst("\\r?\\n$", ""));
        } catch (IOException e) {
            entry.error("password-file", FileReadError.text(file, e));
            return Optional.empty();
        }
    }


    /**
     * {@code events.channel}: the localhost UDP address of the events channel between the daemons
     * (default {@value io.tandem.common.event.EventDatagram#DEFAULT_CHANNEL}), or empty when it is
     * {@code ""} (off).
     */
    public static Optional<ListenAddress> eventsChannel(ConfigNode events) {
        if (events.has("channel") && events.json().get("channel").isTextual()
                && events.json().get("channel").asText().isEmpty()) {
            return Optional.empty();
        }
        Optional<ListenAddress> channel = events.optionalValue("channel", ListenAddress.TYPE);
        if (channel.isPresent() && !channel.get().address().isLoopbackAddress()) {
            events.error("channel", "the events channel is on localhost (like [::1]:6316), not "
                    + channel.get());
        }
        return Optional.of(channel.orElse(ListenAddress.parse(io.tandem.common.event.EventDatagram.DEFAULT_CHANNEL)));
    }
}
