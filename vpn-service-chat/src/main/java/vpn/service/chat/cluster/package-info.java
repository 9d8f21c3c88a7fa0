/**
 * The chat's seam to a message bus, so that several servers share one room: {@link
 * vpn.service.chat.cluster.ClusterBusProvider} is what a bus module provides. Everything the
 * servers say to each other (presence, lines, relayed direct messages and their delivery
 * reports) is the chat's own cluster format, docs/chat-protocol.md "Between servers".
 */
package vpn.service.chat.cluster;
