package vpn.core.secure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Timeout;
import vpn.api.AeadCipher;
import vpn.api.CipherProvider;
import vpn.api.Direction;
import vpn.api.SessionCipher;
import vpn.core.Limits;
import vpn.core.ProtocolException;
import vpn.core.ProtocolException.Reason;
import vpn.core.negotiation.CipherSuite;
import vpn.core.testing.ScriptedTransport;
import vpn.core.testing.Vectors;
import vpn.core.transport.MessageReader;

/**
 * Fuzzes what a secure-mode server reads after the key exchange: the record layer's open path
 * through {@link SecureChannel} (frames, tags, CBC padding, the limits), and the handshake
 * messages' decoders.
 *
 * <p>{@link #records} builds its stream from operations the input describes (a record sealed by
 * the specification, a CBC record with any plaintext under a valid tag, raw bytes, a change to the
 * last frame), so that the fuzzer reaches what lies behind the tag; the stream arrives in segments
 * of any size. The sealing here is written from docs/protocol-secure.md (sections 5 and 5a), not
 * from the implementation, so the test is also a second implementation: as long as every record
 * is well formed under a valid tag, what the channel delivers, or the reason it refuses, must be
 * what the specification says. Past the first malformed byte, anything but a message or a {@link
 * ProtocolException} is a failure, and the reader never holds more than one record's limit.
 */
class SecureInputFuzzTest {

    /** Never reached: the transport answers every read at once, and the clock is not the model's. */
    private static final Limits LIMITS = Limits.DEFAULT.withHandshakeTimeout(Duration.ofHours(1))
            .withIdleTimeout(Duration.ofHours(1));
    /** Reads per input at most: segments grow with the stream, so that every input runs fast. */
    private static final int MAX_READS = 1 << 15;
    /** A 128-bit block, a 64-bit block, a byte-wise cipher, an AEAD: each, at its largest key. */
    private static final List<CipherProvider> CIPHERS = List.of(Vectors.provider("AES"),
            Vectors.provider("Blowfish"), Vectors.provider("XOR"), Vectors.provider("AES-GCM"));
    private static final byte[] SECRET = new byte[32];
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    /** Enough for two epochs of a 64-bit block cipher (2^16 blocks each), little enough to stay fast. */
    private static final int MAX_STREAM = 1 << 20;
    private static final int[] TYPES = {SecureProtocol.DATA, SecureProtocol.CLOSE, SecureProtocol.SERVICE,
        SecureProtocol.USER_AUTH};

    static {
        for (int i = 0; i < SECRET.length; i++) {
            SECRET[i] = (byte) i;
        }
    }

    /** What receiving one record gives: a message, a parsed handshake record, the end, or a refusal. */
    private sealed interface Outcome {
    }

    private record Message(byte[] bytes) implements Outcome {
        @Override
        public boolean equals(Object other) {
            return other instanceof Message message && Arrays.equals(bytes, message.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "Message[" + bytes.length + " bytes: "
                    + java.util.HexFormat.of().formatHex(bytes, 0, Math.min(bytes.length, 24)) + "...]";
        }
    }

    private record Parsed(String what) implements Outcome {
    }

    private record End() implements Outcome {
    }

    private record Refused(Reason reason) implements Outcome {
    }

