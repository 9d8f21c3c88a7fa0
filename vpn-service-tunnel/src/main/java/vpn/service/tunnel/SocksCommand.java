package vpn.service.tunnel;

import java.util.List;
import vpn.api.service.CommandContext;
import vpn.api.service.ExitCode;
import vpn.api.service.ServiceCommand;
import vpn.service.tunnel.client.LocalProxies;
import vpn.service.tunnel.protocol.TunnelProtocol;

/** {@code vpn socks [--bind ADDR] LOCAL_PORT}: a SOCKS5 proxy whose connections the server makes, as {@code ssh -D}. */
public final class SocksCommand implements ServiceCommand {

    @Override
    public String name() {
        return "socks";
    }

    @Override
    public String service() {
        return TunnelProtocol.NAME;
    }

    @Override
    public List<String> description() {
        return List.of(
                "A SOCKS5 proxy through the server: vpn socks [--bind ADDR] LOCAL_PORT",
                "Listens on 127.0.0.1:LOCAL_PORT (--bind ADDR: on ADDR instead; 0: a free port) for SOCKS5 CONNECT "
                        + "requests without authentication, to IPv4 and IPv6 addresses and to names, which the server "
                        + "resolves: curl --socks5-hostname 127.0.0.1:1080 URL. Prints SOCKS5 proxy on 127.0.0.1:P, "
                        + "then runs until interrupted, making a dropped session again after 1, 2, 4... up to 30 s.",
                "A target the server does not allow gets SOCKS reply 2 (not allowed by ruleset); a closed port 5, "
                        + "an unknown or unreachable host 4. The server must run with --allow-forward and have your key "
                        + "in its --authorized-keys. Exit codes: 1 failed, 2 usage, "
                        + "4 authentication, 5 the server does not offer tunnels.");
    }

    @Override
    public int run(List<String> arguments, CommandContext context) throws Exception {
        TunnelArguments parsed;
        int localPort;
        try {
            parsed = TunnelArguments.parse(arguments, name());
            if (parsed.operands().size() != 1) {
                throw new IllegalArgumentException("give one LOCAL_PORT");
            }
            localPort = TunnelArguments.localPort(parsed.operands().get(0));
        } catch (IllegalArgumentException e) {
            context.terminal().error("error: vpn " + name() + ": " + e.getMessage());
            return ExitCode.USAGE;
        }
        return LocalProxies.socks(context, parsed.bind(), localPort);
    }
}
