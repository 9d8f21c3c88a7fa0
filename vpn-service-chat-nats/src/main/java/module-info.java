/**
 * The chat cluster's bus on NATS ({@code vpn server --cluster nats://HOST:PORT}): core NATS
 * subjects, one all the servers hear and one per server for requests, and NATS's request-reply
 * for the delivery reports of relayed direct messages. Nothing persistent: the chat keeps its
 * presence itself, from the servers' heartbeats.
 */
module vpn.service.chat.nats {
    requires vpn.service.chat;
    requires io.nats.jnats;

    provides vpn.service.chat.cluster.ClusterBusProvider with vpn.service.chat.nats.NatsBusProvider;
}