    /**
     * Input: {@code cipher (u8) || segment (u8) || flags (u8) || operations}; flag bit 0 ends the
     * stream with a timeout, bit 1 reads with {@code receiveRecord} and decodes the service request
     * and the user authentication, as the handshake does, instead of {@code receive}, and bit 2
     * (without bit 1) receives into one reused buffer, as a download does, with the same outcomes. A record's
     * length is one byte below 0xf8, or 0xf8 and more then three bytes for the largest ones, so that
     * most records are small and the fuzzer runs fast.
     *
     * <p>The stream is then read a second time, the same way, to measure what reading it allocated
     * once the classes it needed are loaded: a few copies of each record, nothing in proportion to
     * the square of a record or to a length field.
     */
    @FuzzTest
    @Timeout(10)
    void records(byte[] input) throws Exception {
        Cursor in = new Cursor(input);
        CipherProvider provider = CIPHERS.get(in.u8() % CIPHERS.size());
        int segment = in.u8();
        int flags = in.u8();
        boolean asHandshake = (flags & 2) != 0;
        Sealer sealer = new Sealer(provider);
        Stream stream = new Stream();
        while (in.remaining() > 0 && stream.size() < MAX_STREAM) {
            switch (in.u8() % 4) {
                case 0 -> {
                    int type = in.u8();
                    type = type < 0xf0 ? TYPES[type % TYPES.length] : type;
                    byte[] data = in.cyclic(in.length(SecureProtocol.MAX_MESSAGE + 2));
                    byte[] frame = sealer.seal(type, data);
                    stream.frame(frame, expected(provider, type, frame, data, null, asHandshake));
                }
                case 1 -> {
                    int type = TYPES[in.u8() % TYPES.length];
                    byte[] plaintext = in.cyclic(in.length(SecureProtocol.MAX_MESSAGE + 3 * 16));
                    Sealer.Crafted crafted = sealer.craft(type, plaintext);
                    stream.frame(crafted.frame(),
                            expected(provider, type, crafted.frame(), crafted.data(), crafted.refusal(), asHandshake));
                }
                case 2 -> stream.raw(in.bytes(in.u16()));
                default -> stream.tamper(in.u8(), in.u16(), in.u24());
            }
        }
        stream.end((flags & 1) != 0 ? Reason.TIMEOUT : Reason.CLOSED);

        if (segment > 0) {
            segment = Math.max(segment, stream.size() / MAX_READS);
        }
        List<Outcome> outcomes = read(provider, stream.bytes(), segment, flags, asHandshake);
        for (int i = 0; i < Math.min(outcomes.size(), stream.expected.size()); i++) {
            assertEquals(stream.expected.get(i), outcomes.get(i), "record " + i);
        }
        assertTrue(outcomes.size() >= stream.expected.size(), "fewer records than sent: " + outcomes);
        long before = THREADS.getCurrentThreadAllocatedBytes();
        read(provider, stream.bytes(), segment, flags, asHandshake);
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
        // A few copies of each record, and a few small objects per read (its deadline, the format's answer).
        long reads = segment == 0 ? outcomes.size() : stream.size() / segment + 1;
        long budget = 8L * stream.size() + 4096L * outcomes.size() + 256 * reads + (2 << 20);
        assertTrue(allocated <= budget, "reading " + stream.size() + " bytes in " + outcomes.size()
                + " records allocated " + allocated);
    }

    /** What a server reading {@code bytes} makes of them, record after record, up to the first end or refusal. */
    private static List<Outcome> read(CipherProvider provider, byte[] bytes, int segment, int flags,
            boolean asHandshake) {
        ScriptedTransport transport = new ScriptedTransport(List.of(bytes), segment, (flags & 1) != 0, false);
        MessageReader reader = new MessageReader(transport, LIMITS);
        SecureChannel channel = new SecureChannel(transport, reader, new CipherSuite(provider.name(), keySize(provider)),
                KeyExchange.X25519, "SHA256:fuzz", provider, new byte[32], SECRET.clone(), RANDOM, new byte[32]);
        int limit = Math.max(512, SecureProtocol.FRAME_HEADER + SecureProtocol.maxRecordPayload(provider.blockSize(),
                provider.aead()) + 1);
        List<Outcome> outcomes = new ArrayList<>();
        byte[] lent = (flags & 4) != 0 && !asHandshake ? new byte[channel.maxMessageBytes()] : null;
        while (true) {
            Outcome outcome = lent != null ? receiveInto(channel, lent) : receive(channel, asHandshake);
            assertTrue(reader.capacity() <= limit, "the reader holds " + reader.capacity() + " bytes");
            outcomes.add(outcome);
            if (outcome instanceof End || outcome instanceof Refused) {
                return outcomes;
            }
        }
    }

