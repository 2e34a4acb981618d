package io.tandem.tftpd.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.tandem.common.identity.MacAddress;
import io.tandem.tftpd.transfer.TransferMode;
import io.tandem.tftpd.wire.ErrorCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files are found below the root only: {@code ..}, absolute paths and escaping symlinks never reach outside. */
class TftpRootTest {
    @TempDir
    Path top;
    Path root;
    Path secret;

    @BeforeEach
    void files() throws IOException {
        root = Files.createDirectories(top.resolve("tftp"));
        secret = Files.writeString(top.resolve("secret"), "outside the root");
        Files.writeString(root.resolve("ipxe.efi"), "EFI binary");
        Files.createDirectories(root.resolve("efi"));
        Files.writeString(root.resolve("efi/grub.cfg"), "menu");
    }

    private BootRoot.Lookup open(String requested) throws IOException {
        return BootRoot.of(root).open(requested, TransferMode.OCTET);
    }

    private static void assertRefused(ErrorCode code, BootRoot.Lookup lookup) {
        BootRoot.Refused refused = assertInstanceOf(BootRoot.Refused.class, lookup, String.valueOf(lookup));
        assertEquals(code, refused.code(), refused.reason());
    }

    private static byte[] content(BootRoot.Lookup lookup) throws IOException {
        BootRoot.Found found = assertInstanceOf(BootRoot.Found.class, lookup, String.valueOf(lookup));
        try (var source = found.source()) {
            return source.read(0, 1 << 16).toArray();
        }
    }

    @Test
    void servesFilesBelowTheRoot() throws IOException {
        assertArrayEquals("EFI binary".getBytes(StandardCharsets.US_ASCII), content(open("ipxe.efi")));
        assertArrayEquals("menu".getBytes(StandardCharsets.US_ASCII), content(open("/efi/grub.cfg")));
    }

    @Test
    void theMacDirectoryIsNotADirectory() throws IOException {
        BootRoot.Found found = (BootRoot.Found) open("52:54:00:12:34:56/ipxe.efi");
        assertEquals(Optional.of(MacAddress.parse("52:54:00:12:34:56")), found.path().mac());
        assertEquals(OptionalLong.of(10), found.source().size());
        found.source().close();
    }

    @Test
    void missingFilesAreNotFound() throws IOException {
        assertRefused(ErrorCode.FILE_NOT_FOUND, open("missing.efi"));
        BootRoot.Refused refused = (BootRoot.Refused) open("52:54:00:12:34:56/missing.efi");
        assertEquals(Optional.of(MacAddress.parse("52:54:00:12:34:56")), refused.mac());
    }

    @Test
    void dotDotIsRefused() throws IOException {
        assertRefused(ErrorCode.ACCESS_VIOLATION, open("../secret"));
        assertRefused(ErrorCode.ACCESS_VIOLATION, open("efi/../../secret"));
    }

    @Test
    void absolutePathsAreTakenBelowTheRoot() throws IOException {
        assertRefused(ErrorCode.FILE_NOT_FOUND, open(secret.toString()));
        assertRefused(ErrorCode.FILE_NOT_FOUND, open("/etc/passwd"));
    }

    @Test
    void symlinksOutOfTheRootAreRefused() throws IOException {
        Files.createSymbolicLink(root.resolve("escape"), secret);
        Files.createSymbolicLink(root.resolve("etc"), Path.of("/etc"));
        Files.createSymbolicLink(root.resolve("relative"), Path.of("../secret"));
        assertRefused(ErrorCode.ACCESS_VIOLATION, open("escape"));
        assertRefused(ErrorCode.ACCESS_VIOLATION, open("etc/passwd"));
        assertRefused(ErrorCode.ACCESS_VIOLATION, open("relative"));
    }

    @Test
    void symlinksInsideTheRootAreFollowed() throws IOException {
        Files.createSymbolicLink(root.resolve("bootx64.efi"), Path.of("ipxe.efi"));
        Files.createSymbolicLink(root.resolve("boot"), root.resolve("efi"));
        assertArrayEquals("EFI binary".getBytes(StandardCharsets.US_ASCII), content(open("bootx64.efi")));
        assertArrayEquals("menu".getBytes(StandardCharsets.US_ASCII), content(open("boot/grub.cfg")));
    }

    @Test
    void aRootThatIsASymlinkWorks() throws IOException {
        Path link = Files.createSymbolicLink(top.resolve("link"), root);
        BootRoot.Lookup lookup = BootRoot.of(link).open("ipxe.efi", TransferMode.OCTET);
        assertArrayEquals("EFI binary".getBytes(StandardCharsets.US_ASCII), content(lookup));
    }

    @Test
    void directoriesAreNotFiles() throws IOException {
        assertRefused(ErrorCode.ACCESS_VIOLATION, open("efi"));
    }

    @Test
    void netasciiIsConvertedAndHasNoSizeBeforehand() throws IOException {
        Files.writeString(root.resolve("menu.txt"), "a\nb\n");
        BootRoot.Found found = (BootRoot.Found) BootRoot.of(root).open("menu.txt", TransferMode.NETASCII);
        assertEquals(OptionalLong.empty(), found.source().size());
        assertArrayEquals("a\r\nb\r\n".getBytes(StandardCharsets.US_ASCII), content(found));
    }
}
