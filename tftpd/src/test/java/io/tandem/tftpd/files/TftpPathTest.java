package io.tandem.tftpd.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tandem.common.identity.MacAddress;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** How a requested file name is taken apart: the MAC directory, separators, and what is refused. */
class TftpPathTest {
    private static final MacAddress MAC = MacAddress.parse("52:54:00:12:34:56");

    private static RequestPath parse(String requested) {
        try {
            return RequestPath.parse(requested);
        } catch (RequestPath.RefusedPathException e) {
            throw new AssertionError(requested + " refused: " + e.getMessage(), e);
        }
    }

    @Test
    void edk2PathNamesTheMacAndTheFileBelowTheRoot() {
        RequestPath path = parse("52:54:00:12:34:56/ipxe.efi");
        assertEquals(Optional.of(MAC), path.mac());
        assertEquals("ipxe.efi", path.file());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/52:54:00:12:34:56/ipxe.efi", "52-54-00-12-34-56/ipxe.efi", "52:54:00:12:34:56//ipxe.efi",
        "/52-54-00-12-34-56/./ipxe.efi", "52:54:00:12:34:56\\ipxe.efi"})
    void otherSpellingsOfTheMacPath(String requested) {
        RequestPath path = parse(requested);
        assertEquals(Optional.of(MAC), path.mac());
        assertEquals("ipxe.efi", path.file());
    }

    @Test
    void macInCapitalsIsTheSameMachine() {
        assertEquals(Optional.of(MacAddress.parse("aa:bb:cc:dd:ee:ff")), parse("AA:BB:CC:DD:EE:FF/x.efi").mac());
    }

    @Test
    void plainPathsHaveNoMac() {
        assertEquals(new RequestPath(Optional.empty(), List.of("ipxe.efi")), parse("ipxe.efi"));
        assertEquals(new RequestPath(Optional.empty(), List.of("ipxe.efi")), parse("/ipxe.efi"));
        assertEquals(new RequestPath(Optional.empty(), List.of("efi", "grub", "grub.cfg")),
                parse("efi/grub//grub.cfg/"));
    }

    @Test
    void aMacAloneIsAFileName() {
        assertEquals(new RequestPath(Optional.empty(), List.of("52:54:00:12:34:56")), parse("52:54:00:12:34:56"));
    }

    @Test
    void mixedOrBareHexIsADirectoryNotAMac() {
        assertEquals(Optional.empty(), parse("525400123456/ipxe.efi").mac());
        assertEquals(Optional.empty(), parse("52:54-00:12:34:56/ipxe.efi").mac());
        assertEquals("525400123456/ipxe.efi", parse("525400123456/ipxe.efi").file());
    }

    @Test
    void theMacOfARequestIsKnownBeforeItsFileIsLookedUp() {
        assertEquals(Optional.of(MAC), RequestPath.macOf("52-54-00-12-34-56/missing.efi"));
        assertEquals(Optional.empty(), RequestPath.macOf("ipxe.efi"));
        assertEquals(Optional.empty(), RequestPath.macOf("52:54:00:12:34:56/../etc/passwd"),
                "a refused path names nobody");
    }

    @ParameterizedTest
    @ValueSource(strings = {"../etc/passwd", "a/../../b", "..", "/..", "52:54:00:12:34:56/../etc/passwd",
        "..\\..\\windows", "boot/..", "", "/", "./"})
    void climbingOrNamingNoFileIsRefused(String requested) {
        assertThrows(RequestPath.RefusedPathException.class, () -> RequestPath.parse(requested));
    }
}
