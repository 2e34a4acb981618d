package io.tandem.common.ops;

/**
 * Writes the Prometheus text exposition format (version 0.0.4): a {@code # HELP} and a
 * {@code # TYPE} line per metric family, then its samples, {@code name{label="value"} 42}. Label
 * values are escaped as the format says. Used at scrape time only, never on the packet path.
 */
public final class MetricsText {
    private final StringBuilder out = new StringBuilder(4096);

    /** Starts a family: {@code type} is {@code counter}, {@code gauge} or {@code histogram}. */
    public MetricsText family(String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help.replace("\\", "\\\\").replace("\n", "\\n"))
                .append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
        return this;
    }

    /** A sample without labels. */
    public MetricsText sample(String name, double value) {
        out.append(name).append(' ');
        number(value);
        out.append('\n');
        return this;
    }

    /** A sample with labels given as name, value, name, value, ... */
    public MetricsText sample(String name, double value, String... labels) {
        out.append(name).append('{');
        for (int i = 0; i + 1 < labels.length; i += 2) {
            if (i > 0) {
                out.append(',');
            }
            out.append(labels[i]).append("=\"").append(labels[i + 1].replace("\\", "\\\\").replace("\"", "\\\"")
                    .replace("\n", "\\n")).append('"');
        }
        out.append("} ");
        number(value);
        out.append('\n');
        return this;
    }

    /** A one-sample family. */
    public MetricsText single(String name, String type, String help, double value) {
        return family(name, type, help).sample(name, value);
    }

    /** A histogram family from {@code histogram}, in seconds. */
    public MetricsText histogram(String name, String help, LatencyHistogram histogram) {
        family(name, "histogram", help);
        long[] counts = histogram.bucketCounts();
        double[] bounds = LatencyHistogram.BOUNDS_SECONDS;
        long cumulative = 0;
        for (int i = 0; i < bounds.length; i++) {
            cumulative += counts[i];
            sample(name + "_bucket", cumulative, "le", Double.toString(bounds[i]));
        }
        cumulative += counts[bounds.length];
        sample(name + "_bucket", cumulative, "le", "+Inf");
        sample(name + "_sum", histogram.sumNanos() / 1e9);
        sample(name + "_count", cumulative);
        return this;
    }

    private void number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            out.append((long) value);
        } else {
            out.append(value);
        }
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
