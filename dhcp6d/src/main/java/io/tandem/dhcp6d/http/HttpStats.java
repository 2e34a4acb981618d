package io.tandem.dhcp6d.http;

/**
 * What the HTTP listener did since it started.
 *
 * @param requests      requests read, good or bad
 * @param openStreams   event streams open now
 * @param streamsCutOff event streams disconnected because their reader stopped reading
 * @param bootFilesSent boot files sent to the end
 */
public record HttpStats(long requests, int openStreams, long streamsCutOff, long bootFilesSent) {
}
