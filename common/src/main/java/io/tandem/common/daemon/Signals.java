package io.tandem.common.daemon;

import java.util.concurrent.CountDownLatch;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/** POSIX signals for a daemon: SIGHUP reloads, SIGTERM and SIGINT stop. */
public final class Signals {
    private Signals() {
    }

    /**
     * Runs {@code action} on each signal {@code name}; false when the signal was ignored when the JVM
     * started (SIGHUP under {@code nohup}): the JVM then keeps it ignored and the action never runs.
     */
    public static boolean on(String name, Runnable action) {
        return Signal.handle(new Signal(name), signal -> action.run()) != SignalHandler.SIG_IGN;
    }

    /**
     * Counts {@code stopped} down a moment from now, on its own thread, as SIGTERM would: for the
     * {@code shutdown} command, whose answer must leave before the listener that sends it closes.
     */
    public static void stopSoon(CountDownLatch stopped) {
        Thread stopper = new Thread(() -> {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            stopped.countDown();
        }, "shutdown-command");
        stopper.setDaemon(true);
        stopper.start();
    }
}
