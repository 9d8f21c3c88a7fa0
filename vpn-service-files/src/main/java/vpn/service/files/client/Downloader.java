package vpn.service.files.client;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import vpn.api.service.Progress;
import vpn.service.files.protocol.FilesMessage;
import vpn.service.files.protocol.FilesMessage.Ack;
import vpn.service.files.protocol.FilesMessage.Cancel;
import vpn.service.files.protocol.FilesMessage.Data;
import vpn.service.files.protocol.FilesMessage.End;
import vpn.service.files.protocol.FilesMessage.Failed;
import vpn.service.files.protocol.FilesMessage.FileInfo;
import vpn.service.files.protocol.FilesMessage.Get;
import vpn.service.files.protocol.FilesMessage.Ok;
import vpn.service.files.protocol.FilesProtocol;
import vpn.service.files.protocol.Reason;
import vpn.service.files.storage.Sha256;

/**
 * {@code vpn get}'s transfer of one file: GET, then the data as it comes, written, hashed and
 * acknowledged now and then on the connection's reader thread ({@link Receiving}); at
 * END the sizes and SHA-256s are compared before the file takes its name, and the verdict goes
 * back to the server.
 */
final class Downloader {

    private final FilesConnection connection;
    private final Output output;

    Downloader(FilesConnection connection, Output output) {
        this.connection = connection;
        this.output = output;
    }

    /**
     * Fetches {@code remote} into {@code target}.
     *
     * @return the file's SHA-256
     * @throws TransferException if the server refused or the transfer failed; the session goes on
     * @throws IOException if the session failed (a partial file stays for {@code --resume})
     */
    byte[] get(String remote, LocalTarget target, boolean force, boolean resume) throws IOException, TransferException {
        int id = connection.newId();
        long have = 0;
        MessageDigest digest;
        try {
            have = resume ? target.resumeOffset() : 0;
            digest = have > 0 ? target.resumeDigest() : Sha256.digest();
        } catch (IOException e) {
            target.discard();
            throw TransferException.failed("cannot read " + target.typed() + ": " + e.getMessage());
        }
        Receiving receiving = new Receiving(id);
        connection.route(id, receiving);
        try {
            connection.send(new Get(id, resume, have, Sha256.peek(digest), remote));
            FileInfo info = switch (connection.next(id)) {
                case FileInfo f -> f;
                case Failed f -> {
                    if (have == 0) {
                        target.discard();
                    }
                    throw TransferException.from(f);
                }
                case FilesMessage other -> throw FilesConnection.unexpected(other, "a GET");
            };
            if (info.offset() != 0 && info.offset() != have) {
                throw FilesConnection.unexpected(info, "a GET (at an offset not asked for)");
            }
            if (info.offset() == 0) {
                digest = Sha256.digest();
            }
            try {
                target.startAt(info.offset());
            } catch (IOException e) {
                throw cancel(id, receiving, target, e);
            }
            try (Progress progress = output.progress(remote, info.size())) {
                progress.advance(info.offset());
                receiving.start(target, digest, progress, info.offset());
                while (true) {
                    FilesMessage message;
                    try {
                        message = connection.next(id);
                    } catch (FilesConnection.LocalFailure e) {
                        throw cancel(id, receiving, target, e.failure());
                    }
                    if (message instanceof End end) {
                        // The reader thread took every DATA before it queued the END.
                        return verify(id, target, end, receiving.received, receiving.digest.digest(), force);
                    } else if (message instanceof Failed failed) {
                        target.discard();
                        throw TransferException.from(failed);
                    } else {
                        throw FilesConnection.unexpected(message, "a GET's data");
                    }
                }
            }
        } finally {
            receiving.drop();
            connection.unroute(id);
        }
    }

    /**
     * A download's DATA, taken on the connection's reader thread as they arrive: written, hashed,
     * counted and acknowledged there. Handing each 64 KiB chunk to a writing thread and then to a
     * hashing one cost more CPU than it saved (docs/performance.md, "Files"). The reader waits at
     * the first DATA until {@link #start} (the FILE answer is handled first) or {@link #drop}.
     */
    private final class Receiving implements FilesConnection.DataHandler {