    private static Outcome receiveInto(SecureChannel channel, byte[] buffer) {
        try {
            int length = channel.receive(buffer, LIMITS.idleTimeout());
            return length < 0 ? new End() : new Message(Arrays.copyOf(buffer, length));
        } catch (ProtocolException e) {
            return new Refused(e.reason());
        } catch (IOException e) {
            throw new AssertionError("the transport never fails: " + e, e);
        }
    }

    private static Outcome receive(SecureChannel channel, boolean asHandshake) {
        try {
            if (!asHandshake) {
                Optional<byte[]> message = channel.receive(LIMITS.idleTimeout());
                return message.<Outcome>map(Message::new).orElse(new End());
            }
            SecureChannel.Received record = channel.receiveRecord(LIMITS.handshakeTimeout());
            return switch (record.type()) {
                case SecureProtocol.SERVICE -> new Parsed(Handshake.parseServiceRequest(record.data()).toString());
                case SecureProtocol.USER_AUTH -> new Parsed(describe(Handshake.parseUserAuth(record.data())));
                case SecureProtocol.CLOSE -> new End();
                default -> new Message(record.data());
            };
        } catch (ProtocolException e) {
            return new Refused(e.reason());
        } catch (IOException e) {
            throw new AssertionError("the transport never fails: " + e, e);
        }
    }

    /**
     * What the specification says receiving a record gives, in the order the checks come: the frame's
     * length, its type, the record's own form ({@code refusal}; when there is none, it holds
     * {@code data}), the data's length, a Close's emptiness, then what the record carries.
     */
    private static Outcome expected(CipherProvider provider, int type, byte[] frame, byte[] data, Reason refusal,
            boolean asHandshake) {
        if (frame.length - SecureProtocol.FRAME_HEADER > SecureProtocol.maxRecordPayload(provider.blockSize(),
                provider.aead())) {
            return new Refused(Reason.OVERSIZE);
        }
        if (type != SecureProtocol.DATA && type != SecureProtocol.CLOSE && type != SecureProtocol.SERVICE
                && type != SecureProtocol.USER_AUTH) {
            return new Refused(Reason.MALFORMED);
        }
        if (refusal != null) {
            return new Refused(refusal);
        }
        if (data.length > SecureProtocol.MAX_MESSAGE) {
            return new Refused(Reason.OVERSIZE);
        }
        if (type == SecureProtocol.CLOSE) {
            return data.length == 0 ? new End() : new Refused(Reason.MALFORMED);
        }
        if (type == SecureProtocol.DATA) {
            return new Message(data);
        }
        if (!asHandshake) {
            return new Refused(Reason.MALFORMED);
        }
        try {
            return new Parsed(type == SecureProtocol.SERVICE ? Handshake.parseServiceRequest(data).toString()
                    : describe(Handshake.parseUserAuth(data)));
        } catch (ProtocolException e) {
            return new Refused(e.reason());
        }
    }

    private static String describe(Handshake.UserAuth auth) {
        return "UserAuth" + Arrays.toString(auth.publicKeyWire()) + Arrays.toString(auth.signature());
    }

    private static int keySize(CipherProvider provider) {
        return provider.keySizes().stream().max(Integer::compare).orElseThrow();
    }

