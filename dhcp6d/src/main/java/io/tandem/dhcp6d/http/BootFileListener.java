package io.tandem.dhcp6d.http;

/**
 * Told about every GET of a boot file when it ends, sent or not, so that dhcp6d can publish an
 * event for the MAC. Called on a Netty event loop: it must return quickly and never block. An
 * exception it throws is logged and otherwise ignored.
 */
@FunctionalInterface
public interface BootFileListener {
    BootFileListener NONE = report -> { };

    void onEnded(BootFileReport report);
}
