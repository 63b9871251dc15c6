namespace Argon;

/// <summary>
/// One manager of a client and everything that belongs to it alone: its connection (one after another with
/// Reconnect on), its credit, the calls it holds, and the signal that it is up and granted again. A client with
/// one manager has one slot; with <see cref="ArgonClientOptions.Managers"/>, one per entry.
/// </summary>
internal sealed class ManagerSlot(ManagerEndpoint endpoint)
{
    private ClientLink? _link;
    private ArgonConnectionException? _lastLoss;
    private TaskCompletionSource<ClientLink> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private string _node = endpoint.ToString();
    private int _load;
    private volatile bool _dead;

    public ManagerEndpoint Endpoint { get; } = endpoint;

    /// <summary>The manager's credit: how many calls this client may have outstanding there.</summary>
    public CreditGate Credit { get; } = new();

    /// <summary>The connection now; null while reconnecting, before the first connection, and once lost for good.</summary>
    public ClientLink? Link
    {
        get => Volatile.Read(ref _link);
        set
        {
            Volatile.Write(ref _link, value);
            if (value is not null)
            {
                Volatile.Write(ref _node, value.Node);
            }
        }
    }

    /// <summary>The node name the manager gave (its address until it was first reached).</summary>
    public string Node => Volatile.Read(ref _node);

    /// <summary>What the last connection ended with: the error of calls made before the next one.</summary>
    public ArgonConnectionException? LastLoss
    {
        get => Volatile.Read(ref _lastLoss);
        set => Volatile.Write(ref _lastLoss, value);
    }

    /// <summary>Completed when a connection is up and granted; replaced by <see cref="Park"/> when it goes.</summary>
    public TaskCompletionSource<ClientLink> Ready => Volatile.Read(ref _ready);

    /// <summary>Lost and not coming back (Reconnect is off, or the key was refused): it takes no calls again.</summary>
    public bool IsDead
    {
        get => _dead;
        set => _dead = value;
    }

    /// <summary>New calls may go here: connected, not draining, and the connection not over.</summary>
    public bool TakesCalls => Link is { Draining: null } link && !link.Ended.Task.IsCompleted;

    /// <summary>Calls placed here and not yet ended (counted with several managers only).</summary>
    public int Load => Volatile.Read(ref _load);

    public void AddLoad() => Interlocked.Increment(ref _load);

    public void RemoveLoad() => Interlocked.Decrement(ref _load);

    /// <summary>From now on calls that wait for this manager wait for its next connection's first grant.</summary>
    public void Park()
    {
        if (Ready.Task.IsCompleted)
        {
            Volatile.Write(ref _ready, new TaskCompletionSource<ClientLink>(TaskCreationOptions.RunContinuationsAsynchronously));
        }
    }

    public SpreadCandidate AsCandidate() => new(TakesCalls, Load, Credit.Limit);
}
