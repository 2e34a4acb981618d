package io.tandem.tftpd.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.tandem.tftpd.wire.TftpOption;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * RFC 2347 negotiation: the OACK holds only options the client asked for, values out of their
 * RFC's range or not numbers are left out (never echoed), blksize is capped by the MTU.
 */
class TftpNegotiationTest {
    /** 1500-byte MTU over IPv6: 1448-byte blocks; windows up to 64; 1 s timeout by default. */
    static final TransferLimits LIMITS = new TransferLimits(1448, 64, Duration.ofSeconds(1), 5);
    private static final OptionalLong SIZE = OptionalLong.of(1_048_576);

    private static TftpOption option(String name, String value) {
        return new TftpOption(name, value);
    }

    private static Negotiation negotiate(TftpOption... options) {
        return OptionNegotiator.negotiate(List.of(options), SIZE, LIMITS);
    }

    @Test
    void noOptionsNoOack() {
        Negotiation negotiation = negotiate();
        assertFalse(negotiation.sendsOptionAck());
        assertEquals(Negotiation.plain(LIMITS), negotiation);
    }

    @Test
    void edk2ProbeGetsTheRealSizeAndItsOwnOptionsBack() {
        Negotiation negotiation = negotiate(option("blksize", "1228"), option("tsize", "0"), option("windowsize", "4"));
        assertEquals(List.of(option("blksize", "1228"), option("tsize", "1048576"), option("windowsize", "4")),
                negotiation.acknowledged());
        assertEquals(1228, negotiation.blockSize());
        assertEquals(4, negotiation.windowSize());
    }

    @Test
    void blksizeIsCappedSoThatABlockFitsTheMtu() {
        Negotiation negotiation = negotiate(option("blksize", "65464"));
        assertEquals(List.of(option("blksize", "1448")), negotiation.acknowledged());
        assertEquals(1448, negotiation.blockSize());
        assertEquals(8, negotiate(option("blksize", "8")).blockSize());
    }

    @ParameterizedTest
    @ValueSource(strings = {"7", "0", "65465", "99999999999", "-512", "+512", " 512", "512 ", "1e3", "0x200", "", "abc",
        "99999999999999999999999"})
    void blksizeOutOfRangeOrMalformedIsIgnored(String value) {
        Negotiation negotiation = negotiate(option("blksize", value));
        assertEquals(List.of(), negotiation.acknowledged());
        assertEquals(512, negotiation.blockSize());
    }

    @Test
    void timeoutIsGrantedAsAskedWithinOneTo255() {
        assertEquals(List.of(option("timeout", "1")), negotiate(option("timeout", "1")).acknowledged());
        Negotiation negotiation = negotiate(option("timeout", "255"));
        assertEquals(List.of(option("timeout", "255")), negotiation.acknowledged());
        assertEquals(Duration.ofSeconds(255), negotiation.timeout());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "256", "-1", "1.5", "x"})
    void timeoutOutOfRangeIsIgnored(String value) {
        Negotiation negotiation = negotiate(option("timeout", value));
        assertEquals(List.of(), negotiation.acknowledged());
        assertEquals(LIMITS.timeout(), negotiation.timeout());
    }

    @Test
    void windowsizeIsGrantedUpToTheServersMaximum() {
        assertEquals(List.of(option("windowsize", "1")), negotiate(option("windowsize", "1")).acknowledged());
        Negotiation negotiation = negotiate(option("windowsize", "65535"));
        assertEquals(List.of(option("windowsize", "64")), negotiation.acknowledged());
        assertEquals(64, negotiation.windowSize());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "65536", "-4", "four"})
    void windowsizeOutOfRangeIsIgnored(String value) {
        Negotiation negotiation = negotiate(option("windowsize", value));
        assertEquals(List.of(), negotiation.acknowledged());
        assertEquals(1, negotiation.windowSize());
    }

    @Test
    void tsizeIsAnsweredWithTheRealSizeWhateverNumberWasSent() {
        assertEquals(List.of(option("tsize", "1048576")), negotiate(option("tsize", "0")).acknowledged());
        assertEquals(List.of(option("tsize", "1048576")), negotiate(option("tsize", "42")).acknowledged());
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "", "zero"})
    void tsizeThatIsNoNumberIsIgnored(String value) {
        assertEquals(List.of(), negotiate(option("tsize", value)).acknowledged());
    }

    @Test
    void tsizeIsNotOfferedWhenTheSizeIsNotKnownBeforehand() {
        Negotiation netascii = OptionNegotiator.negotiate(List.of(option("tsize", "0"), option("blksize", "1024")),
                OptionalLong.empty(), LIMITS);
        assertEquals(List.of(option("blksize", "1024")), netascii.acknowledged());
    }

    @Test
    void unknownOptionsAreIgnored() {
        Negotiation negotiation = negotiate(option("multicast", ""), option("rollover", "0"), option("utimeout", "5"),
                option("blksize", "1024"));
        assertEquals(List.of(option("blksize", "1024")), negotiation.acknowledged());
    }

    @Test
    void onlyTheFirstOfARepeatedOptionCounts() {
        Negotiation negotiation = negotiate(option("blksize", "1024"), option("BLKSIZE", "8"),
                option("blksize", "1400"));
        assertEquals(List.of(option("blksize", "1024")), negotiation.acknowledged());
        assertEquals(1024, negotiation.blockSize());
        // A first occurrence that is out of range still uses up the name.
        assertEquals(List.of(), negotiate(option("blksize", "1"), option("blksize", "1024")).acknowledged());
    }

    @Test
    void theClientsSpellingAndOrderAreKept() {
        Negotiation negotiation = negotiate(option("WindowSize", "8"), option("TSIZE", "0"), option("BlkSize", "1400"));
        assertEquals(List.of(option("WindowSize", "8"), option("TSIZE", "1048576"), option("BlkSize", "1400")),
                negotiation.acknowledged());
    }
}
