/**
 * The echo service: the classic reference's application. The server prints each message and
 * answers {@code Server says: } and the text reversed; {@code vpn client} is its client.
 */
module vpn.service.echo {
    requires vpn.api;

    provides vpn.api.service.Service with vpn.service.echo.EchoService;
    provides vpn.api.service.ServiceCommand with vpn.service.echo.EchoClientCommand;
}
