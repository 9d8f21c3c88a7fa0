/**
 * The chat service: one room per server for its authenticated users. Lines typed go to everyone
 * online; direct messages ({@code /send}) are encrypted and signed end to end, so the server only
 * relays them. {@code vpn chat} is its client and {@code vpn chat-bench} its load tool. The wire
 * format: docs/chat-protocol.md. With {@code vpn server --cluster URI}, the rooms of several servers
 * are one, through a message bus that another module supplies ({@code ClusterBusProvider}).
 */
module vpn.service.chat {
    requires vpn.api;
    requires org.bouncycastle.provider;

    // A message bus for --cluster: a module such as vpn.service.chat.nats provides one.
    exports vpn.service.chat.cluster;
    uses vpn.service.chat.cluster.ClusterBusProvider;

    provides vpn.api.service.Service with vpn.service.chat.ChatService;
    provides vpn.api.service.ServiceCommand with vpn.service.chat.ChatCommand, vpn.service.chat.ChatBenchCommand;
}
