using System.ComponentModel;
using System.Runtime.InteropServices;
using Argon.LinkDelay;
using Argon.LinkDelay.Netlink;

// The multi-host suite's link tool, run inside a host's namespace with `ip netns exec`:
//   delay --delay-us D --jitter-us J [--loss-ppm L] [--queue N] [--max-length N]
//       binds nfnetlink queue N, prints "linkdelay bound queue N", drops each packet with probability L / 10^6,
//       holds the others D ± J µs (uniform) and accepts them; prints a
//       "linkdelay stats ..." line each second something changed, and on SIGTERM accepts what it holds, prints
//       "linkdelay done ..." and exits 0.
//   listen ADDRESS:PORT      accepts and closes TCP connections until SIGTERM; prints "linkdelay listening on ADDRESS:PORT".
//   time-connect ADDRESS:PORT COUNT
//       COUNT TCP connects one after another; prints "linkdelay connect_us T1 T2 ..." (each connect's time in µs).
using var stop = new CancellationTokenSource();
using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
using var onInt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
try
{
    switch (args)
    {
        case ["delay", .. var options]:
            Delay(DelayOptions.Parse(options), stop.Token);
            return 0;
        case ["listen", var endpoint]:
            await ConnectProbe.ListenAsync(ConnectProbe.Endpoint(endpoint), stop.Token);
            return 0;
        case ["time-connect", var endpoint, var count]:
            await ConnectProbe.TimeConnectsAsync(ConnectProbe.Endpoint(endpoint), int.Parse(count, System.Globalization.CultureInfo.InvariantCulture), stop.Token);
            return 0;
        default:
            Console.Error.WriteLine("usage: delay --delay-us D --jitter-us J [--loss-ppm L] [--queue N] [--max-length N] | listen ADDRESS:PORT | time-connect ADDRESS:PORT COUNT");
            return 2;
    }
}
catch (OperationCanceledException)
{
    // SIGTERM during a connect.
    return 1;
}
catch (Exception ex) when (ex is ArgumentException or FormatException or Win32Exception or IOException or System.Net.Sockets.SocketException or TimeoutException)
{
    Console.Error.WriteLine($"linkdelay: {ex.GetType().Name}: {ex.Message}");
    return 1;
}

void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    stop.Cancel();
}

static void Delay(DelayOptions options, CancellationToken cancellationToken)
{
    using var socket = NfQueueSocket.Open(options.Queue, options.MaxLength);
    Console.WriteLine($"linkdelay bound queue {options.Queue} delay_us={options.Delay.TotalMicroseconds:0} " +
        $"jitter_us={options.Jitter.TotalMicroseconds:0} loss_ppm={options.LossPerMillion} max_length={options.MaxLength}");
    var delayer = new PacketDelayer(socket, options);
    delayer.Run(cancellationToken);
    Console.WriteLine(delayer.StatsLine("done"));
}
