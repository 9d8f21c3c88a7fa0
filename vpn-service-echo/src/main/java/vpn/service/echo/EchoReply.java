package vpn.service.echo;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * The echo's answer, the one place that knows it: {@code Server says: } followed by the message
 * reversed, by code point when the message is UTF-8 text (as the reference reverses Python
 * strings), by byte otherwise (secure mode carries any bytes).
 */
public final class EchoReply {

    public static final String PREFIX = "Server says: ";

    /** The prefix's length in bytes: the reply to a message is this much longer than the message. */
    public static final int PREFIX_BYTES = PREFIX.length();

    private EchoReply() {
    }

    /** The reply to {@code message}. */
    public static byte[] to(byte[] message) {
        byte[] reversed = text(message)
                .map(t -> new StringBuilder(t).reverse().toString().getBytes(StandardCharsets.UTF_8))
                .orElseGet(() -> reversedBytes(message));
        byte[] reply = Arrays.copyOf(PREFIX.getBytes(StandardCharsets.US_ASCII), PREFIX_BYTES + reversed.length);
        System.arraycopy(reversed, 0, reply, PREFIX_BYTES, reversed.length);
        return reply;
    }

    /** The longest message whose reply fits in a channel's message limit. */
    public static int maxMessage(int channelMaxMessage) {
        return channelMaxMessage - PREFIX_BYTES;
    }

    /** The message as text, if it is valid UTF-8. */
    static Optional<String> text(byte[] message) {
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(message)).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    private static byte[] reversedBytes(byte[] message) {
        byte[] reversed = new byte[message.length];
        for (int i = 0; i < message.length; i++) {
            reversed[i] = message[message.length - 1 - i];
        }
        return reversed;
    }
}
