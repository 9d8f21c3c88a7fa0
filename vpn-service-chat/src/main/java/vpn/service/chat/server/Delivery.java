package vpn.service.chat.server;

/** Told, once, whether a queued message reached its session's connection. */
@FunctionalInterface
interface Delivery {

    /** For messages nobody waits on. */
    Delivery NONE = delivered -> { };

    /**
     * @param delivered true once the message was written to the connection, false if the session
     *     ended (or was dropped) first
     */
    void settled(boolean delivered);
}
