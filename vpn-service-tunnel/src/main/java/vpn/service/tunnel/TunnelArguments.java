package vpn.service.tunnel;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import vpn.service.tunnel.protocol.TunnelMessage;

/**
 * The arguments the app leaves to {@code vpn forward} and {@code vpn socks}: {@code --bind ADDR}
 * (default 127.0.0.1: a tunnel is not offered to the network unless asked) and the operands.
 */
record TunnelArguments(InetAddress bind, boolean remote, List<String> operands) {

    static final String BIND = "--bind";
    static final String REMOTE = "--remote";

    TunnelArguments {
        operands = List.copyOf(operands);
    }

    /** @throws IllegalArgumentException with the usage error's text */
    static TunnelArguments parse(List<String> arguments, String command) {
        String bind = "127.0.0.1";
        boolean remote = false;
        List<String> operands = new ArrayList<>();
        for (int i = 0; i < arguments.size(); i++) {
            String argument = arguments.get(i);
            if (argument.equals(BIND)) {
                if (i + 1 == arguments.size()) {
                    throw new IllegalArgumentException(BIND + " needs an address");
                }
                bind = arguments.get(++i);
            } else if (argument.equals(REMOTE) && command.equals("forward")) {
                remote = true;
            } else if (argument.startsWith(BIND + "=")) {
                bind = argument.substring(BIND.length() + 1);
            } else if (argument.startsWith("-") && argument.length() > 1) {
                throw new IllegalArgumentException("unknown option '" + argument + "' (vpn " + command
                        + " --help lists the options)");
            } else {
                operands.add(argument);
            }
        }
        try {
            return new TunnelArguments(InetAddress.getByName(bind), remote, operands);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(BIND + " " + bind + ": not an address of this machine");
        }
    }

    /** A local port, 0 to 65535 (0: any free port, which the readiness line names). */
    static int localPort(String text) {
        int port = number(text);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("LOCAL_PORT is 0 to 65535, not '" + text + "'");
        }
        return port;
    }

    /** {@code LOCAL_PORT:TARGET_HOST:TARGET_PORT}, an IPv6 target in brackets ({@code 8080:[::1]:80}). */
    record Forward(int localPort, String host, int port) {
        static Forward parse(String text) {
            int first = text.indexOf(':');
            int last = text.lastIndexOf(':');
            if (first < 0 || last == first) {
                throw new IllegalArgumentException("'" + text + "' is not LOCAL_PORT:TARGET_HOST:TARGET_PORT");
            }
            int localPort = TunnelArguments.localPort(text.substring(0, first));
            String host = text.substring(first + 1, last);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            } else if (host.contains(":")) {
                throw new IllegalArgumentException("an IPv6 target is written in brackets: 8080:[::1]:80");
            }
            if (!TunnelMessage.Checks.validHost(host)) {
                throw new IllegalArgumentException("TARGET_HOST is 1 to 255 printable characters, not '" + host + "'");
            }
            int port = number(text.substring(last + 1));
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("TARGET_PORT is 1 to 65535, not '" + text.substring(last + 1) + "'");
            }
            return new Forward(localPort, host, port);
        }
    }

    private static int number(String text) {
        if (!text.matches("[0-9]{1,5}")) {
            return -1;
        }
        return Integer.parseInt(text);
    }
}
