package vpn.service.tunnel;

import java.util.List;
import vpn.api.service.CommandContext;
import vpn.api.service.ExitCode;
import vpn.api.service.ServiceCommand;
import vpn.service.tunnel.client.LocalProxies;
import vpn.service.tunnel.protocol.TunnelProtocol;

/** {@code vpn forward [--bind ADDR] LOCAL_PORT:TARGET_HOST:TARGET_PORT}: a local port carried to a target, as {@code ssh -L}. */
public final class ForwardCommand implements ServiceCommand {

    @Override
    public String name() {
        return "forward";
    }

    @Override
    public String service() {
        return TunnelProtocol.NAME;
    }

    @Override
    public List<String> description() {
        return List.of(
                "Forwards a local port through the server: vpn forward [--bind ADDR] [--remote] LOCAL_PORT:TARGET_HOST:TARGET_PORT",
                "Listens on 127.0.0.1:LOCAL_PORT (--bind ADDR: on ADDR instead; LOCAL_PORT 0: a free port) and carries "
                        + "each connection to TARGET_HOST:TARGET_PORT as the server reaches it (an IPv6 target in "
                        + "brackets: 8080:[::1]:80). All connections share one session.",
                "Asks the server first whether it allows the target, then prints one line, "
                        + "Forwarding 127.0.0.1:P -> HOST:PORT via SERVER:PORT, and runs until interrupted. A dropped "
                        + "session is made again after 1, 2, 4... up to 30 s; new connections wait for it.",
                "--remote SERVER_PORT:HOST:PORT, as ssh -R: the server listens on its 127.0.0.1:SERVER_PORT (if its "
                        + "--allow-remote-forward allows the port) and each connection made there is carried to "
                        + "HOST:PORT as reached from here. Prints Forwarding remote 127.0.0.1:SERVER_PORT -> HOST:PORT "
                        + "via SERVER:PORT.",
                "The server must run with --allow-forward allowing the target and have your key (--identity) in its "
                        + "--authorized-keys. Exit codes: 1 failed, 2 usage, 4 authentication, "
                        + "5 refused (the target is not allowed, or the server does not offer tunnels).");
    }

    @Override
    public int run(List<String> arguments, CommandContext context) throws Exception {
        TunnelArguments parsed;
        TunnelArguments.Forward forward;
        try {
            parsed = TunnelArguments.parse(arguments, name());
            if (parsed.operands().size() != 1) {
                throw new IllegalArgumentException("give one LOCAL_PORT:TARGET_HOST:TARGET_PORT");
            }
            forward = TunnelArguments.Forward.parse(parsed.operands().get(0));
        } catch (IllegalArgumentException e) {
            context.terminal().error("error: vpn " + name() + ": " + e.getMessage());
            return ExitCode.USAGE;
        }
        if (parsed.remote()) {
            if (forward.localPort() == 0) {
                context.terminal().error("error: vpn " + name() + ": --remote needs the server's port, 1 to 65535");
                return ExitCode.USAGE;
            }
            return LocalProxies.remoteForward(context, forward.localPort(), forward.host(), forward.port());
        }
        return LocalProxies.forward(context, parsed.bind(), forward.localPort(), forward.host(), forward.port());
    }
}
