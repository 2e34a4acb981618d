package io.tandem.common.daemon;

import picocli.CommandLine.Option;

/** {@code -d}, debug-level logging, as every daemon takes it: a picocli mixin (help text key {@code d}). */
public final class DebugOption {
    @Option(names = "-d", descriptionKey = "d", description = "log to the terminal at debug level")
    boolean debug;

    /** Turns debug level on if asked; call it before the first logger exists. */
    public void apply() {
        if (debug) {
            // Read by the daemons' logback configurations when logging starts.
            System.setProperty("tandem.log.level", "DEBUG");
        }
    }
}
