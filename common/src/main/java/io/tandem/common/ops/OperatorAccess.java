package io.tandem.common.ops;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tandem.common.config.ConfigNode;
import io.tandem.common.config.HttpConfig;
import io.tandem.common.daemon.RateLimitedLog;
import io.tandem.common.wire.Addresses;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may use the operator resources ({@code /leases}, {@code /metrics} and the control commands),
 * which the DHCP clients on the listener's link must not reach.
 *
 * <ul>
 *   <li>With no {@code http.control-users}: loopback peers only (as Kea's Control Agent listens on
 *       127.0.0.1 by default); anyone else gets {@code 403} saying why.</li>
 *   <li>With users: HTTP Basic credentials of one of them, from any address, as Kea's
 *       {@code authentication} of type {@code basic}; else {@code 401} with
 *       {@code WWW-Authenticate}. Credentials that name no user are logged (the peer and the user
 *       name given, never the password), at most one line a second.</li>
 * </ul>
 */
public final class OperatorAccess {
    private static final Logger log = LoggerFactory.getLogger(OperatorAccess.class);
    static final String REALM = "tandem";
    /** A user name from the network is quoted in the log at most this long. */
    private static final int LOGGED_NAME_LENGTH = 64;

    private final Supplier<List<HttpConfig.ControlUser>> users;
    private final RateLimitedLog failedLogins = new RateLimitedLog(log, 1);
    private final RateLimitedLog refused = new RateLimitedLog(log, 1);

    /** @param users who may use the operator resources, read for each request so that a reload can change them */
    public OperatorAccess(Supplier<List<HttpConfig.ControlUser>> users) {
        this.users = users;
    }

    /** What {@link #check} decided. */
    public sealed interface Decision permits Granted, Refused {
    }

    /** @param who the user, or {@code "a loopback peer"} when no users are configured */
    public record Granted(String who) implements Decision {
    }

    public record Refused(HttpAnswer answer) implements Decision {
    }

    /** True when {@code http.control-users} names at least one user. */
    public boolean usersConfigured() {
        return !users.get().isEmpty();
    }

    /**
     * Decides one request.
     *
     * @param resource      what is asked for, for the answer's and the log's text ({@code /leases}, {@code POST /})
     * @param peer          the address the request came from
     * @param authorization the {@code Authorization} header, if the request has one
     */
    public Decision check(String resource, InetAddress peer, Optional<String> authorization) {
        List<HttpConfig.ControlUser> allowed = users.get();
        if (allowed.isEmpty()) {
            if (peer.isLoopbackAddress()) {
                return new Granted("a loopback peer");
            }
            refused.info("HTTP_FORBIDDEN {} from {}: no http.control-users, so loopback peers only", resource,
                    Addresses.text(peer));
            return new Refused(stock(403, "Forbidden: " + resource + " answers only loopback peers ([::1],"
                    + " 127.0.0.1) while no http.control-users are configured; configure users to reach it from "
                    + Addresses.text(peer)));
        }
        Optional<String> given = credentials(authorization);
        if (given.isPresent()) {
            Optional<String> user = match(given.get(), allowed);
            if (user.isPresent()) {
                return new Granted(user.get());
            }
            String name = given.get().contains(":") ? given.get().substring(0, given.get().indexOf(':')) : given.get();
            failedLogins.warn("HTTP_LOGIN_FAILED {} from {}: user {} with a wrong password or unknown", resource,
                    Addresses.text(peer), ConfigNode.quote(name.length() <= LOGGED_NAME_LENGTH ? name
                            : name.substring(0, LOGGED_NAME_LENGTH) + "..."));
        }
        HttpAnswer unauthorized = stock(401, "Unauthorized");
        return new Refused(new HttpAnswer(401, unauthorized.contentType(), unauthorized.body(),
                Map.of("WWW-Authenticate", "Basic realm=\"" + REALM + "\"")));
    }

    /** The decoded {@code user:password} of a Basic {@code authorization}, if it is one. */
    private static Optional<String> credentials(Optional<String> authorization) {
        if (authorization.isEmpty() || !authorization.get().regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new String(Base64.getDecoder().decode(authorization.get().substring(6).strip()),
                    StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The user that {@code given} ({@code user:password}) names with the right password, if any. */
    private static Optional<String> match(String given, List<HttpConfig.ControlUser> users) {
        byte[] bytes = given.getBytes(StandardCharsets.UTF_8);
        Optional<String> match = Optional.empty();
        for (HttpConfig.ControlUser user : users) {
            byte[] expected = (user.user() + ":" + user.password()).getBytes(StandardCharsets.UTF_8);
            // Every user compared in constant time: the answer's timing says nothing about the secrets.
            if (MessageDigest.isEqual(expected, bytes) && match.isEmpty()) {
                match = Optional.of(user.user());
            }
        }
        return match;
    }

    /** Kea's stock answer for an HTTP-level refusal: {@code {"result": <status>, "text": "..."}}. */
    static HttpAnswer stock(int status, String text) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("result", status);
        json.put("text", text);
        return HttpAnswer.of(status, HttpAnswer.JSON, ControlChannel.render(json));
    }
}
