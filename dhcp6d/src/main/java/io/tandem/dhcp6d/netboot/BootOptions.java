package io.tandem.dhcp6d.netboot;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tandem.common.identity.MacAddress;
import io.tandem.common.wire.Addresses;
import io.tandem.common.wire.Bytes;
import io.tandem.common.wire.WireJson;
import io.tandem.common.wire.dhcp6.Option6;
import io.tandem.common.wire.dhcp6.Options6;
import io.tandem.dhcp6d.config.BootArchitecture;
import io.tandem.dhcp6d.config.NetbootConfig;
import java.net.Inet6Address;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The boot options for one client at one boot stage (RFC 5970):
 * <ul>
 * <li>PXE firmware: {@code tftp://[server]/<mac>/<boot file for its architecture>}, so that it
 *     loads iPXE from Tandem's TFTP server;
 * <li>iPXE: the rendered {@code http-boot-url-template};
 * <li>UEFI HTTP boot: the architecture's {@code http-boot-file-urls} entry or the rendered
 *     template, with the vendor class {@code HTTPClient} echoed (EDK2 ignores an offer without it);
 * <li>an operating system: nothing.
 * </ul>
 * The template knows dhcpv6macd's placeholders: {@code {{.MAC}}}, {@code {{.BaseAddress}}} (the
 * fixed-MAC prefix of the client's subnet) and {@code {{.Payload}}} (base64 of
 * {@code {"architectures": [...]}}).
 */
public final class BootOptions {
    private static final Bytes HTTP_CLIENT = Bytes.utf8("HTTPClient");

    private BootOptions() {
    }

    /**
     * @param serverAddress the address PXE firmware reaches the TFTP server at: {@code netboot.server-address},
     *                      else one of the server's own addresses on the client's link
     * @param baseAddress   the client's subnet's fixed-MAC prefix (or the subnet prefix)
     */
    public static List<Option6> forClient(NetbootConfig netboot, BootStage stage, Options6 request, MacAddress mac,
            Optional<Inet6Address> serverAddress, Inet6Address baseAddress) {
        if (!netboot.enabled() || stage == BootStage.OS || stage == BootStage.FIRMWARE_NETWORK) {
            return List.of();
        }
        List<Integer> architectures = request.clientArchTypes();
        Optional<BootArchitecture> architecture = architectureOf(architectures);
        List<Option6> options = new ArrayList<>(2);
        switch (stage) {
            case PXE_FIRMWARE -> {
                Optional<String> bootFile = architecture.map(netboot.bootFiles()::get);
                if (bootFile.isEmpty() || serverAddress.isEmpty()) {
                    return List.of();
                }
                options.add(Option6.bootfileUrl("tftp://[" + Addresses.text(serverAddress.get()) + "]/" + mac + "/"
                        + bootFile.get()));
            }
            case IPXE -> options.add(Option6.bootfileUrl(
                    render(netboot.httpBootUrlTemplate(), mac, baseAddress, architectures)));
            default -> {
                // A per-architecture URL takes the same placeholders: /boot/{{.MAC}}/ipxe.efi ties
                // the download to the MAC in dhcp6d's events, as tftp://.../<mac>/ does.
                String template = architecture.map(netboot.httpBootFileUrls()::get).orElse(netboot.httpBootUrlTemplate());
                String url = render(template, mac, baseAddress, architectures);
                options.add(Option6.bootfileUrl(url));
                long enterprise = request.vendorClasses().stream().findFirst()
                        .map(Option6.VendorClass::enterpriseNumber).orElse(343L);
                options.add(new Option6.VendorClass(enterprise, List.of(HTTP_CLIENT)));
            }
        }
        return options;
    }

    private static Optional<BootArchitecture> architectureOf(List<Integer> types) {
        for (int type : types) {
            for (BootArchitecture architecture : BootArchitecture.values()) {
                if (architecture.architectureTypes().contains(type)) {
                    return Optional.of(architecture);
                }
            }
        }
        return Optional.empty();
    }

    /** Fills dhcpv6macd's placeholders. */
    static String render(String template, MacAddress mac, Inet6Address baseAddress, List<Integer> architectures) {
        return template.replace("{{.MAC}}", mac.toString())
                .replace("{{.BaseAddress}}", Addresses.text(baseAddress))
                .replace("{{.Payload}}", payload(architectures));
    }

    private static String payload(List<Integer> architectures) {
        ObjectNode json = WireJson.object();
        ArrayNode names = json.putArray("architectures");
        architectures.forEach(type -> names.add(ProcessorArchitecture.name(type)));
        return Base64.getEncoder().encodeToString(json.toString().getBytes(StandardCharsets.UTF_8));
    }
}
