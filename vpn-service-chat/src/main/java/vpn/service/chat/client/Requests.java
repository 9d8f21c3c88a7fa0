package vpn.service.chat.client;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.IntFunction;
import vpn.api.service.Channel;
import vpn.api.service.ChannelException;
import vpn.service.chat.protocol.ClientCodec;
import vpn.service.chat.protocol.ClientMessage;
import vpn.service.chat.protocol.ServerMessage.Answer;

/**
 * The client's requests that the server has not answered yet, by id. Each answer runs its
 * request's handler once; only then is the request settled, so that a client waiting for
 * everything to be settled has printed every answer.
 */
final class Requests {

    /** What to do with the answer to one request. */
    @FunctionalInterface
    interface AnswerHandler {
        /** @throws IOException if the answer does not fit the request: the server broke the protocol */
        void answered(Answer answer) throws IOException;
    }

    private final Channel channel;
    private final Map<Integer, AnswerHandler> pending = new HashMap<>();
    private int nextId;

    /** @param firstId the id of the first request sent through this; ids before it are the caller's */
    Requests(Channel channel, int firstId) {
        this.channel = channel;
        this.nextId = firstId;
    }

    /** Sends the request made with a fresh id; {@code handler} gets its answer, on the receiving thread. */
    void send(IntFunction<ClientMessage> request, AnswerHandler handler) throws IOException {
        int id;
        synchronized (this) {
            id = nextId++;
            pending.put(id, handler);
        }
        channel.send(ClientCodec.encode(request.apply(id)));
    }

    /** Runs the handler of the request answered, then settles it. */
    void answer(Answer answer) throws IOException {
        AnswerHandler handler;
        synchronized (this) {
            handler = pending.get(answer.requestId());
        }
        if (handler == null) {
            throw new ChannelException("the server answered request " + Integer.toUnsignedString(answer.requestId())
                    + ", which is not waiting for an answer");
        }
        try {
            handler.answered(answer);
        } finally {
            if (answer.last()) {
                synchronized (this) {
                    pending.remove(answer.requestId());
                    notifyAll();
                }
            }
        }
    }

    /**
     * Waits until every request is answered, at most {@code timeout}.
     *
     * @return how many are still unanswered: 0 on success
     */
    synchronized int awaitAnswers(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!pending.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return pending.size();
    }
}