    /**
     * Input: {@code which (u8) || payload}. Every decoder of a handshake message, the server's and
     * the client's, yields a value or a {@link ProtocolException}; and they are strict: a value
     * decoded encodes back to exactly the bytes it came from.
     */
    @FuzzTest
    @Timeout(10)
    void handshakeMessages(byte[] input) {
        if (input.length == 0) {
            return;
        }
        byte[] payload = Arrays.copyOfRange(input, 1, input.length);
        try {
            switch ((input[0] & 0xff) % 7) {
                case 0 -> {
                    byte[] share = Handshake.parseClientKey(payload);
                    assertArrayEquals(Frames.encode(SecureProtocol.CLIENT_KEY, payload), Handshake.clientKey(share));
                    KeyExchange.X25519.generate(new SecureRandom()).agree(share);
                }
                case 1 -> {
                    ServiceRequest request = Handshake.parseServiceRequest(payload);
                    assertArrayEquals(payload, Handshake.serviceRequest(request.name(), request.version()));
                }
                case 2 -> {
                    Handshake.UserAuth auth = Handshake.parseUserAuth(payload);
                    assertArrayEquals(payload, Handshake.userAuth(auth));
                }
                case 3 -> {
                    Handshake.ServerHello hello = Handshake.parseServerHello(payload);
                    assertArrayEquals(Frames.encode(SecureProtocol.SERVER_HELLO, payload),
                            Handshake.serverHello(hello.suite(), hello.keyExchange(), hello.share()));
                }
                case 4 -> {
                    Handshake.ServiceAnswer answer = Handshake.parseServiceAnswer(payload);
                    if (isUtf8(Arrays.copyOfRange(payload, 3, payload.length))) {
                        assertArrayEquals(payload, Handshake.serviceAnswer(answer));
                    }
                }
                case 5 -> {
                    Handshake.ServerAuth auth = Handshake.parseServerAuth(payload);
                    assertArrayEquals(Frames.encode(SecureProtocol.SERVER_AUTH, payload),
                            Handshake.serverAuth(auth.publicKey(), auth.signature()));
                }
                default -> {
                    var attempt = Frames.format(SecureProtocol.MAX_HANDSHAKE_PAYLOAD).attempt(payload, payload.length);
                    if (attempt instanceof vpn.core.transport.Attempt.Complete<Frames.Frame> complete) {
                        Frames.Frame frame = complete.value();
                        assertArrayEquals(Arrays.copyOf(payload, complete.consumed()),
                                Frames.encode(frame.type(), frame.payload()));
                    }
                }
            }
        } catch (ProtocolException refused) {
            // the decoder's own refusal
        }
    }

    /** A text that is not UTF-8 is decoded with replacement characters: it cannot encode back. */
    private static boolean isUtf8(byte[] text) {
        try {
            StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(text));
            return true;
        } catch (java.nio.charset.CharacterCodingException e) {
            return false;
        }
    }

    /** The input, consumed from the front; past its end, zeros. */
    private static final class Cursor {
        private final byte[] input;
        private int at;

        Cursor(byte[] input) {
            this.input = input;
        }

        int remaining() {
            return input.length - at;
        }

        int u8() {
            return at < input.length ? input[at++] & 0xff : 0;
        }

        int u16() {
            return u8() << 8 | u8();
        }

        int u24() {
            return u8() << 16 | u16();
        }

        byte[] bytes(int n) {
            byte[] out = Arrays.copyOfRange(input, at, at + Math.min(n, remaining()));
            at += out.length;
            return out;
        }

        /** A length below {@code bound}: one byte below 0xf8, or three after one of 0xf8 and more. */
        int length(int bound) {
            int first = u8();
            return first < 0xf8 ? first % bound : u24() % bound;
        }

        /** {@code length} bytes: the next at most 255 of the input, repeated (zeros if there are none). */
        byte[] cyclic(int length) {
            return vpn.core.testing.Bytes.repeat(bytes(u8()), length);
        }
    }

    /** The stream the server reads, and what it should make of the well-formed beginning of it. */
    private static final class Stream {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final List<Outcome> expected = new ArrayList<>();
        /** False from the first byte whose outcome the specification alone does not say. */
        private boolean known = true;
        private int lastFrameStart = -1;
        private boolean lastFrameExpected;

