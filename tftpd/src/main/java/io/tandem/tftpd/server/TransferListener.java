package io.tandem.tftpd.server;

/**
 * Told about every transfer when it ends and every request that was refused, so that an
 * embedding daemon can publish events (dhcp6d: {@code served_ipxe_over_tftp} for the MAC). Called
 * on the server's event loop: it must return quickly and never block. An exception it throws is
 * logged and otherwise ignored.
 */
@FunctionalInterface
public interface TransferListener {
    TransferListener NONE = report -> { };

    void onTransfer(TransferReport report);
}
