package io.tandem.common.lease;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A lease file in Kea's memfile layout, open for appending: the file is append-only, every change
 * of a lease is a new row, and compaction (Kea's LFC) replaces the file with one row per live
 * lease. {@link #open} opens one for either family, given its {@link LeaseCsv}.
 *
 * <h2>Durability</h2>
 * {@link #append} writes a whole batch with one {@code write(2)} on a file opened with
 * {@code O_APPEND}, and returns only when the kernel has it: a crash of the process after
 * {@code append} returns loses nothing. {@link #sync} forces the file to the disk
 * ({@code fdatasync}) for power-loss durability; it is the caller's to batch. An append that
 * fails part way (a full disk) is cut back off the file, so the file holds whole rows only. A
 * row that a crash or a power loss cut short is reported by {@link #load} and skipped; the next
 * append starts on a new line, so it is not glued to the torn one. Damaged rows stay in the file
 * until the next compaction, which writes only the leases the daemon holds.
 *
 * <h2>Threads</h2>
 * All methods may be called from any thread. Appends are serialised by one lock. A compaction
 * holds that lock only for its last step (writing the rows appended while it ran, an
 * {@code fsync} of that tail, the rename and a directory {@code fsync}); meanwhile appends go on
 * into the old file and are also remembered, so no appended row is lost whatever the timing. Two
 * compactions never overlap. An interrupted thread's append fails (the JDK closes an interrupted
 * file channel); the next append reopens the file.
 *
 * @param <L> the lease record
 */
public final class LeaseFile<L extends Lease> implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(LeaseFile.class);
    private static final DateTimeFormatter DAMAGED_SUFFIX = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final Path file;
    private final LeaseCsv<L> csv;
    /** Held by every append and by the last step of a compaction; guards the fields below it. */
    private final ReentrantLock appendLock = new ReentrantLock();
    /** Held for the whole of a compaction. */
    private final ReentrantLock compactionLock = new ReentrantLock();
    private FileChannel channel;
    /** The column order of rows appended to the current file: its own header's. */
    private CsvHeader layout;
    /** The file does not end with a line end (a row was cut short), so the next write starts one. */
    private boolean startsMidLine;
    /** The length of the file {@link #channel} appends to: where a failed append is cut back to. */
    private long length;
    /** While a compaction runs: every row appended since it started. */
    private List<L> appendedDuringCompaction;
    private boolean closed;

    private LeaseFile(Path file, LeaseCsv<L> csv, CsvHeader layout) {
        this.file = file;
        this.csv = csv;
        this.layout = layout;
    }

    /**
     * Reads every row of a lease file, in file order, as Kea's loader does: a row that does not
     * parse is skipped and reported with its line number and why (a last row without its line
     * end says it was cut short); blank lines are skipped. A first line that is not a lease file
     * header of this family is reported too, and the rows after it are read in Kea 2.2's layout.
     * A missing or empty file holds no leases.
     */
    public static <L extends Lease> LoadedLeases<L> load(Path file, LeaseCsv<L> csv) throws IOException {
        List<L> leases = new ArrayList<>();
        List<LoadedLeases.Problem> problems = read(file, csv, leases::add);
        return new LoadedLeases<>(leases, problems);
    }

    /**
     * Reads the file as {@link #load} does, but hands each row that parses to {@code rows} as it
     * is read instead of keeping them all: a daemon fills its tables from a file of a million rows
     * without holding the rows that later ones replace. Returns the lines skipped.
     */
    public static <L extends Lease> List<LoadedLeases.Problem> read(Path file, LeaseCsv<L> csv, Consumer<? super L> rows)
            throws IOException {
        long started = System.nanoTime();
        RowReader<L> reader = new RowReader<>(csv, rows);
        LineReader.forEachLine(file, reader);
        LOG.info("LEASE_FILE_READ {}: {} rows taken in {} ms ({} lines skipped)", file, reader.leases,
                (System.nanoTime() - started) / 1_000_000, reader.problems.size());
        List<LoadedLeases.Problem> problems = reader.problems;
        int last = problems.size() - 1;
        if (last >= 0 && problems.get(last).line() == reader.lastLine && Files.exists(file) && endsMidLine(file)) {
            LoadedLeases.Problem cut = problems.get(last);
            problems.set(last, new LoadedLeases.Problem(cut.line(), cut.message()
                    + "; the file ends inside this line (a write cut short)"));
        }
        return problems;
    }

    /**
     * Opens a lease file for appending, creating it with Kea 2.2's header if it is missing or
     * empty. Rows are appended in the layout of the file's own header, so that a file written by
     * Kea 2.4 or later (with {@code pool_id}) stays consistent. A file whose header lacks a
     * column Kea 2.2 writes (a file from an older Kea) is first rewritten under Kea 2.2's header
     * with all its readable rows, as Kea converts such a file when it starts. So is a file whose
     * first line is not a lease file header of this family (damaged, or another family's file),
     * after a copy of it is kept beside it as {@code <name>.damaged-<UTC time>}.
     */
    public static <L extends Lease> LeaseFile<L> open(Path file, LeaseCsv<L> csv) throws IOException {
        Optional<FirstLine> first = firstLine(file);
        Optional<CsvHeader> existing = first.flatMap(line -> line.header(csv));
        if (first.isPresent() && existing.isEmpty()) {
            Path copy = file.resolveSibling(file.getFileName() + ".damaged-" + DAMAGED_SUFFIX.format(Instant.now()));
            Files.copy(file, copy);
            LoadedLeases<L> old = rewrite(file, csv);
            LOG.warn("LEASE_FILE_REWRITTEN {}: line {} is not a lease file header of this family; kept the file as {} "
                    + "and rewrote its {} readable rows under '{}' ({} lines skipped)", file, first.get().number(),
                    copy, old.leases().size(), csv.keaHeader(), old.problems().size());
            existing = Optional.of(csv.keaHeader());
        } else if (existing.isPresent() && !existing.get().columns().containsAll(csv.keaHeader().columns())) {
            LoadedLeases<L> old = rewrite(file, csv);
            LOG.warn("LEASE_FILE_UPGRADED {}: header '{}' lacked columns that Kea 2.2 writes; rewrote its {} rows "
                    + "under '{}' ({} unreadable rows dropped)", file, existing.get(), old.leases().size(),
                    csv.keaHeader(), old.problems().size());
            existing = Optional.of(csv.keaHeader());
        }
        LeaseFile<L> leaseFile = new LeaseFile<>(file, csv, existing.orElse(csv.keaHeader()));
        leaseFile.appendLock.lock();
        try {
            // Opened now, so that a file that cannot be written is found at start.
            leaseFile.channel();
            if (existing.isEmpty()) {
                leaseFile.writeLines(new StringBuilder(csv.keaHeader().line()).append('\n'));
            }
        } finally {
            leaseFile.appendLock.unlock();
        }
        return leaseFile;
    }

    /** Replaces {@code file} with Kea 2.2's header and its readable rows; returns what was read. */
    private static <L extends Lease> LoadedLeases<L> rewrite(Path file, LeaseCsv<L> csv) throws IOException {
        LoadedLeases<L> old = load(file, csv);
        try (ReplacementFile<L> replacement = new ReplacementFile<>(file, csv)) {
            replacement.write(old.leases());
            replacement.commit();
        }
        return old;
    }

    public Path path() {
        return file;
    }

    /**
     * Appends a batch of rows with one {@code write(2)}; when this returns, a crash of the
     * process cannot lose them. On an {@link IOException} (a full disk) what was written of the
     * batch is cut off again, so the file ends with its last whole row; the caller must treat the
     * whole batch as not recorded. Should even that fail, the next append starts on a new line
     * and {@link #load} skips the torn row.
     */
    public void append(List<? extends L> leases) throws IOException {
        if (leases.isEmpty()) {
            return;
        }
        appendLock.lock();
        try {
            StringBuilder lines = new StringBuilder(leases.size() * 192);
            for (L lease : leases) {
                lines.append(csv.encode(lease, layout)).append('\n');
            }
            writeLines(lines);
            if (appendedDuringCompaction != null) {
                appendedDuringCompaction.addAll(leases);
            }
        } finally {
            appendLock.unlock();
        }
    }

    /**
     * Forces every row appended so far to the disk ({@code fdatasync}). Appends are not held up
     * while it runs; rows they add may or may not be included.
     */
    public void sync() throws IOException {
        while (true) {
            FileChannel current;
            appendLock.lock();
            try {
                current = channel();
            } finally {
                appendLock.unlock();
            }
            try {
                current.force(false);
                return;
            } catch (ClosedChannelException e) {
                if (!replacedSince(current)) {
                    throw e;
                }
                // A compaction replaced the file and synced it; sync the appends made since.
            }
        }
    }

    /**
     * Replaces the file with Kea 2.2's header and one row per lease that {@code live} returns
     * (Kea's lease file cleanup), followed by the rows appended while the new file was being
     * written, and goes on appending to the new file. The new file is written beside the old one
     * as {@code <name>.new}, forced to the disk and renamed over it, so a crash at any point
     * leaves either the complete old file or the complete new one.
     *
     * <p>{@code live} is called once, without any lock of this file held, and must include every
     * row whose {@link #append} returned before it was called: for example the engine updates its
     * lease table and appends under one lock of its own, and {@code live} copies the table under
     * that lock. Rows appended after that are carried over by this method; a row both in
     * {@code live} and carried over is harmless, since the later row of a binding wins.
     */
    public void compact(Supplier<? extends Collection<? extends L>> live) throws IOException {
        compactionLock.lock();
        try {
            setRecording(true);
            try {
                compactWhileRecording(live);
            } finally {
                setRecording(false);
            }
        } finally {
            compactionLock.unlock();
        }
    }

    private void compactWhileRecording(Supplier<? extends Collection<? extends L>> live) throws IOException {
        int liveRows;
        int carriedOver;
        try (ReplacementFile<L> replacement = new ReplacementFile<>(file, csv)) {
            Collection<? extends L> leases = live.get();
            liveRows = leases.size();
            replacement.write(leases);
            replacement.force();
            appendLock.lock();
            try {
                ensureNotClosed();
                carriedOver = appendedDuringCompaction.size();
                replacement.write(appendedDuringCompaction);
                try {
                    replacement.commit();
                } finally {
                    if (replacement.renamed()) {
                        // From here on the old file is gone: appends must go to the new one.
                        layout = csv.keaHeader();
                        closeChannel();
                        channel();
                    }
                }
            } finally {
                appendLock.unlock();
            }
        }
        LOG.info("LEASE_FILE_COMPACTED {}: {} live rows and {} rows appended meanwhile", file, liveRows, carriedOver);
    }

    /** Forces what was appended to the disk and closes the file; later appends fail. */
    @Override
    public void close() throws IOException {
        appendLock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            if (channel != null && channel.isOpen()) {
                try {
                    channel.force(false);
                } finally {
                    closeChannel();
                }
            }
        } finally {
            appendLock.unlock();
        }
    }

    /**
     * The leases the rows leave: the last row of each {@link Lease#binding()}, without the bindings
     * whose last row has a valid lifetime of 0 (a release or deletion), in the order of those last
     * rows. This is Kea's rule for loading a lease file, with v6 bindings told apart as
     * {@link Lease6#binding()} says.
     */
    public static <L extends Lease> List<L> latestPerBinding(List<L> rows) {
        return latest(rows, Lease::binding);
    }

    /** The last row of every key, without the keys whose last row is a release: Kea's rule, for any key. */
    static <L extends Lease, K> List<L> latest(List<L> rows, Function<L, K> key) {
        Map<K, L> latest = new LinkedHashMap<>();
        for (L row : rows) {
            K rowKey = key.apply(row);
            latest.remove(rowKey);
            if (!row.isRelease()) {
                latest.put(rowKey, row);
            }
        }
        return List.copyOf(latest.values());
    }

    private void setRecording(boolean recording) {
        appendLock.lock();
        try {
            appendedDuringCompaction = recording ? new ArrayList<>() : null;
        } finally {
            appendLock.unlock();
        }
    }

    private boolean replacedSince(FileChannel previous) {
        appendLock.lock();
        try {
            return !closed && channel != previous;
        } finally {
            appendLock.unlock();
        }
    }

    private void ensureNotClosed() {
        if (closed) {
            throw new IllegalStateException("lease file " + file + " is closed");
        }
    }

    /** The open append channel, reopened after a failure; call with {@link #appendLock} held. */
    private FileChannel channel() throws IOException {
        ensureNotClosed();
        if (channel == null || !channel.isOpen()) {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
            startsMidLine = endsMidLine(file);
            length = channel.size();
        }
        return channel;
    }

    private void closeChannel() throws IOException {
        FileChannel previous = channel;
        channel = null;
        if (previous != null) {
            previous.close();
        }
    }

    /**
     * Writes whole lines with one {@code write(2)}, or, when that fails, leaves the file as it
     * was; call with {@link #appendLock} held.
     */
    private void writeLines(StringBuilder lines) throws IOException {
        FileChannel out = channel();
        if (startsMidLine) {
            lines.insert(0, '\n');
        }
        ByteBuffer bytes = StandardCharsets.UTF_8.encode(CharBuffer.wrap(lines));
        try {
            Durable.writeFully(out, bytes);
        } catch (IOException e) {
            cutBack(out, e);
            throw e;
        }
        length += bytes.limit();
        startsMidLine = false;
    }

    /**
     * After a failed write: truncates what it left (a write cut short by a full disk leaves part
     * of a row). If that fails too, the channel is closed, and the next write reopens the file and
     * starts a new line after the torn row.
     */
    private void cutBack(FileChannel out, IOException failure) {
        try {
            out.truncate(length);
        } catch (IOException truncateFailed) {
            failure.addSuppressed(truncateFailed);
            try {
                closeChannel();
            } catch (IOException closeFailed) {
                failure.addSuppressed(closeFailed);
            }
        }
    }

    private static boolean endsMidLine(Path file) throws IOException {
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = in.size();
            if (size == 0) {
                return false;
            }
            ByteBuffer last = ByteBuffer.allocate(1);
            return in.read(last, size - 1) == 1 && last.get(0) != '\n';
        }
    }

    /** The first non-blank line of a file, where its header should be. */
    private record FirstLine(long number, String text) {
        /** The header it is, or empty when it is not a lease file header of {@code csv}'s family. */
        Optional<CsvHeader> header(LeaseCsv<?> csv) {
            try {
                return Optional.of(parseHeader(text, csv));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
    }

    /** The first non-blank line of an existing file; empty if the file is missing or has none. */
    private static Optional<FirstLine> firstLine(Path file) throws IOException {
        List<FirstLine> found = new ArrayList<>(1);
        LineReader.forEachLine(file, (number, bytes, from, to) -> {
            if (from == to) {
                return true;
            }
            found.add(new FirstLine(number, LineReader.text(bytes, from, to)));
            return false;
        });
        return found.stream().findFirst();
    }

    /** {@link IllegalArgumentException} says why {@code line} is not a lease file header of {@code csv}'s family. */
    private static CsvHeader parseHeader(String line, LeaseCsv<?> csv) {
        CsvHeader header = CsvHeader.parse(line);
        csv.checkHeader(header);
        return header;
    }

    /** Reads rows after the header, collecting leases and problems. */
    private static final class RowReader<L extends Lease> implements LineReader.LineVisitor {
        /** How much of a line that is not a header a problem quotes. */
        private static final int QUOTED_LENGTH = 60;

        private final LeaseCsv<L> csv;
        private final Consumer<? super L> rows;
        private final List<LoadedLeases.Problem> problems = new ArrayList<>();
        /** Reads the rows under the file's header, once that is read. */
        private CsvRow row;
        private long lastLine;
        private long leases;

        RowReader(LeaseCsv<L> csv, Consumer<? super L> rows) {
            this.csv = csv;
            this.rows = rows;
        }

        @Override
        public boolean visit(long number, byte[] bytes, int from, int to) {
            lastLine = number;
            if (from == to) {
                return true;
            }
            if (row == null) {
                String line = LineReader.text(bytes, from, to);
                CsvHeader header;
                try {
                    header = parseHeader(line, csv);
                } catch (IllegalArgumentException e) {
                    header = csv.keaHeader();
                    problems.add(new LoadedLeases.Problem(number, "not a lease file header (" + e.getMessage()
                            + "): '" + quoted(line) + "'; the rows after it are read in Kea 2.2's layout"));
                }
                row = csv.rowReader(header);
                return true;
            }
            L lease;
            try {
                lease = csv.read(row.read(bytes, from, to));
            } catch (IllegalArgumentException e) {
                problems.add(new LoadedLeases.Problem(number, e.getMessage()));
                return true;
            }
            leases++;
            rows.accept(lease);
            return true;
        }

        private static String quoted(String line) {
            return line.length() <= QUOTED_LENGTH ? line : line.substring(0, QUOTED_LENGTH) + "...";
        }
    }
}
