package io.tandem.dhcp6d.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.tandem.common.identity.MacAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BootFilesTest {
    @TempDir
    Path temp;

    private HttpResponseStatus refusal(BootFiles files, String requested) {
        return assertInstanceOf(BootFiles.Refused.class, files.find(requested), requested).status();
    }

    @Test
    void findsFilesAndTheMacInAMacPath() throws Exception {
        Path boot = Files.createDirectory(temp.resolve("boot"));
        Files.writeString(boot.resolve("ipxe.efi"), "ipxe");
        BootFiles files = new BootFiles(boot);
        BootFiles.Found plain = assertInstanceOf(BootFiles.Found.class, files.find("ipxe.efi"));
        assertEquals("ipxe.efi", plain.relative());
        assertEquals(Optional.empty(), plain.path().mac());
        BootFiles.Found withMac = assertInstanceOf(BootFiles.Found.class, files.find("52-54-00-12-34-56/ipxe.efi"));
        assertEquals(Optional.of(MacAddress.parse("52:54:00:12:34:56")), withMac.path().mac());
        assertEquals(boot.toRealPath().resolve("ipxe.efi"), withMac.file());
    }

    @Test
    void refusesEscapesAndAnswers404ForWhatIsNotAFile() throws Exception {
        Path boot = Files.createDirectory(temp.resolve("boot"));
        Files.writeString(temp.resolve("secret"), "secret");
        Files.createSymbolicLink(boot.resolve("out"), temp);
        BootFiles files = new BootFiles(boot);
        assertEquals(HttpResponseStatus.FORBIDDEN, refusal(files, "../secret"));
        assertEquals(HttpResponseStatus.FORBIDDEN, refusal(files, "out/secret"));
        assertEquals(HttpResponseStatus.FORBIDDEN, refusal(files, "out"));
        assertEquals(HttpResponseStatus.NOT_FOUND, refusal(files, "missing"));
        assertEquals(HttpResponseStatus.NOT_FOUND, refusal(files, ""));
        assertEquals(HttpResponseStatus.NOT_FOUND, refusal(files, "./"));
        assertEquals(HttpResponseStatus.FORBIDDEN, refusal(files, "a\\..\\..\\secret"));
        assertEquals(HttpResponseStatus.NOT_FOUND, refusal(files, "nul\0name"));
        assertEquals(HttpResponseStatus.NOT_FOUND, refusal(new BootFiles(temp.resolve("absent")), "ipxe.efi"),
                "a directory that does not exist serves nothing");
    }
}
