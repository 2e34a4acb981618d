package io.tandem.tftpd.daemon;

import io.tandem.tftpd.server.TftpServer;
import io.tandem.tftpd.server.TftpServerSettings;
import io.tandem.tftpd.server.TransferListener;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/** A running standalone tftpd: serves until SIGTERM or SIGINT, then stops cleanly. */
final class TftpDaemon {
    private static final Logger log = LoggerFactory.getLogger(TftpDaemon.class);

    private final TftpServerSettings settings;
    private final CountDownLatch stopped = new CountDownLatch(1);

    TftpDaemon(TftpServerSettings settings) {
        this.settings = settings;
    }

    /** The exit code: 0 after a signal, 1 when the server cannot start. */
    int run() throws InterruptedException {
        TftpServer server;
        try {
            server = TftpServer.start(settings, TransferListener.NONE);
        } catch (IOException e) {
            log.error("TFTP_START_FAILED {}", e.getMessage());
            System.err.println("tftpd: " + e.getMessage());
            return 1;
        }
        try (server) {
            Signal.handle(new Signal("TERM"), signal -> stopped.countDown());
            Signal.handle(new Signal("INT"), signal -> stopped.countDown());
            stopped.await();
            log.info("TFTP_SHUTDOWN on signal");
        }
        return 0;
    }
}
