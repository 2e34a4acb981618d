package io.tandem.dhcp4o6d.daemon;

import sun.misc.Signal;

/** POSIX signals for the daemon: SIGHUP reloads, SIGTERM and SIGINT stop. */
final class Signals {
    private Signals() {
    }

    static void on(String name, Runnable action) {
        Signal.handle(new Signal(name), signal -> action.run());
    }
}
