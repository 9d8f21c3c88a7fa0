package vpn.core.negotiation;

/**
 * A proposal as the server received it, with its exact bytes: secure mode signs what was
 * received, byte for byte.
 */
public record ReceivedProposal(Proposal proposal, byte[] bytes) {

    public ReceivedProposal {
        bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }
}
