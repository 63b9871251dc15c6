using static Argon.Protocol.Messages.Validation.FieldRules;
using static Argon.Protocol.Messages.Validation.InvalidMessage;

namespace Argon.Protocol.Messages.Validation;

/// <summary>The rules for StatusReply and the workers it lists (its peers: <see cref="PeerValidation"/>).</summary>
internal static class StatusValidation
{
    /// <summary>One depth per priority: Low, Normal, High.</summary>
    private const int Priorities = 3;

    public static void Validate(StatusReply m)
    {
        const MessageType type = MessageType.StatusReply;
        Check(type, "Id", NonNegative(m.Id));
        Check(type, "Node", Line(m.Node, MessageLimits.MaxNameLength));
        Check(type, "Version", Line(m.Version, MessageLimits.MaxNameLength));
        Check(type, "Capacity", NonNegative(m.Capacity));
        Check(type, "InFlight", NonNegative(m.InFlight));
        Check(type, "QueueLimit", NonNegative(m.QueueLimit));
        Check(type, "Submitted", NonNegative(m.Submitted));
        Check(type, "Completed", NonNegative(m.Completed));
        Check(type, "Failed", NonNegative(m.Failed));
        Check(type, "Denied", NonNegative(m.Denied));
        Check(type, "TasksPerSecond", NonNegative(m.TasksPerSecond));
        Check(type, "UptimeSeconds", NonNegative(m.UptimeSeconds));

        var depths = m.QueueDepthByPriority;
        if (depths is null || depths.Length != Priorities)
        {
            throw Exception(type, "QueueDepthByPriority", depths is null
                ? "is missing"
                : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"holds {depths.Length} items, not {Priorities}"));
        }

        for (var i = 0; i < depths.Length; i++)
        {
            Check(type, "QueueDepthByPriority", i, "", NonNegative(depths[i]));
        }

        var workers = m.Workers;
        if (workers is null)
        {
            throw Exception(type, "Workers", "is missing");
        }

        Check(type, "Workers", Count(workers.Count, MessageLimits.MaxStatusWorkers));
        for (var i = 0; i < workers.Count; i++)
        {
            var worker = workers[i];
            if (worker is null)
            {
                Check(type, "Workers", i, "", "is missing");
                continue;
            }

            Check(type, "Workers", i, ".NodeId", Line(worker.NodeId, MessageLimits.MaxNameLength));
            Check(type, "Workers", i, ".Address", Line(worker.Address, MessageLimits.MaxNameLength));
            Check(type, "Workers", i, ".Capacity", NonNegative(worker.Capacity));
            Check(type, "Workers", i, ".InFlight", NonNegative(worker.InFlight));
            Check(type, "Workers", i, ".AverageTaskMs", NonNegative(worker.AverageTaskMs));
            Check(type, "Workers", i, ".Completed", NonNegative(worker.Completed));
            Check(type, "Workers", i, ".UptimeSeconds", NonNegative(worker.UptimeSeconds));
        }

        PeerValidation.Validate(type, m.Peers);
    }
}
