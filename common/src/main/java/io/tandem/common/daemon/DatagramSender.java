package io.tandem.common.daemon;

import io.netty.channel.Channel;
import io.netty.channel.socket.DatagramPacket;

/**
 * Sends datagrams on one channel so that those sent from its event loop during one turn of the
 * loop leave with one flush, after the turn's reads: on epoll one {@code sendmmsg} for all of
 * them, not one {@code sendmsg} each. From another thread a datagram is flushed at once.
 */
public final class DatagramSender {
    private final Channel channel;
    /** A flush is queued on the event loop; touched on the event loop only. */
    private boolean flushQueued;

    public DatagramSender(Channel channel) {
        this.channel = channel;
    }

    public void send(DatagramPacket packet) {
        if (!channel.eventLoop().inEventLoop()) {
            channel.writeAndFlush(packet);
            return;
        }
        channel.write(packet);
        if (!flushQueued) {
            flushQueued = true;
            channel.eventLoop().execute(this::flush);
        }
    }

    private void flush() {
        flushQueued = false;
        channel.flush();
    }
}
