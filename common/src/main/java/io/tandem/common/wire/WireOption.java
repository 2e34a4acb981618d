package io.tandem.common.wire;

/** An option of either family on the wire: what code-keyed lists and configured options need of it. */
public interface WireOption {
    int code();
}
