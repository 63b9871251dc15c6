namespace Argon.MultiHostTests.Network;

/// <summary>How the suite runs one of its own .NET programs (the client, the link delayer) inside a host.</summary>
internal static class HostProgram
{
    /// <summary>`ip netns exec NAMESPACE DOTNET PROGRAM.dll ARGS`: the file to start and its arguments.</summary>
    public static (string FileName, IReadOnlyList<string> Arguments) Command(VirtualHost host, string program, IEnumerable<string> arguments) =>
        (host.Via[0], [.. host.Via.Skip(1), DotnetHost(), Path.Combine(AppContext.BaseDirectory, program), .. arguments]);

    /// <summary>The `dotnet` that runs this test process (as ArgonProcess finds it for argon.dll).</summary>
    private static string DotnetHost()
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (string.IsNullOrEmpty(host) && Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            host = self;
        }

        return string.IsNullOrEmpty(host) ? "dotnet" : host;
    }
}
