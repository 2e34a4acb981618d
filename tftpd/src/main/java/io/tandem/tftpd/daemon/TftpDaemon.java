package io.tandem.tftpd.daemon;

import io.tandem.common.daemon.DaemonLifecycle;
import io.tandem.tftpd.server.TftpServer;
import io.tandem.tftpd.server.TftpServerSettings;
import io.tandem.tftpd.server.TransferListener;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A running standalone tftpd: serves until SIGTERM or SIGINT, then stops cleanly. */
final class TftpDaemon {
    private static final Logger log = LoggerFactory.getLogger(TftpDaemon.class);

    private final TftpServerSettings settings;
    private final DaemonLifecycle lifecycle = new DaemonLifecycle("TFTP");

    TftpDaemon(TftpServerSettings settings) {
        this.settings = settings;
    }

    /** The exit code: 0 after a signal, 1 when the server cannot start. */
    int run() throws InterruptedException {
        try {
            lifecycle.closeAtStop(TftpServer.start(settings, TransferListener.NONE));
        } catch (IOException e) {
            log.error("TFTP_START_FAILED {}", e.getMessage());
            System.err.println("tftpd: " + e.getMessage());
            return 1;
        }
        try {
            lifecycle.awaitStop();
            log.info("TFTP_SHUTDOWN on signal");
        } finally {
            lifecycle.close();
        }
        return 0;
    }
}
