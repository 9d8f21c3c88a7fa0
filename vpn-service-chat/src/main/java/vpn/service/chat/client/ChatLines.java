package vpn.service.chat.client;

import static java.util.stream.Collectors.joining;

import java.nio.file.Path;
import java.util.List;
import vpn.api.service.Printable;
import vpn.service.chat.crypto.SshEd25519;
import vpn.service.chat.protocol.ChatProtocol;
import vpn.service.chat.protocol.FailureReason;

/**
 * Every line {@code vpn chat} shows, in one place: users' scripts match these texts, so they
 * change only on purpose. Names and text from others go through {@link Printable}, so nobody can
 * put control characters or forged lines on another user's terminal.
 */
public final class ChatLines {

    /** The commands, as {@code /help} and an unknown command list them. */
    static final String COMMANDS = "/list, /send USER MESSAGE, /whois USER, /help, /quit";

    private ChatLines() {
    }

    public static String joinedAs(String me) {
        return "* joined as " + Printable.of(me);
    }

    static String joined(String name) {
        return "* " + Printable.of(name) + " joined";
    }

    static String left(String name) {
        return "* " + Printable.of(name) + " left";
    }

    static String said(String from, String text) {
        return "<" + Printable.of(from) + "> " + Printable.of(text);
    }

    static String direct(String from, String text) {
        return "*" + Printable.of(from) + "* " + Printable.of(text);
    }

    static String online(List<String> names) {
        return "online: " + names.stream().map(Printable::of).collect(joining(", "));
    }

    static String whois(String name, byte[] identityKey) {
        return Printable.of(name) + " " + SshEd25519.fingerprint(identityKey);
    }

    static String notOnline(String name) {
        return "error: " + Printable.of(name) + " is not online";
    }

    static String notDelivered(String name) {
        return "error: message to " + Printable.of(name) + " not delivered (" + Printable.of(name) + " left)";
    }

    static String keyChanged(String name, byte[] pinned, byte[] now) {
        return "warning: the key of " + Printable.of(name) + " has changed: pinned " + SshEd25519.fingerprint(pinned)
                + ", now " + SshEd25519.fingerprint(now);
    }

    static String failedVerification(String from) {
        return "warning: a direct message from " + Printable.of(from)
                + " failed verification (altered by the server or in transit); it was dropped";
    }

    static String unsignedSessionKey(String name) {
        return "warning: the server gave a session key for " + Printable.of(name) + " that " + Printable.of(name)
                + "'s key did not sign, or that cannot be used; that session was skipped";
    }

    static String notSent(String name) {
        return "error: message to " + Printable.of(name) + " not sent: no session of " + Printable.of(name)
                + " has a key that verifies";
    }

    static String lineTooLong(int bytes) {
        return "error: the line is " + bytes + " bytes of UTF-8, more than the " + ChatProtocol.MAX_LINE_BYTES
                + " a message holds; it was not sent";
    }

    static String rateLimited() {
        return "error: too many messages (at most " + ChatProtocol.MESSAGES_PER_SECOND + " a second, "
                + ChatProtocol.BURST + " at once); this one was refused";
    }

    static String clusterUnreachable() {
        return "error: the line reached only the users of this server: its cluster's other servers are out of reach";
    }

    static String unknownCommand(String command) {
        return "error: unknown command " + Printable.of(command) + "; the commands are " + COMMANDS;
    }

    static String usage(String usage) {
        return "error: usage: " + usage;
    }

    static List<String> help() {
        return List.of(
                "/list                who is online",
                "/send USER MESSAGE   a direct message, encrypted end to end",
                "/whois USER          the fingerprint of the user's key",
                "/help                this list",
                "/quit                leave (so does the end of input)",
                "Other lines go to everyone online; start one with // to send it with a single /.");
    }

    /** Why the server did not let this session in: the one line before {@code vpn chat} ends. */
    public static String refused(FailureReason reason, String me) {
        return "error: " + switch (reason) {
            case ROOM_FULL -> "the chat room is full";
            case TOO_MANY_SESSIONS -> Printable.of(me) + " has as many chat sessions open as the server allows";
            case OTHER_KEY -> Printable.of(me) + " is in the chat already with another key";
            case NOT_ONLINE, RATE_LIMITED, CLUSTER_UNREACHABLE -> "the server refused the chat: " + reason;
        };
    }

    static String notPinned(String name, Path file, String reason) {
        return "warning: the key of " + Printable.of(name) + " is pinned for this session only, not in " + file + ": "
                + reason;
    }

    static String skippedPin(Path file, int lineNumber, String reason) {
        return "warning: " + file + " line " + lineNumber + " skipped: " + reason;
    }
}
