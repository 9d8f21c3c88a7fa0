package vpn.service.chat;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import vpn.api.service.CommandContext;
import vpn.api.service.ExitCode;
import vpn.api.service.ServiceCommand;
import vpn.api.service.Terminal;
import vpn.service.chat.bench.BenchArguments;
import vpn.service.chat.bench.BenchKeys;
import vpn.service.chat.bench.BenchReport;
import vpn.service.chat.bench.ChatLoad;
import vpn.service.chat.protocol.ChatProtocol;

/**
 * {@code vpn chat-bench}: a load tool for the chat. {@code --prepare DIR --users N} makes N users'
 * keys for a server's authorized keys; {@code --keys DIR --users N ...} joins them to the server's
 * room and has them broadcast, measuring deliveries/s and delivery latency (docs/performance.md).
 * Exit codes: 0 if every expected delivery arrived and nothing failed, 1 otherwise or if the
 * connection fails, 2 for bad usage, 4 if the server did not authenticate a user, 5 if the room
 * refused sessions.
 */
public final class ChatBenchCommand implements ServiceCommand {

    @Override
    public String name() {
        return "chat-bench";
    }

    @Override
    public String service() {
        return ChatService.NAME;
    }

    @Override
    public List<String> description() {
        return List.of(
                "Loads the server's chat room: N users broadcast; reports deliveries/s and delivery latency p50/p99.",
                "--prepare DIR --users N: makes N user keys, DIR/authorized_keys for the server "
                        + "(users bench0001...) and DIR/bench-keys (their private keys, owner-only); no connection.",
                "--keys DIR --users N: N active users broadcast --rate R lines a second between them (default "
                        + BenchArguments.DEFAULT_RATE + ") for --duration S seconds (default "
                        + BenchArguments.DEFAULT_DURATION_SECONDS + "), each line --size BYTES long (default "
                        + BenchArguments.DEFAULT_SIZE + "), after --idle M users who only read (each with "
                        + "--idle-sessions S sessions, default 1) and before --stalled K users who join and never read, "
                        + "whom the server must drop. The keys file's first N users are the active ones, then the idle, "
                        + "then the stalled.",
                "The server allows each user " + ChatProtocol.MESSAGES_PER_SECOND + " requests a second and a room "
                        + ChatProtocol.MAX_USERS + " users. --server-pid PID (a local server) adds its CPU time and "
                        + "resident memory. The last line is BENCH {...}, one line of JSON.",
                "--servers HOST:PORT[,HOST:PORT...]: the idle users' sessions connect to these servers in turn "
                        + "(the others of a cluster, vpn server --cluster), so that every line they read crossed the bus.");
    }

    @Override
    public int run(List<String> arguments, CommandContext context) throws Exception {
        Terminal terminal = context.terminal();
        BenchArguments parsed;
        try {
            parsed = BenchArguments.parse(arguments);
        } catch (IllegalArgumentException e) {
            terminal.error("error: vpn chat-bench: " + e.getMessage());
            return ExitCode.USAGE;
        }
        return switch (parsed) {
            case BenchArguments.Prepare prepare -> prepare(prepare, terminal);
            case BenchArguments.Load load -> load(load, context);
        };
    }

    private static int prepare(BenchArguments.Prepare prepare, Terminal terminal) throws IOException {
        try {
            BenchKeys.prepare(prepare.dir(), prepare.users(), new SecureRandom());
        } catch (FileAlreadyExistsException e) {
            terminal.error("error: vpn chat-bench: " + e.getFile() + " exists; " + e.getReason());
            return ExitCode.USAGE;
        }
        String dir = prepare.dir().toString();
        terminal.line("Made " + prepare.users() + " user keys: " + prepare.dir().resolve(BenchKeys.AUTHORIZED_KEYS)
                + " (for the server) and " + prepare.dir().resolve(BenchKeys.SEEDS) + " (their private keys).");
        terminal.line("Next, start a server with these users, then load it:");
        terminal.line("  vpn server --authorized-keys " + prepare.dir().resolve(BenchKeys.AUTHORIZED_KEYS) + " --quiet");
        terminal.line("  vpn chat-bench --keys " + dir + " --users " + Math.min(prepare.users(), 100)
                + " --rate 100 --duration 30 --server-pid PID");
        return ExitCode.OK;
    }

    /** Sessions to the app's server; with {@code --servers}, the idle users' to those, in turn. */
    private static ChatLoad.Connector connector(BenchArguments.Load load, CommandContext context) {
        List<CommandContext> readers = load.readerServers().stream().map(s -> context.at(s.host(), s.port())).toList();
        AtomicInteger next = new AtomicInteger();
        return (key, reader) -> reader && !readers.isEmpty()
                ? readers.get(Math.floorMod(next.getAndIncrement(), readers.size())).connectAs(key)
                : context.connectAs(key);
    }

    private static int load(BenchArguments.Load load, CommandContext context) throws Exception {
        Terminal terminal = context.terminal();
        BenchReport report;
        try {
            report = new ChatLoad(load, connector(load, context), terminal, new SecureRandom()).run();
        } catch (ChatLoad.NotRun e) {
            terminal.error("error: vpn chat-bench: " + e.getMessage());
            return e.exitCode();
        }
        report.lines().forEach(terminal::line);
        return report.complete() ? ExitCode.OK : ExitCode.FAILURE;
    }
}
