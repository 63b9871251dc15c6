using System.Globalization;
using Spectre.Console;

namespace Argon.Cli.Console;

/// <summary>`argon status` for people: a summary, a table of workers and one of peer managers (Spectre.Console), plain when redirected.</summary>
internal static class StatusTable
{
    /// <summary>A console over <paramref name="output"/>; when it is not a terminal, wide enough that no row wraps, and without colour.</summary>
    public static IAnsiConsole CreateConsole(TextWriter output, bool redirected)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = redirected ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = redirected ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            Interactive = redirected ? InteractionSupport.No : InteractionSupport.Detect,
        });
        if (redirected)
        {
            console.Profile.Width = 240;
        }

        return console;
    }

    /// <summary>The line above one manager's status when several are shown; <paramref name="error"/> when it could not be reached.</summary>
    public static void WriteHeading(IAnsiConsole console, string manager, string? error)
    {
        console.WriteLine();
        console.Write(new Rule(Markup.Escape(manager)).LeftJustified());
        if (error is not null)
        {
            console.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[red]unreachable:[/] {error}");
        }
    }

    public static void Write(IAnsiConsole console, ArgonClusterStatus status)
    {
        var c = CultureInfo.InvariantCulture;
        console.MarkupLineInterpolated(c, $"[bold]Manager {status.Node}[/] (v{status.Version}), up {HumanDuration.Format(status.Uptime)}");
        console.WriteLine(string.Create(c, $"Capacity {status.Capacity}, in flight {status.InFlight}, workers {status.Workers.Count}"));
        console.WriteLine(string.Create(c, $"Queue {status.Queued}/{status.QueueLimit} (high {status.QueuedHigh}, normal {status.QueuedNormal}, low {status.QueuedLow})"));
        console.WriteLine(string.Create(c,
            $"Tasks submitted {status.Submitted}, completed {status.Completed}, failed {status.Failed}, denied {status.Denied}; {status.TasksPerSecond:0.#} tasks/s"));
        if (status.Workers.Count == 0)
        {
            console.MarkupLine("[yellow]No worker is registered.[/]");
            return;
        }

        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn(new TableColumn("Worker").NoWrap());
        table.AddColumn(new TableColumn("Address").NoWrap());
        table.AddColumn(new TableColumn("Capacity").RightAligned());
        table.AddColumn(new TableColumn("In flight").RightAligned());
        table.AddColumn(new TableColumn("Avg task").RightAligned());
        table.AddColumn(new TableColumn("Done").RightAligned());
        table.AddColumn(new TableColumn("Uptime").RightAligned());
        foreach (var w in status.Workers)
        {
            table.AddRow(
                new Text(w.NodeId), new Text(w.Address), new Text(w.Capacity.ToString(c)), new Text(w.InFlight.ToString(c)),
                new Text(string.Create(c, $"{w.AverageTaskTime.TotalMilliseconds:0.0} ms")), new Text(w.Completed.ToString(c)),
                new Text(HumanDuration.Format(w.Uptime)));
        }

        console.Write(table);
        WritePeers(console, status.Peers);
    }

    /// <summary>The other managers the workers also serve, and how many of them reach each; nothing when there are none.</summary>
    private static void WritePeers(IAnsiConsole console, IReadOnlyList<ArgonPeerStatus> peers)
    {
        if (peers.Count == 0)
        {
            return;
        }

        var c = CultureInfo.InvariantCulture;
        var table = new Table().Border(TableBorder.Rounded).Title("Peer managers, as the workers reach them");
        table.AddColumn(new TableColumn("Peer").NoWrap());
        table.AddColumn(new TableColumn("Reached by").RightAligned());
        table.AddColumn(new TableColumn("State"));
        table.AddColumn(new TableColumn("Changed").RightAligned());
        foreach (var p in peers)
        {
            var state = p.ReachableBy == p.ReportedBy ? "[green]all reach it[/]" : p.ReachableBy == 0 ? "[red]none reach it[/]" : "[yellow]some reach it[/]";
            table.AddRow(
                new Text(p.Endpoint), new Text(string.Create(c, $"{p.ReachableBy} of {p.ReportedBy} workers")), new Markup(state),
                new Text(HumanDuration.Format(p.SinceChange) + " ago"));
        }

        console.Write(table);
    }
}
