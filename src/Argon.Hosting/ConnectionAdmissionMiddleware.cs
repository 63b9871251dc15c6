using System.Net;
using Microsoft.AspNetCore.Connections;

namespace Argon.Hosting;

/// <summary>
/// The connection limits as two Kestrel middleware steps around <see cref="SecureChannelMiddleware"/>:
/// <see cref="AdmitAsync"/> before it counts a new connection as unauthenticated, or closes it at once (no TLS
/// work) when a limit is reached; <see cref="AuthenticatedAsync"/> after it, reached only once the key proof has
/// succeeded, moves the connection to its address's authenticated count. The place is given back when the
/// connection ends, however it ends.
/// </summary>
internal sealed class ConnectionAdmissionMiddleware(ConnectionAdmission admission, RefusalLog refusals)
{
    public async Task AdmitAsync(ConnectionContext connection, ConnectionDelegate next)
    {
        var address = (connection.RemoteEndPoint as IPEndPoint)?.Address;
        var ticket = admission.TryAdmit(address, out var refusal);
        if (ticket is null)
        {
            Refuse(connection, ConnectionAdmission.KeyOf(address), refusal);
            return;
        }

        using (ticket)
        {
            connection.Features.Set(ticket);
            await next(connection).ConfigureAwait(false);
        }
    }

    public Task AuthenticatedAsync(ConnectionContext connection, ConnectionDelegate next)
    {
        var ticket = connection.Features.Get<AdmissionTicket>()
            ?? throw new InvalidOperationException("The connection was not admitted: AdmitAsync must run before the secure channel.");
        var refusal = admission.TryAuthenticate(ticket);
        if (refusal != AdmissionRefusal.None)
        {
            Refuse(connection, ticket.Address, refusal);
            return Task.CompletedTask;
        }

        return next(connection);
    }

    private void Refuse(ConnectionContext connection, IPAddress key, AdmissionRefusal refusal) =>
        refusals.Record(key, connection.RemoteEndPoint?.ToString() ?? "an unknown address", refusal);
}
