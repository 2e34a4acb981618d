package io.tandem.common.config;

import io.tandem.common.wire.dhcp4.Option4;

/**
 * One compiled entry of Kea's {@code option-data} at some level of a {@code Dhcp4} configuration.
 *
 * @param option     the option as it goes on the wire
 * @param alwaysSend Kea's {@code always-send}: sent even when the client's Parameter Request List
 *                   (option 55) does not ask for it
 * @param neverSend  Kea's {@code never-send}: this option code is not sent from this level nor from
 *                   any less specific one, whatever the client asks; it takes precedence over
 *                   {@code always-send} (which is then false), and the option's value does not matter
 */
public record ConfiguredOption4(Option4 option, boolean alwaysSend, boolean neverSend) {
    public ConfiguredOption4 {
        alwaysSend = alwaysSend && !neverSend;
    }

    public int code() {
        return option.code();
    }
}
