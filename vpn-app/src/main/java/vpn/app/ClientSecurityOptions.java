package vpn.app;

import java.nio.file.Path;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import vpn.core.secure.ClientSecurity;
import vpn.core.secure.KnownHosts;
import vpn.core.keys.IdentityFile;
import vpn.core.keys.Passphrases;

/** The client's security options: which protocol it speaks, and which server key it trusts. */
final class ClientSecurityOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = "--known-hosts", defaultValue = "${sys:user.home}/.customvpn/known_hosts", paramLabel = "FILE",
            description = "Where server keys are pinned on first use (default: ${DEFAULT-VALUE}).")
    Path knownHosts;

    @ArgGroup(exclusive = true)
    ModeOptions mode = new ModeOptions();

    @Option(names = "--identity", paramLabel = "FILE",
            description = "Your user key, for servers that ask for a user (an OpenSSH ed25519 private key, as "
                    + "vpn keygen or ssh-keygen -t ed25519 make). Read only when a server asks. "
                    + "Default: ~/.customvpn/id_ed25519 when it exists.")
    Path identity;

    @Option(names = "--server-key", paramLabel = "FINGERPRINT",
            description = "Trust only this server key (SHA256:..., as the server prints it).")
    String serverKey;

    static final class ModeOptions {
        @Option(names = "--require-secure",
                description = "Accepted for old scripts; secure mode is always required unless --classic.")
        boolean requireSecure;

        @Option(names = "--classic",
                description = "Speak only the classic protocol, which cannot authenticate the server: "
                        + "for the Python peers and other classic servers.")
        boolean classic;
    }

    /** True with {@code --classic}. */
    boolean classic() {
        return mode.classic;
    }

    ClientSecurity toSecurity(Console console, Passphrases passphrases) {
        if (mode.classic && serverKey != null) {
            throw new ParameterException(command.commandLine(),
                    "--classic and --server-key contradict each other: a server key needs secure mode");
        }
        KnownHosts hosts = new KnownHosts(knownHosts, console::error);
        ClientSecurity security = mode.classic ? ClientSecurity.classic(hosts) : ClientSecurity.secure(hosts);
        security = security.withIdentity(identity != null
                ? new IdentityFile(identity, true, passphrases)
                : new IdentityFile(IdentityFile.defaultFile(Path.of(System.getProperty("user.home"))), false, passphrases));
        return serverKey == null ? security : security.expecting(serverKey);
    }
}
