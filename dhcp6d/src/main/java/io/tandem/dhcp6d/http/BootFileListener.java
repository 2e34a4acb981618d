package io.tandem.dhcp6d.http;

/**
 * Told about every boot file sent over HTTP, when the sending ends, so that dhcp6d can publish
 * an event for the MAC. Called on a Netty event loop: it must return quickly and never block. An
 * exception it throws is logged and otherwise ignored.
 */
@FunctionalInterface
public interface BootFileListener {
    BootFileListener NONE = report -> { };

    void onSent(BootFileReport report);
}
