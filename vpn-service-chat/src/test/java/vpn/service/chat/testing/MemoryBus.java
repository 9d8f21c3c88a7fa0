package vpn.service.chat.testing;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import vpn.service.chat.cluster.BusListener;
import vpn.service.chat.cluster.ClusterBus;
import vpn.service.chat.cluster.ClusterBusProvider;

/**
 * A message bus inside one JVM, for the cluster's unit tests: what NATS does for the chat (every
 * member gets the others' messages in order, asks reach one member or fail at once), on one thread
 * per member so that, as on a real bus, a member never hears a message on the thread that sent
 * it. Tests cut a member off, lose chosen messages, and wait until every message is handled.
 */
public final class MemoryBus implements ClusterBusProvider {

    private final class Member implements ClusterBus {
        final String node;
        final BusListener listener;
        final ExecutorService thread;
        volatile boolean connected = true;
        volatile boolean closed;

        Member(String node, BusListener listener) {
            this.node = node;
            this.listener = listener;
            this.thread = Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon().name("bus " + node).factory());
        }

        @Override
        public boolean publish(byte[] message) {
            if (!connected || closed) {
                return false;
            }
            if (lose.test(message)) {
                return true; // sent, and lost on the way
            }
            members.values().stream().filter(m -> m != this && m.connected && !m.closed)
                    .forEach(m -> m.run(() -> m.listener.onMessage(message.clone())));
            return true;
        }

        @Override
        public CompletableFuture<byte[]> ask(String target, byte[] request, Duration timeout) {
            Member other = members.get(target);
            if (!connected || closed || other == null || !other.connected || other.closed) {
                return CompletableFuture.failedFuture(new IOException("no responders for " + target));
            }
            CompletableFuture<byte[]> answer = new CompletableFuture<>();
            other.run(() -> other.listener.onAsk(request.clone()).whenComplete((bytes, failure) -> {
                if (failure == null) {
                    answer.complete(bytes);
                }
            }));
            return answer.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        public String describe() {
            return "memory://bus";
        }

        @Override
        public void close() {
            closed = true;
            members.remove(node, this);
            thread.shutdown();
        }

        void run(Runnable task) {
            queued.incrementAndGet();
            thread.execute(task);
        }
    }

    private final Map<String, Member> members = new ConcurrentHashMap<>();
    private final AtomicLong queued = new AtomicLong();
    private volatile Predicate<byte[]> lose = message -> false;

    @Override
    public String scheme() {
        return "memory";
    }

    @Override
    public ClusterBus connect(URI uri, String node, BusListener listener, Duration timeout) {
        Member member = new Member(node, listener);
        members.put(node, member);
        return member;
    }

    /** Loses, from now on, every message that {@code which} matches (null: none). */
    public void lose(Predicate<byte[]> which) {
        lose = which == null ? message -> false : which;
    }

    /** Cuts {@code node} off the bus (as an outage would), telling it so. */
    public void cut(String node) {
        Member member = members.get(node);
        member.connected = false;
        member.run(() -> member.listener.onDisconnected("connection reset"));
    }

    /** Connects {@code node} again, telling it so. */
    public void restore(String node) {
        Member member = members.get(node);
        member.connected = true;
        member.run(member.listener::onReconnected);
    }

    /** Waits until every message sent so far, and every one those caused, was handled. */
    public void settle() throws InterruptedException, ExecutionException, TimeoutException {
        long before;
        do {
            before = queued.get();
            for (Member member : members.values()) {
                if (!member.closed) {
                    member.thread.submit(() -> { }).get(10, TimeUnit.SECONDS);
                }
            }
        } while (queued.get() != before);
    }
}
