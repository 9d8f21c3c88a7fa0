/**
 * The file service: copies files between a client and the folder a server serves
 * ({@code vpn server --files DIR}), for the server's authenticated users. Every file's SHA-256 is
 * checked by the receiver before the file takes its name; writes are atomic on both sides and can
 * be resumed. Its commands: {@code vpn put}, {@code get}, {@code ls}, {@code mkdir}, {@code rm}.
 * The wire format: docs/files-protocol.md.
 */
module vpn.service.files {
    requires vpn.api;

    provides vpn.api.service.Service with vpn.service.files.FilesService;
    provides vpn.api.service.ServiceCommand with vpn.service.files.PutCommand, vpn.service.files.GetCommand,
            vpn.service.files.LsCommand, vpn.service.files.MkdirCommand, vpn.service.files.RmCommand;
}