        void frame(byte[] frame, Outcome outcome) {
            lastFrameStart = bytes.size();
            bytes.writeBytes(frame);
            lastFrameExpected = known;
            if (known) {
                expected.add(outcome);
                known = !(outcome instanceof Refused || outcome instanceof End);
            }
        }

        void raw(byte[] raw) {
            bytes.writeBytes(raw);
            known = false;
            lastFrameStart = -1;
        }

        /** Flips a bit of the last frame, cuts it short, or changes its length field. */
        void tamper(int how, int position, int value) {
            if (lastFrameStart < 0) {
                return;
            }
            byte[] all = bytes.toByteArray();
            int length = all.length - lastFrameStart;
            switch (how % 3) {
                case 0 -> all[lastFrameStart + position % length] ^= (byte) (1 << (value & 7));
                case 1 -> all = Arrays.copyOf(all, lastFrameStart + position % length);
                default -> {
                    all[lastFrameStart + 1] = (byte) (value >>> 16);
                    all[lastFrameStart + 2] = (byte) (value >>> 8);
                    all[lastFrameStart + 3] = (byte) value;
                }
            }
            bytes.reset();
            bytes.writeBytes(all);
            if (lastFrameExpected) {
                expected.remove(expected.size() - 1);
            }
            known = false;
            lastFrameStart = -1;
        }

        /** The connection ends after the last frame: a well-formed stream is then truncated. */
        void end(Reason reason) {
            if (known) {
                expected.add(new Refused(reason));
            }
        }

        int size() {
            return bytes.size();
        }

        byte[] bytes() {
            return bytes.toByteArray();
        }
    }

    /**
     * Seals records as docs/protocol-secure.md describes them, for one direction starting at
     * sequence number 0: CBC + HMAC-SHA256 (section 5) with its own running chain, or the AEAD
     * (section 5a).
     */
    private static final class Sealer {
        /** A record with any plaintext under a valid tag, and what opening it gives: data, or why it is refused. */
        record Crafted(byte[] frame, byte[] data, Reason refusal) {
        }

        private final CipherProvider provider;
        private final int blockSize;
        private final AeadCipher aead;
        private final byte[] aeadIv;
        private final SecureRandom random = new SecureRandom();
        private byte[] secret = SECRET.clone();
        private SessionCipher cipher;
        private Mac mac;
        private long blocksThisEpoch;
        private long sequence;

        Sealer(CipherProvider provider) throws Exception {
            this.provider = provider;
            this.blockSize = provider.blockSize();
            if (provider.aead()) {
                aead = provider.newAead(Direction.ENCRYPT,
                        KeySchedule.expand(SECRET, "key", provider.keyLength(keySize(provider))));
                aeadIv = KeySchedule.expand(SECRET, "iv", AeadCipher.NONCE_LENGTH);
            } else {
                aead = null;
                aeadIv = null;
                startEpoch();
            }
        }

        private void startEpoch() throws java.security.GeneralSecurityException {
            KeySchedule.EpochKeys keys = KeySchedule.epochKeys(secret, provider, keySize(provider));
            cipher = provider.newCipher(Direction.ENCRYPT, keys.key(), keys.iv());
            mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(keys.macKey(), "HmacSHA256"));
            blocksThisEpoch = 0;
        }

        /** An honest record: R || data || padding || p. */
        byte[] seal(int type, byte[] data) throws Exception {
            if (provider.aead()) {
                return sealAead(type, data);
            }
            int prefix = blockSize == 1 ? 0 : blockSize;
            int padding = (blockSize - (prefix + data.length + 1) % blockSize) % blockSize;
            byte[] plaintext = new byte[prefix + data.length + padding + 1];
            byte[] r = new byte[prefix];
            random.nextBytes(r);
            System.arraycopy(r, 0, plaintext, 0, prefix);
            System.arraycopy(data, 0, plaintext, prefix, data.length);
            Arrays.fill(plaintext, prefix + data.length, plaintext.length, (byte) padding);
            return sealCbc(type, plaintext);
        }

