import io.lettuce.core.Consumer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Issue 13: which message bus, NATS or Redis, for the chat cluster. Measures, against a bus
 * server already running on this machine (scripts/bus-choice/run starts them), what the chat
 * cluster would ask of it:
 *
 *   fanout-capacity  P publishers (1 or 3) publish 200-byte lines as fast as 3 subscriber
 *                    connections take them (a bounded window keeps the servers' and clients'
 *                    buffers from filling, so the rate is sustained, not a burst into memory).
 *                    Redis twice: Lettuce's ordinary async use (each PUBLISH written at once),
 *                    and pipelined 64 at a time, as jnats' writer batches by itself.
 *   fanout-latency   1 publisher at a fixed rate (1,000 and 10,000/s), 3 subscribers: publish to
 *                    delivery p50/p99, measured from the *scheduled* send time, so that a late
 *                    publisher counts against the bus (no coordinated omission).
 *   request          an acknowledged direct message: one requester, one responder that answers
 *                    with a count; round trip p50/p99 and rate, sequential and 16 in flight.
 *                    NATS: Connection.request (request-reply with a private inbox).
 *                    Redis "streams": XADD to the target's stream, XREADGROUP + XACK on the
 *                    target, the answer by PUBLISH on the requester's own reply channel.
 *                    Redis "pubsub": PUBLISH the request on the target's channel (its return value
 *                    counts the receivers), the answer by PUBLISH on the reply channel.
 *   no-responder     a request to a target nobody serves: how soon and how does the client know
 *                    (NATS: jnats' default, with reportNoResponders(), and the synchronous call).
 *   presence         Redis: a key with a TTL and the keyspace "expired" event; how late the event
 *                    comes after the TTL. NATS: the JetStream KV store with a bucket max age
 *                    (2.9 has no per-key TTL): how late an entry stops being readable, and
 *                    whether a watcher hears of it (it does not; so NATS presence would be plain
 *                    heartbeats on a subject, each server timing out its peers).
 *   reconnect        publish 100/s to 1 subscriber for a while; the driver stops the bus and
 *                    starts it again meanwhile; how many arrived, how many publishes failed (the
 *                    sender was told), the longest gap. The subscriptions come back with no code
 *                    of ours in both clients. "buffered": the clients' default, publishes wait in
 *                    the client during the outage; "fail-fast": they fail at once (jnats throws,
 *                    Lettuce fails the command's future).
 *
 * Usage (the driver passes the classpath of the client jars):
 *   java -cp JARS BusChoice.java nats  URL BUS_PID FIGURE...
 *   java -cp JARS BusChoice.java redis URL BUS_PID FIGURE...
 * FIGURE: capacity1 capacity3 latency1000 latency10000 request request16 noresponder presence
 *         reconnectSECONDS failfastSECONDS. For redis, request/request16/noresponder run both variants.
 * -Dseconds=5 -Dwarmup=2: the length of each measured phase and of its warm-up.
 *
 * Prints one line per figure:
 *   RESULT bus=... figure=... <key=value...> bus_cpu_us_per_delivery|request=... client_cores=... load=...
 * bus CPU is the bus server process's utime+stime from /proc (100 ticks/s, so short phases are
 * coarse); client_cores is this JVM's CPU (every publisher, subscriber, requester and responder
 * together: they share the 2 cores with the bus) over the phase's wall time.
 */
public class BusChoice {

