package vpn.core.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import vpn.core.transport.Transport;

/**
 * A {@link Transport} double that never waits, for fuzzing: the peer's writes are fixed in advance
 * and delivered in segments of a given size, a read never spanning two writes. A peer in lockstep
 * (as the clients are during the handshake) sends its next write only once this side has written
 * something since the last one arrived whole: a read before that times out, at once, where the real
 * peer would leave it waiting. After the last write, the end of the stream or a read timeout, at
 * once. What this side writes is only counted.
 *
 * <p>As a fuzz input ({@link #parse}): {@code segment (u8) || flags (u8) || (length (u16) || bytes)*},
 * where a segment of 0 delivers each write whole; flag bit 0 ends with a timeout instead of the end
 * of the stream; bit 1 makes the peer send its writes back to back, not in lockstep; a last write
 * shorter than its length is taken as it is. Every byte string is a valid input.
 */
public final class ScriptedTransport implements Transport {

    private final List<byte[]> writes;
    private final int segment;
    private final boolean timeoutAtEnd;
    private final boolean lockstep;
    private int index;
    private int offset;
    /** Whether this side wrote since the peer's current write began. */
    private boolean answered;
    private long bytesWritten;
    private boolean closed;

    public ScriptedTransport(List<byte[]> writes, int segment, boolean timeoutAtEnd, boolean lockstep) {
        this.writes = List.copyOf(writes);
        this.segment = segment;
        this.timeoutAtEnd = timeoutAtEnd;
        this.lockstep = lockstep;
    }

    /** The transport a fuzz input describes (see the class comment). */
    public static ScriptedTransport parse(byte[] input) {
        int segment = input.length > 0 ? input[0] & 0xff : 0;
        boolean timeoutAtEnd = input.length > 1 && (input[1] & 1) != 0;
        boolean lockstep = input.length < 2 || (input[1] & 2) == 0;
        List<byte[]> writes = new ArrayList<>();
        int at = 2;
        while (at < input.length) {
            int length = at + 1 < input.length ? (input[at] & 0xff) << 8 | (input[at + 1] & 0xff) : 0;
            at = Math.min(input.length, at + 2);
            int end = Math.min(input.length, at + length);
            writes.add(java.util.Arrays.copyOfRange(input, at, end));
            at = end;
        }
        return new ScriptedTransport(writes, segment, timeoutAtEnd, lockstep);
    }

    /** The fuzz input for these writes, from a peer in lockstep: the inverse of {@link #parse}, for seeds. */
    public static byte[] encode(int segment, boolean timeoutAtEnd, List<byte[]> writes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(segment);
        out.write(timeoutAtEnd ? 1 : 0);
        for (byte[] write : writes) {
            if (write.length > 0xffff) {
                throw new IllegalArgumentException("a write of " + write.length + " bytes");
            }
            out.write(write.length >>> 8);
            out.write(write.length);
            out.writeBytes(write);
        }
        return out.toByteArray();
    }

    @Override
    public int read(byte[] buffer, int at, int length, Duration timeout) throws IOException {
        if (closed) {
            throw new IOException("read after close");
        }
        while (index < writes.size() && offset == writes.get(index).length) {
            if (lockstep && !answered && index + 1 < writes.size()) {
                throw new SocketTimeoutException("the peer waits for an answer");
            }
            index++;
            offset = 0;
            answered = false;
        }
        if (index == writes.size()) {
            if (timeoutAtEnd) {
                throw new SocketTimeoutException("nothing within " + timeout);
            }
            return -1;
        }
        byte[] write = writes.get(index);
        int n = Math.min(length, write.length - offset);
        if (segment > 0) {
            n = Math.min(n, segment);
        }
        System.arraycopy(write, offset, buffer, at, n);
        offset += n;
        return n;
    }

    @Override
    public void write(byte[] message) throws IOException {
        if (closed) {
            throw new IOException("write after close");
        }
        bytesWritten += message.length;
        answered = true;
    }

    /** The bytes this side wrote. */
    public long bytesWritten() {
        return bytesWritten;
    }

    @Override
    public String peer() {
        return "127.0.0.1:40000";
    }

    @Override
    public void close() {
        closed = true;
    }
}
