package vpn.core.client;

import vpn.api.service.Identity;
import vpn.api.service.User;
import vpn.core.keys.UserKey;

/** The session's user as the client's service sees it: the user the server accepted, signing with its key. */
record KeyIdentity(User user, UserKey key) implements Identity {

    @Override
    public byte[] sign(byte[] message) {
        return key.sign(message);
    }

    @Override
    public String toString() {
        return "KeyIdentity[" + user + "]";
    }
}