    static final int SIZE = 200;                 // a broadcast line of the chat, with its framing
    static final int SUBSCRIBERS = 3;            // the benchmark's 3 vpn servers
    static final long WINDOW = 20_000;           // published but not yet delivered to every subscriber
    static final Duration MEASURE = Duration.ofSeconds(Integer.getInteger("seconds", 5));
    static final Duration WARMUP = Duration.ofSeconds(Integer.getInteger("warmup", 2));
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);

    // ---- the two buses behind one small interface ----

    /** What fan-out needs from a bus: publish on a subject, and subscribe on a connection of its own. */
    interface Bus extends AutoCloseable {
        Publisher publisher() throws Exception;

        void subscribe(String subject, java.util.function.Consumer<byte[]> onMessage) throws Exception;

        @Override
        void close() throws Exception;
    }

    interface Publisher {
        /**
         * Redis answers each PUBLISH with the number of subscribers that received it (or an
         * error): the future tells it. NATS publishes have no answer: null.
         */
        CompletionStage<Long> publish(String subject, byte[] body) throws Exception;
    }

    /** An acknowledged direct message: the future completes with the responder's answer. */
    interface Requester extends AutoCloseable {
        CompletableFuture<byte[]> request(String target, byte[] body);

        @Override
        void close() throws Exception;
    }

    static final class NatsBus implements Bus {
        final String url;
        final boolean failFast;
        final List<Connection> connections = new ArrayList<>();

        NatsBus(String url, boolean failFast) {
            this.url = url;
            this.failFast = failFast;
        }

        Connection connect() throws Exception {
            // Reconnect forever, waiting 250 ms between attempts (jnats' default is 2 s, and
            // 60 attempts). Meanwhile publishes go to the reconnect buffer (8 MB by default), or
            // with failFast (a buffer of 0) throw at once, so that the caller knows.
            Connection c = Nats.connect(new Options.Builder().server(url).maxReconnects(-1)
                    .reconnectWait(Duration.ofMillis(250)).reconnectBufferSize(failFast ? 0 : 8 * 1024 * 1024).errorListener(new io.nats.client.ErrorListener() { })
                    .connectionListener((conn, event) -> {
                        if (event != io.nats.client.ConnectionListener.Events.CONNECTED
                                && event != io.nats.client.ConnectionListener.Events.CLOSED) {
                            log("nats: " + event); // disconnects and reconnects, for the reconnect figure
                        }
                    }).build());
            connections.add(c);
            return c;
        }

        @Override
        public Publisher publisher() throws Exception {
            Connection c = connect();
            return (subject, body) -> {
                c.publish(subject, body);
                return null;
            };
        }

        @Override
        public void subscribe(String subject, java.util.function.Consumer<byte[]> onMessage) throws Exception {
            Connection c = connect();
            Dispatcher d = c.createDispatcher(m -> onMessage.accept(m.getData()));
            d.subscribe(subject);
            c.flush(Duration.ofSeconds(5)); // the subscription is at the server before we publish
        }

        @Override
        public void close() throws Exception {
            for (Connection c : connections) {
                c.close();
            }
        }
    }

    static final class RedisBus implements Bus {
        final RedisClient client;
        final boolean pipelined;
        final List<AutoCloseable> connections = new ArrayList<>();

        RedisBus(String url, boolean pipelined, boolean failFast) {
            client = RedisClient.create(url);
            // Lettuce reconnects by itself (backoff from 1 ms doubling to 30 s); meanwhile it
            // queues commands to resend after reconnecting, or with failFast rejects them at once.
            if (failFast) {
                client.setOptions(io.lettuce.core.ClientOptions.builder()
                        .disconnectedBehavior(io.lettuce.core.ClientOptions.DisconnectedBehavior.REJECT_COMMANDS).build());
            }
            this.pipelined = pipelined;
        }

        @Override
        public Publisher publisher() {
            StatefulRedisConnection<byte[], byte[]> c = client.connect(ByteArrayCodec.INSTANCE);
            connections.add(c);
            var async = c.async();
            if (!pipelined) {
                // Lettuce's default use: one async command per publish, written at once (auto-flush).
                return (subject, body) -> async.publish(bytes(subject), body);
            }
            // Pipelined: written 64 commands at a time, as jnats' writer thread batches on its own.
            // It tells what the Redis server can take when the client is not the limit.
            c.setAutoFlushCommands(false);
            int[] queued = {0};
            return (subject, body) -> {
                var answer = async.publish(bytes(subject), body);
                if (++queued[0] % 64 == 0) {
                    c.flushCommands();
                }
                return answer;
            };
        }

        @Override
        public void subscribe(String subject, java.util.function.Consumer<byte[]> onMessage) {
            StatefulRedisPubSubConnection<byte[], byte[]> c = client.connectPubSub(ByteArrayCodec.INSTANCE);
            connections.add(c);
            c.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(byte[] channel, byte[] message) {
                    onMessage.accept(message);
                }
            });
            c.sync().subscribe(bytes(subject)); // returns once the server confirmed it
        }

        @Override
        public void close() throws Exception {
            for (AutoCloseable c : connections) {
                c.close();
            }
            client.shutdown();
        }
    }

    /** NATS request-reply: the responder answers on the request's private reply subject. */
    static final class NatsRequester implements Requester {
        final Connection requester;
        final Connection responder;

        NatsRequester(String url, String serves, boolean reportNoResponders) throws Exception {
            // "No responders" is on by default: the server answers a request nobody listens to
            // with a 503 status at once. By default jnats cancels the future then; with
            // reportNoResponders() it completes it exceptionally with that status instead.
            Options.Builder options = new Options.Builder().server(url);
            requester = Nats.connect((reportNoResponders ? options.reportNoResponders() : options).build());
            responder = Nats.connect(new Options.Builder().server(url).build());
            Dispatcher d = responder.createDispatcher(m -> responder.publish(m.getReplyTo(), ONE));
            d.subscribe("dm." + serves);
            responder.flush(Duration.ofSeconds(5));
        }

        @Override
        public CompletableFuture<byte[]> request(String target, byte[] body) {
            return requester.requestWithTimeout("dm." + target, body, REQUEST_TIMEOUT).thenApply(Message::getData);
        }

        @Override
        public void close() throws Exception {
            requester.close();
            responder.close();
        }
    }

    /**
     * Redis: the request goes out by XADD (streams) or PUBLISH (pub/sub); either way the answer
     * comes back by PUBLISH on the requester's own reply channel, matched by a request id.
     */
    static final class RedisRequester implements Requester {
        final boolean streams;
        final RedisClient client;
        final StatefulRedisConnection<byte[], byte[]> commands;
        final StatefulRedisPubSubConnection<byte[], byte[]> replies;
        final Map<Long, CompletableFuture<byte[]>> pending = new ConcurrentHashMap<>();
        final AtomicLong ids = new AtomicLong();
        final String replyChannel = "reply.server1";
        final Thread responder;
        volatile boolean running = true;

        RedisRequester(String url, String serves, boolean streams) {
            this.streams = streams;
            client = RedisClient.create(url);
            commands = client.connect(ByteArrayCodec.INSTANCE);
            replies = client.connectPubSub(ByteArrayCodec.INSTANCE);
            replies.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(byte[] channel, byte[] message) {
                    ByteBuffer b = ByteBuffer.wrap(message);
                    var future = pending.remove(b.getLong());
                    if (future != null) {
                        future.complete(Arrays.copyOfRange(message, 8, message.length));
                    }
                }
            });
            replies.sync().subscribe(bytes(replyChannel));
            responder = streams ? streamResponder(serves) : pubsubResponder(serves);
        }

        /** The target server: a consumer group on its stream; read, answer, acknowledge. */
        @SuppressWarnings("unchecked") // Lettuce's varargs of StreamOffset<byte[]>
        Thread streamResponder(String serves) {
            byte[] stream = bytes("dm." + serves), group = bytes("g");
            var admin = commands.sync();
            admin.del(stream);
            admin.xgroupCreate(XReadArgs.StreamOffset.from(stream, "$"), group, XGroupCreateArgs.Builder.mkstream());
            // A blocking XREADGROUP holds its connection, so the responder has one of its own.
            StatefulRedisConnection<byte[], byte[]> own = client.connect(ByteArrayCodec.INSTANCE);
            return Thread.ofPlatform().daemon().start(() -> {
                var sync = own.sync();
                var async = own.async();
                var read = XReadArgs.Builder.block(Duration.ofMillis(200)).count(64);
                while (running) {
                    List<StreamMessage<byte[], byte[]>> batch = sync.xreadgroup(Consumer.from(group, bytes("c")), read,
                            XReadArgs.StreamOffset.lastConsumed(stream));
                    if (batch.isEmpty()) {
                        continue;
                    }
                    String[] acked = new String[batch.size()];
                    for (int i = 0; i < batch.size(); i++) {
                        var m = batch.get(i);
                        Map<byte[], byte[]> fields = m.getBody();
                        byte[] replyTo = null, id = null;
                        for (var e : fields.entrySet()) {
                            String k = new String(e.getKey(), StandardCharsets.US_ASCII);
                            if (k.equals("r")) replyTo = e.getValue();
                            if (k.equals("i")) id = e.getValue();
                        }
                        async.publish(replyTo, answer(id));
                        acked[i] = m.getId();
                    }
                    async.xack(stream, group, acked);
                }
                own.close();
            });
        }

        /** The target server: a subscriber on its own channel, answering on the reply channel. */
        Thread pubsubResponder(String serves) {
            StatefulRedisPubSubConnection<byte[], byte[]> own = client.connectPubSub(ByteArrayCodec.INSTANCE);
            StatefulRedisConnection<byte[], byte[]> out = client.connect(ByteArrayCodec.INSTANCE);
            own.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(byte[] channel, byte[] message) {
                    // request = reply channel length (1 byte), reply channel, id (8 bytes), body
                    int n = message[0];
                    byte[] replyTo = Arrays.copyOfRange(message, 1, 1 + n);
                    out.async().publish(replyTo, answer(Arrays.copyOfRange(message, 1 + n, 1 + n + 8)));
                }
            });
            own.sync().subscribe(bytes("dm." + serves));
            return Thread.ofPlatform().daemon().unstarted(() -> { });
        }

        static byte[] answer(byte[] id) {
            return ByteBuffer.allocate(9).put(id).put((byte) '1').array(); // id, "1 copy delivered"
        }

        @Override
        public CompletableFuture<byte[]> request(String target, byte[] body) {
            long id = ids.incrementAndGet();
            var future = new CompletableFuture<byte[]>();
            pending.put(id, future);
            byte[] idBytes = ByteBuffer.allocate(8).putLong(id).array();
            if (streams) {
                // MAXLEN ~ keeps the stream bounded; acknowledged entries are of no more use.
                commands.async().xadd(bytes("dm." + target), XAddArgs.Builder.maxlen(10_000).approximateTrimming(),
                        bytes("r"), bytes(replyChannel), bytes("i"), idBytes, bytes("b"), body);
            } else {
                byte[] r = bytes(replyChannel);
                byte[] request = ByteBuffer.allocate(1 + r.length + 8 + body.length).put((byte) r.length).put(r)
                        .put(idBytes).put(body).array();
                commands.async().publish(bytes("dm." + target), request).thenAccept(receivers -> {
                    if (receivers == 0) { // pub/sub tells at once that nobody listens
                        pending.remove(id);
                        future.completeExceptionally(new IllegalStateException("no subscriber on dm." + target));
                    }
                });
            }
            return future.orTimeout(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .whenComplete((v, e) -> pending.remove(id));
        }

        @Override
        public void close() throws Exception {
            running = false;
            responder.join();
            replies.close();
            commands.close();
            client.shutdown();
        }
    }

    static final byte[] ONE = {'1'};

    // ---- measuring ----

    /** Latencies in nanoseconds; one writer at a time (synchronized: the cost is noise here). */
    static final class Latencies {
        private long[] values = new long[1 << 16];
        private int size;

        synchronized void add(long nanos) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = nanos;
        }

        synchronized int count() {
            return size;
        }

        synchronized void clear() {
            size = 0;
        }

        synchronized String percentiles() {
            long[] sorted = Arrays.copyOf(values, size);
            Arrays.sort(sorted);
            return "p50_ms=" + ms(at(sorted, 0.50)) + " p99_ms=" + ms(at(sorted, 0.99)) + " max_ms=" + ms(at(sorted, 1.0));
        }

        static String ms(long nanos) {
            return String.format("%.2f", nanos / 1e6);
        }

        static long at(long[] sorted, double q) {
            return sorted.length == 0 ? -1 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
        }
    }

    /** CPU of the bus server (from /proc) and of this JVM, and wall time, over one phase. */
    record Meter(long busPid, long busTicks, long jvmNanos, long wallNanos) {
        static Meter start(long busPid) {
            return new Meter(busPid, busTicks(busPid), jvmCpu(), System.nanoTime());
        }

        /** "bus_cpu_us_per_UNIT=... client_cores=... load=..." for `messages` UNITs handled by the bus. */
        String end(long messages, String unit) {
            double wall = (System.nanoTime() - wallNanos) / 1e9;
            double busSeconds = (busTicks(busPid) - busTicks) / 100.0;
            double jvm = (jvmCpu() - jvmNanos) / 1e9;
            return String.format("bus_cores=%.2f bus_cpu_us_per_%s=%.2f client_cores=%.2f load=%s",
                    busSeconds / wall, unit, messages == 0 ? 0 : busSeconds * 1e6 / messages, jvm / wall, load());
        }

        static long busTicks(long pid) {
            try {
                String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 14 and 15: utime, stime
            } catch (Exception e) {
                throw new IllegalStateException("the bus server (pid " + pid + ") is gone: stopped by something else?", e);
            }
        }

        static long jvmCpu() {
            return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime();
        }
    }

    static String load() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + "/" + f[1] + "/" + f[2];
        } catch (Exception e) {
            return "?";
        }
    }

    /** A line of SIZE bytes whose first 8 are a System.nanoTime() (all clients share this JVM). */
    static byte[] line(long nanos) {
        byte[] b = new byte[SIZE];
        Arrays.fill(b, (byte) 'x');
        ByteBuffer.wrap(b).putLong(nanos);
        return b;
    }

    // ---- the figures ----

    record Run(String busName, String url, long busPid) {
        Bus bus() {
            return bus(false, false);
        }

        Bus bus(boolean pipelined, boolean failFast) {
            return busName.equals("nats") ? new NatsBus(url, failFast) : new RedisBus(url, pipelined, failFast);
        }

        void result(String figure, String rest) {
            System.out.println("RESULT bus=" + busName + " figure=" + figure + " " + rest);
        }
    }

    /** P publishers as fast as 3 subscribers take it, never more than WINDOW ahead of the slowest. */
    static void capacity(Run run, int publishers, boolean pipelined) throws Exception {
        try (Bus bus = run.bus(pipelined, false)) {
            AtomicLong[] received = new AtomicLong[SUBSCRIBERS];
            for (int s = 0; s < SUBSCRIBERS; s++) {
                AtomicLong count = received[s] = new AtomicLong();
                bus.subscribe("chat.room", m -> count.incrementAndGet());
            }
            AtomicLong published = new AtomicLong();
            long end = System.nanoTime() + WARMUP.plus(MEASURE).toNanos();
            List<Thread> threads = new ArrayList<>();
            for (int p = 0; p < publishers; p++) {
                Publisher pub = bus.publisher();
                threads.add(Thread.ofPlatform().start(() -> publishWindowed(pub, published, received, end)));
            }
            Thread.sleep(WARMUP);
            long before = sum(received);
            Meter meter = Meter.start(run.busPid());
            Thread.sleep(MEASURE);
            long delivered = sum(received) - before;
            String cpu = meter.end(delivered, "delivery");
            for (Thread t : threads) {
                t.join();
            }
            double seconds = MEASURE.toNanos() / 1e9;
            run.result("capacity-" + publishers + "pub", String.format(
                    "variant=%s delivered_per_s=%.0f published_per_s=%.0f %s",
                    run.busName().equals("nats") ? "jnats" : pipelined ? "lettuce-pipelined" : "lettuce-autoflush",
                    delivered / seconds, delivered / seconds / SUBSCRIBERS, cpu));
        }
    }

    static void publishWindowed(Publisher pub, AtomicLong published, AtomicLong[] received, long end) {
        byte[] body = line(0);
        try {
            while (System.nanoTime() < end) {
                if (published.get() - min(received) > WINDOW) {
                    LockSupport.parkNanos(20_000);
                    continue;
                }
                for (int i = 0; i < 64; i++) {
                    pub.publish("chat.room", body);
                }
                published.addAndGet(64);
            }
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
    }

    /** One publisher at `rate`/s, 3 subscribers; latency from the scheduled send time. */
    static void latency(Run run, int rate) throws Exception {
        try (Bus bus = run.bus()) {
            Latencies latencies = new Latencies();
            AtomicLong[] received = new AtomicLong[SUBSCRIBERS];
            for (int s = 0; s < SUBSCRIBERS; s++) {
                AtomicLong count = received[s] = new AtomicLong();
                bus.subscribe("chat.room", m -> {
                    latencies.add(System.nanoTime() - ByteBuffer.wrap(m).getLong());
                    count.incrementAndGet();
                });
            }
            Publisher pub = bus.publisher();
            paced(pub, rate, WARMUP); // warm-up, discarded
            Thread.sleep(200);
            latencies.clear();
            long before = sum(received);
            Meter meter = Meter.start(run.busPid());
            long sent = paced(pub, rate, MEASURE);
            Thread.sleep(500); // the last ones arrive
            long delivered = sum(received) - before;
            run.result("latency-" + rate + "per_s", String.format("sent=%d delivered=%d expected=%d %s %s",
                    sent, delivered, sent * SUBSCRIBERS, latencies.percentiles(), meter.end(delivered, "delivery")));
        }
    }

    /** Publishes at `rate`/s for `length`, each line stamped with the time it was due. */
    static long paced(Publisher pub, int rate, Duration length) throws Exception {
        long start = System.nanoTime(), interval = 1_000_000_000L / rate, n = 0;
        long count = length.toSeconds() * rate;
        while (n < count) {
            long due = start + n * interval;
            long now = System.nanoTime();
            if (now < due) {
                LockSupport.parkNanos(due - now);
                continue;
            }
            pub.publish("chat.room", line(due));
            n++;
        }
        return n;
    }

    static void request(Run run, String variant, Requester requester, int inFlight) throws Exception {
        byte[] body = line(0);
        // warm-up
        for (int i = 0; i < 2_000; i++) {
            requester.request("server2", body).get();
        }
        Latencies latencies = new Latencies();
        Semaphore window = new Semaphore(inFlight);
        AtomicLong failures = new AtomicLong();
        Meter meter = Meter.start(run.busPid());
        long start = System.nanoTime(), end = start + MEASURE.toNanos(), n = 0;
        while (System.nanoTime() < end) {
            window.acquire();
            long sent = System.nanoTime();
            requester.request("server2", body).whenComplete((answer, error) -> {
                if (error != null || answer.length != 1 || answer[0] != '1') {
                    failures.incrementAndGet();
                } else {
                    latencies.add(System.nanoTime() - sent);
                }
                window.release();
            });
            n++;
        }
        window.acquire(inFlight); // all answered
        double seconds = (System.nanoTime() - start) / 1e9;
        // bus messages per request: request and answer (streams: + the XACK command)
        run.result("request-" + inFlight + "inflight", String.format("variant=%s requests_per_s=%.0f failures=%d %s %s",
                variant, n / seconds, failures.get(), latencies.percentiles(), meter.end(n, "request")));
    }

    static void noResponder(Run run, String variant, Requester requester) throws Exception {
        long start = System.nanoTime();
        String outcome;
        try {
            byte[] answer = requester.request("nobody", line(0)).get();
            outcome = "answered:" + new String(answer, StandardCharsets.US_ASCII);
        } catch (java.util.concurrent.ExecutionException e) {
            outcome = e.getCause().getClass().getSimpleName() + ":" + String.valueOf(e.getCause().getMessage()).replace(' ', '_');
        } catch (java.util.concurrent.CancellationException e) {
            outcome = "cancelled:" + String.valueOf(e.getMessage()).replace(' ', '_');
        }
        double ms = (System.nanoTime() - start) / 1e6;
        run.result("no-responder", String.format("variant=%s after_ms=%.1f outcome=%s", variant, ms, outcome));
    }

    /** jnats' synchronous request to nobody: what the caller sees, with the default options. */
    static void natsSyncNoResponder(Run run) throws Exception {
        try (Connection c = Nats.connect(new Options.Builder().server(run.url()).build())) {
            long start = System.nanoTime();
            String outcome;
            try {
                Message m = c.request("dm.nobody", ONE, REQUEST_TIMEOUT);
                outcome = m == null ? "null" : "message:" + m.getStatus();
            } catch (Exception e) {
                outcome = e.getClass().getSimpleName() + ":" + String.valueOf(e.getMessage()).replace(' ', '_');
            }
            run.result("no-responder", String.format("variant=sync-request after_ms=%.1f outcome=%s",
                    (System.nanoTime() - start) / 1e6, outcome));
        }
    }

    /** Redis presence: SET with a TTL, then how late the keyspace "expired" event arrives. */
    static void presence(Run run) throws Exception {
        RedisClient client = RedisClient.create(run.url());
        try (var commands = client.connect(); var events = client.connectPubSub()) {
            commands.sync().configSet("notify-keyspace-events", "Ex"); // off by default
            List<Long> delays = new ArrayList<>();
            var arrived = new java.util.concurrent.LinkedBlockingQueue<Long>();
            events.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String channel, String key) {
                    arrived.add(System.nanoTime());
                }
            });
            events.sync().subscribe("__keyevent@0__:expired");
            for (int i = 0; i < 5; i++) {
                // a heartbeat: the server's presence, gone 1.5 s after its last refresh
                commands.sync().set("presence:server" + i, "alive", io.lettuce.core.SetArgs.Builder.px(1500));
                long due = System.nanoTime() + 1_500_000_000L;
                Long at = arrived.poll(10, TimeUnit.SECONDS);
                delays.add(at == null ? -1 : (at - due) / 1_000_000);
            }
            run.result("presence", "variant=key-ttl-expired-event ttl_ms=1500 event_late_ms=" + delays
                    .toString().replace(" ", "") + " load=" + load());
        } finally {
            client.shutdown();
        }
    }

    /**
     * NATS JetStream KV (needs nats-server -js): a bucket whose entries age out after 1.5 s (in
     * 2.9 only a bucket-wide max age, no per-key TTL). How late after its age does an entry stop
     * being readable, and does a watcher hear of it (a DELETE or PURGE entry)?
     */
    static void natsKvPresence(Run run) throws Exception {
        try (Connection c = Nats.connect(new Options.Builder().server(run.url()).build())) {
            var management = c.keyValueManagement();
            try {
                management.delete("presence");
            } catch (io.nats.client.JetStreamApiException absent) {
                // first run
            }
            management.create(io.nats.client.api.KeyValueConfiguration.builder().name("presence")
                    .ttl(Duration.ofMillis(1500)).storageType(io.nats.client.api.StorageType.Memory).build());
            io.nats.client.KeyValue kv = c.keyValue("presence");
            AtomicLong removals = new AtomicLong();
            kv.watchAll(new io.nats.client.api.KeyValueWatcher() {
                @Override
                public void watch(io.nats.client.api.KeyValueEntry entry) {
                    if (entry.getOperation() != io.nats.client.api.KeyValueOperation.PUT) {
                        removals.incrementAndGet();
                    }
                }

                @Override
                public void endOfData() {
                }
            });
            List<Long> late = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                String key = "server" + i;
                kv.put(key, ONE); // a heartbeat; every refresh is a JetStream write, acknowledged
                long due = System.nanoTime() + 1_500_000_000L;
                while (kv.get(key) != null && System.nanoTime() - due < 10_000_000_000L) {
                    Thread.sleep(10);
                }
                late.add((System.nanoTime() - due) / 1_000_000);
            }
            Thread.sleep(500);
            run.result("presence", "variant=jetstream-kv-max-age ttl_ms=1500 gone_late_ms=" + late.toString().replace(" ", "")
                    + " watcher_removal_events=" + removals.get() + " load=" + load());
            management.delete("presence");
        }
    }

    /** 100 messages/s with sequence numbers for `seconds`; the driver restarts the bus meanwhile. */
    static void reconnect(Run run, int seconds, boolean failFast) throws Exception {
        try (Bus bus = run.bus(false, failFast)) {
            AtomicLong received = new AtomicLong(), lastAt = new AtomicLong(System.nanoTime()), maxGap = new AtomicLong();
            bus.subscribe("chat.room", m -> {
                long now = System.nanoTime();
                maxGap.accumulateAndGet(now - lastAt.getAndSet(now), Math::max);
                received.incrementAndGet();
            });
            Publisher pub = bus.publisher();
            AtomicLong errors = new AtomicLong(), unheard = new AtomicLong();
            long sent = 0, start = System.nanoTime();
            System.out.println("READY"); // the driver restarts the bus from here on
            for (int i = 0; i < seconds * 100; i++) {
                LockSupport.parkNanos(start + i * 10_000_000L - System.nanoTime());
                sent++;
                try {
                    var answer = pub.publish("chat.room", line(System.nanoTime()));
                    if (answer != null) { // Redis: an error, or no subscriber received it
                        answer.whenComplete((receivers, e) -> {
                            if (e != null) errors.incrementAndGet();
                            else if (receivers == 0) unheard.incrementAndGet();
                        });
                    }
                } catch (Exception e) { // jnats, failing fast
                    errors.incrementAndGet();
                }
            }
            Thread.sleep(2000);
            // lost: published without an error and never delivered; "unheard" (Redis only): of
            // those, how many the sender was told no subscriber received
            long lost = sent - errors.get() - received.get();
            run.result("reconnect", String.format("variant=%s sent=%d publish_errors=%d received=%d lost=%d"
                    + " told_unheard=%d longest_gap_ms=%d", failFast ? "fail-fast" : "buffered", sent, errors.get(),
                    received.get(), lost, unheard.get(), maxGap.get() / 1_000_000));
        }
    }

    // ---- main ----

    public static void main(String[] args) throws Exception {
        Run run = new Run(args[0], args[1], Long.parseLong(args[2]));
        boolean nats = run.busName().equals("nats");
        for (String figure : Arrays.copyOfRange(args, 3, args.length)) {
            switch (figure) {
                case "capacity1", "capacity3" -> {
                    for (boolean pipelined : nats ? List.of(false) : List.of(false, true)) {
                        capacity(run, figure.equals("capacity1") ? 1 : 3, pipelined);
                    }
                }
                case "latency1000" -> latency(run, 1_000);
                case "latency10000" -> latency(run, 10_000);
                case "request", "request16", "noresponder" -> {
                    List<String> variants = !nats ? List.of("streams", "pubsub")
                            : figure.equals("noresponder") ? List.of("request-reply", "request-reply-reportNoResponders")
                            : List.of("request-reply");
                    for (String variant : variants) {
                        try (Requester r = nats ? new NatsRequester(run.url(), "server2", variant.endsWith("NoResponders"))
                                : new RedisRequester(run.url(), "server2", variant.equals("streams"))) {
                            switch (figure) {
                                case "request" -> request(run, variant, r, 1);
                                case "request16" -> request(run, variant, r, 16);
                                default -> noResponder(run, variant, r);
                            }
                        }
                    }
                    if (nats && figure.equals("noresponder")) {
                        natsSyncNoResponder(run);
                    }
                }
                case "presence" -> {
                    if (nats) natsKvPresence(run);
                    else presence(run);
                }
                default -> {
                    if (figure.startsWith("reconnect")) { // reconnectSECONDS: the clients' default behaviour
                        reconnect(run, Integer.parseInt(figure.substring("reconnect".length())), false);
                    } else if (figure.startsWith("failfast")) { // failfastSECONDS: publishes fail while disconnected
                        reconnect(run, Integer.parseInt(figure.substring("failfast".length())), true);
                    } else {
                        throw new IllegalArgumentException("unknown figure " + figure);
                    }
                }
            }
        }
        System.exit(0); // client libraries' non-daemon threads must not keep the run alive
    }

    static void log(String s) {
        System.err.println(s);
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static long sum(AtomicLong[] counts) {
        long s = 0;
        for (AtomicLong c : counts) s += c.get();
        return s;
    }

    static long min(AtomicLong[] counts) {
        long m = Long.MAX_VALUE;
        for (AtomicLong c : counts) m = Math.min(m, c.get());
        return m;
    }
}
