package io.tandem.common.config;

/**
 * One thing wrong with a configuration, or worth knowing about it, at one place in it. The
 * location is a JSON pointer ({@code /Dhcp6/subnet6/0/pools/1/pool}), optionally after the file
 * it is in ({@code hosts.json#/2/duid}), or a file and line ({@code hosts.csv:12}); it is empty
 * when the problem concerns the whole text.
 */
public record ConfigProblem(Severity severity, String location, String message) {
    public enum Severity {
        ERROR("error"),
        WARNING("warning");

        private final String label;

        Severity(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** One line for an operator: {@code error: /Dhcp6/valid-lifetime: expected ...}. */
    @Override
    public String toString() {
        return severity.label() + ": " + (location.isEmpty() ? "" : location + ": ") + message;
    }
}