        /**
         * A record whose plaintext is {@code plaintext} cut to whole blocks, under a valid tag, and
         * what section 5 says opening it gives. An AEAD has no plaintext structure: it seals the bytes.
         */
        Crafted craft(int type, byte[] plaintext) throws Exception {
            if (provider.aead()) {
                return new Crafted(sealAead(type, plaintext), plaintext, null);
            }
            int prefix = blockSize == 1 ? 0 : blockSize;
            byte[] blocks = Arrays.copyOf(plaintext, plaintext.length / blockSize * blockSize);
            byte[] frame = sealCbc(type, blocks);
            if (blocks.length < prefix + 1) {
                return new Crafted(frame, null, Reason.MALFORMED);
            }
            int p = blocks[blocks.length - 1] & 0xff;
            int dataEnd = blocks.length - 1 - p;
            if (p >= blockSize || dataEnd < prefix) {
                return new Crafted(frame, null, Reason.MALFORMED);
            }
            for (int i = dataEnd; i < dataEnd + p; i++) {
                if ((blocks[i] & 0xff) != p) {
                    return new Crafted(frame, null, Reason.MALFORMED);
                }
            }
            return new Crafted(frame, Arrays.copyOfRange(blocks, prefix, dataEnd), null);
        }

        /**
         * Encrypts on the epoch's chain and tags; after a record that brings the epoch to 2^(L/4)
         * blocks (never more than 2^32; 2^32 bytes for a byte-wise cipher), moves to the next
         * epoch's keys: S' = HKDF-Expand(S, "customvpn v2 rekey", 32).
         */
        private byte[] sealCbc(int type, byte[] plaintext) throws Exception {
            byte[] ciphertext = new byte[plaintext.length];
            cipher.process(plaintext, 0, plaintext.length, ciphertext, 0);
            mac.update(header(type, ciphertext.length));
            byte[] tag = mac.doFinal(ciphertext);
            sequence++;
            blocksThisEpoch += ciphertext.length / blockSize;
            if (blocksThisEpoch >= 1L << (blockSize == 1 ? 32 : Math.min(32, blockSize * 8 / 4))) {
                secret = KeySchedule.expand(secret, "rekey", 32);
                startEpoch();
            }
            return frame(type, concat(ciphertext, tag));
        }

        private byte[] sealAead(int type, byte[] data) {
            byte[] aad = header(type, data.length + AeadCipher.TAG_LENGTH);
            byte[] nonce = aeadIv.clone();
            for (int i = 0; i < 8; i++) {
                nonce[4 + i] ^= aad[i];
            }
            byte[] sealed = new byte[data.length + AeadCipher.TAG_LENGTH];
            aead.seal(nonce, aad, data, 0, data.length, sealed, 0);
            sequence++;
            return frame(type, sealed);
        }

        /** What both constructions authenticate: seq (u64) || type (u8) || length (u32). */
        private byte[] header(int type, int length) {
            return java.nio.ByteBuffer.allocate(13).putLong(sequence).put((byte) type).putInt(length).array();
        }

        private static byte[] frame(int type, byte[] payload) {
            byte[] frame = new byte[SecureProtocol.FRAME_HEADER + payload.length];
            frame[0] = (byte) type;
            frame[1] = (byte) (payload.length >>> 16);
            frame[2] = (byte) (payload.length >>> 8);
            frame[3] = (byte) payload.length;
            System.arraycopy(payload, 0, frame, SecureProtocol.FRAME_HEADER, payload.length);
            return frame;
        }

        private static byte[] concat(byte[] a, byte[] b) {
            byte[] out = Arrays.copyOf(a, a.length + b.length);
            System.arraycopy(b, 0, out, a.length, b.length);
            return out;
        }
    }
}