        /** How long the reader waits for the transfer to start before it gives up on its data. */
        private static final Duration START_WITHIN = Duration.ofSeconds(30);

        private final int id;
        /** True once started, false if the data are to be dropped. */
        private final CompletableFuture<Boolean> started = new CompletableFuture<>();
        // Set by start() before it completes "started"; the reader thread's own afterwards.
        private LocalTarget target;
        private MessageDigest digest;
        private Progress progress;
        private long received;
        private long acknowledged;
        private long lastAck;

        Receiving(int id) {
            this.id = id;
        }

        void start(LocalTarget target, MessageDigest digest, Progress progress, long offset) {
            this.target = target;
            this.digest = digest;
            this.progress = progress;
            this.received = offset;
            this.acknowledged = offset;
            this.lastAck = System.nanoTime();
            started.complete(true);
        }

        /** Whatever comes now is not written (the transfer failed or ended). */
        void drop() {
            started.complete(false);
        }

        @Override
        public void handle(Data data) throws IOException {
            if (!awaitStart()) {
                return;
            }
            target.write(data.array(), data.offset(), data.length());
            digest.update(data.array(), data.offset(), data.length());
            received += data.length();
            progress.advance(data.length());
            if (received - acknowledged >= FilesProtocol.ACK_EVERY_BYTES
                    || Duration.ofNanos(System.nanoTime() - lastAck).compareTo(FilesProtocol.ACK_EVERY) >= 0) {
                connection.send(new Ack(id, received));
                acknowledged = received;
                lastAck = System.nanoTime();
            }
        }

        private boolean awaitStart() throws IOException {
            try {
                return started.get(START_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for the download to start");
            } catch (ExecutionException | TimeoutException e) {
                throw new IOException("the download did not start within " + START_WITHIN.toSeconds() + " s");
            }
        }
    }

    private byte[] verify(int id, LocalTarget target, End end, long received, byte[] ours, boolean force)
            throws IOException, TransferException {
        if (end.size() != received || !MessageDigest.isEqual(ours, end.digest())) {
            String text = "the SHA-256 of " + target.typed() + " as received differs from the server's (" + received
                    + " bytes received, " + end.size() + " sent); "
                    + (target.standardOutput() ? "the data written to standard output is not the file" : "nothing was kept");
            target.discard();
            connection.send(new Failed(id, Reason.CHECKSUM_MISMATCH, text));
            throw TransferException.failed(text);
        }
        try {
            target.commit(force);
        } catch (FileAlreadyExistsException e) {
            String text = target.typed() + " exists (--force replaces it)";
            connection.send(new Failed(id, Reason.EXISTS, text));
            throw TransferException.refused(text);
        } catch (IOException e) {
            target.discard();
            String text = "cannot write " + target.typed() + ": " + e.getMessage() + "; nothing was kept";
            connection.send(new Failed(id, Reason.WRITE_FAILED, text));
            throw TransferException.failed(text);
        }
        connection.send(new Ok(id));
        return ours;
    }

    /**
     * This side cannot go on (its disk is full): the server is told to stop, the partial file is
     * deleted, and what the server sent meanwhile is read up to its END or FAILED.
     */
    private TransferException cancel(int id, Receiving receiving, LocalTarget target, IOException cause)
            throws IOException {
        receiving.drop();
        target.discard();
        connection.send(new Cancel(id));
        while (true) {
            FilesMessage message = connection.next(id);
            if (message instanceof End || message instanceof Failed) {
                break;
            }
        }
        if (!(cause instanceof java.io.InterruptedIOException) && !target.standardOutput()) {
            return TransferException.failed("cannot write " + target.typed() + ": " + cause.getMessage()
                    + "; nothing was kept");
        }
        return TransferException.failed("cannot write to standard output: " + cause.getMessage());
    }
}
