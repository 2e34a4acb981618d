package io.tandem.dhcp6d.kea;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The UDP sockets of the scripted relay and the direct clients, which live inside the clients'
 * namespace: this side of the line protocol of {@link NetnsSockets}, which runs there as a child process.
 */
final class RelaySockets implements AutoCloseable {
    /** One socket of the helper, by its number and the port it is bound to. */
    record Socket(int id, int port) {
    }

    /** A datagram that arrived on {@code socket} from {@code [source]:sourcePort}. */
    record Received(Socket socket, String source, int sourcePort, byte[] datagram) {
    }

    private final Process process;
    private final PrintStream commands;
    private final BufferedReader answers;

    private RelaySockets(Process process) {
        this.process = process;
        this.commands = new PrintStream(process.getOutputStream(), true, StandardCharsets.US_ASCII);
        this.answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII));
    }

    static RelaySockets start(Netns netns, Path stderr) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        String classes;
        try {
            classes = Path.of(NetnsSockets.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
        Process process = new ProcessBuilder(netns.execClients(java, "-XX:TieredStopAtLevel=1", "-cp", classes,
                NetnsSockets.class.getName())).redirectError(stderr.toFile()).start();
        RelaySockets sockets = new RelaySockets(process);
        String hello = sockets.answers.readLine();
        if (!"ready".equals(hello)) {
            sockets.close();
            throw new IOException("the socket helper did not start: " + hello);
        }
        return sockets;
    }

    private String call(String command) throws IOException {
        commands.println(command);
        String answer = answers.readLine();
        if (answer == null) {
            throw new IOException("the socket helper ended");
        }
        if (answer.startsWith("error")) {
            throw new IOException(command.split(" ")[0] + ": " + answer);
        }
        return answer;
    }

    Socket open(String address, int port) throws IOException {
        String[] words = call("open " + address + " " + port).split(" ");
        return new Socket(Integer.parseInt(words[1]), Integer.parseInt(words[2]));
    }

    void send(Socket from, String destination, int port, byte[] datagram) throws IOException {
        call("send " + from.id() + " " + destination + " " + port + " " + HexFormat.of().formatHex(datagram));
    }

    /** The next datagram on any of {@code sockets}, waiting at most {@code timeout}. */
    Optional<Received> receive(Duration timeout, List<Socket> sockets) throws IOException {
        String answer = call("recv " + timeout.toMillis() + " "
                + sockets.stream().map(socket -> Integer.toString(socket.id())).collect(Collectors.joining(",")));
        if (answer.equals("timeout")) {
            return Optional.empty();
        }
        String[] words = answer.split(" ");
        int id = Integer.parseInt(words[1]);
        Socket socket = sockets.stream().filter(candidate -> candidate.id() == id).findFirst().orElseThrow();
        return Optional.of(new Received(socket, words[2], Integer.parseInt(words[3]),
                words.length > 4 ? HexFormat.of().parseHex(words[4]) : new byte[0]));
    }

    Optional<Received> receive(Duration timeout, Socket... sockets) throws IOException {
        return receive(timeout, Arrays.asList(sockets));
    }

    @Override
    public void close() {
        commands.close();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
