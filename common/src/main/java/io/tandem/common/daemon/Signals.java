package io.tandem.common.daemon;

import sun.misc.Signal;

/** POSIX signals for a daemon: SIGHUP reloads, SIGTERM and SIGINT stop. */
public final class Signals {
    private Signals() {
    }

    public static void on(String name, Runnable action) {
        Signal.handle(new Signal(name), signal -> action.run());
    }
}
