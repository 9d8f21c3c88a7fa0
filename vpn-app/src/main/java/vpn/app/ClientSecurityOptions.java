package vpn.app;

import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import vpn.core.secure.ClientSecurity;
import vpn.core.secure.KnownHosts;

/** The client's security options: how it treats classic mode, and which server key it trusts. */
final class ClientSecurityOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = "--known-hosts", defaultValue = "${sys:user.home}/.customvpn/known_hosts", paramLabel = "FILE",
            description = "Where server keys are pinned on first use (default: ${DEFAULT-VALUE}).")
    Path knownHosts;

    @ArgGroup(exclusive = true)
    ModeOptions mode = new ModeOptions();

    @Option(names = "--server-key", paramLabel = "FINGERPRINT",
            description = "Trust only this server key (SHA256:..., as the server prints it); implies secure mode.")
    String serverKey;

    static final class ModeOptions {
        @Option(names = "--require-secure", description = "Refuse to continue if the server answers in classic mode.")
        boolean requireSecure;

        @Option(names = "--classic",
                description = "Speak only the classic protocol (no secure-mode signal), for old servers.")
        boolean classic;
    }

    ClientSecurity toSecurity() {
        ClientSecurity.Mode chosen = mode.requireSecure ? ClientSecurity.Mode.REQUIRE_SECURE
                : mode.classic ? ClientSecurity.Mode.CLASSIC_ONLY
                : ClientSecurity.Mode.OPPORTUNISTIC;
        if (chosen == ClientSecurity.Mode.CLASSIC_ONLY && serverKey != null) {
            throw new ParameterException(command.commandLine(),
                    "--classic and --server-key contradict each other: a server key needs secure mode");
        }
        return new ClientSecurity(new KnownHosts(knownHosts), chosen, Optional.ofNullable(serverKey));
    }
}
