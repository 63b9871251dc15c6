using System.Runtime.InteropServices;

namespace Argon.Cli.Processes;

internal sealed partial class ArgonProcess
{
    private const int Sigterm = 15;
    private const int Sigstop = 19;
    private const int Sigcont = 18;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Signal(int pid, int signal);
}
