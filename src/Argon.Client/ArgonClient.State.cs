namespace Argon;

/// <summary>
/// How many of the client's managers it is connected to: what a health check needs beyond <see cref="IsConnected"/>,
/// which cannot tell "every manager" from "some of them".
/// </summary>
public sealed partial class ArgonClient
{
    /// <summary>The managers this client was given: the entries of <see cref="ArgonClientOptions.Managers"/>, or 1.</summary>
    public int ManagerCount => _managers.Length;

    /// <summary>
    /// How many managers have a connection up now (0 while reconnecting, after the connection is lost for good, or
    /// once disposed). Equal to <see cref="ManagerCount"/> when all are reached.
    /// </summary>
    public int ConnectedManagerCount
    {
        get
        {
            if (Volatile.Read(ref _closed) is not null)
            {
                return 0;
            }

            var connected = 0;
            foreach (var slot in _managers)
            {
                if (slot.Link is not null)
                {
                    connected++;
                }
            }

            return connected;
        }
    }
}
