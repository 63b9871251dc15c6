using System.Net;
using Microsoft.Extensions.Logging;

namespace Argon.Hosting.Tests;

public sealed class RefusalLogTests
{
    private static readonly ConnectionLimits Limits = new() { MaxUnauthenticated = 512, MaxUnauthenticatedPerAddress = 64 };

    [Fact]
    public void Record_FirstRefusal_IsLoggedAtOnceWithItsAddressAndLimit()
    {
        var logger = new ListLogger();
        using var log = new RefusalLog(logger, Limits, new ManualTimeProvider());

        log.Record(IPAddress.Loopback, "127.0.0.1:5000", AdmissionRefusal.UnauthenticatedPerAddress);

        var line = Assert.Single(logger.Lines);
        Assert.Contains("127.0.0.1:5000", line, StringComparison.Ordinal);
        Assert.Contains("over 64 unauthenticated per address", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Record_ManyRefusalsInOnePeriod_AreOneSummaryLine()
    {
        var logger = new ListLogger();
        var time = new ManualTimeProvider();
        using var log = new RefusalLog(logger, Limits, time);
        log.Record(IPAddress.Loopback, "127.0.0.1:5000", AdmissionRefusal.UnauthenticatedPerAddress);

        for (var i = 0; i < 1000; i++)
        {
            log.Record(IPAddress.Parse($"127.0.0.{2 + (i % 10)}"), "ignored", i < 600 ? AdmissionRefusal.UnauthenticatedPerAddress : AdmissionRefusal.UnauthenticatedTotal);
        }

        Assert.Single(logger.Lines);
        log.Flush();

        Assert.Equal(2, logger.Lines.Count);
        Assert.Equal("Refused in the last 10 s: 1000 connections from 10 addresses: 600 over 64 unauthenticated per address, 400 over 512 unauthenticated in all",
            logger.Lines[1]);
        Assert.Equal(1, time.Created);
    }

    [Fact]
    public void Flush_AfterAQuietPeriod_StopsTheTimer_AndTheNextRefusalIsLoggedAtOnce()
    {
        var logger = new ListLogger();
        var time = new ManualTimeProvider();
        using var log = new RefusalLog(logger, Limits, time);
        log.Record(IPAddress.Loopback, "first", AdmissionRefusal.UnauthenticatedTotal);

        log.Flush();

        Assert.Single(logger.Lines);
        Assert.True(time.LastTimer!.Disposed);
        log.Record(IPAddress.Loopback, "second", AdmissionRefusal.AuthenticatedPerAddress);
        Assert.Equal(2, logger.Lines.Count);
        Assert.Contains("second", logger.Lines[1], StringComparison.Ordinal);
        Assert.Equal(2, time.Created);
    }

    [Fact]
    public void Summary_FromMoreAddressesThanItKeeps_SaysMoreThan()
    {
        var summary = new RefusalSummary();
        for (var i = 0; i < RefusalSummary.MaxAddresses + 10; i++)
        {
            summary.Add(new IPAddress(0x0A000000u + (uint)i), AdmissionRefusal.UnauthenticatedPerAddress);
        }

        var text = summary.Take(Limits);

        Assert.StartsWith($"{RefusalSummary.MaxAddresses + 10} connections from more than {RefusalSummary.MaxAddresses} addresses:", text, StringComparison.Ordinal);
        Assert.Null(summary.Take(Limits));
    }

    private sealed class ListLogger : ILogger
    {
        public List<string> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Add(formatter(state, exception));
    }

    /// <summary>Timers that never fire on their own: the test calls <see cref="RefusalLog.Flush"/> as the timer would.</summary>
    private sealed class ManualTimeProvider : TimeProvider
    {
        public int Created { get; private set; }

        public ManualTimer? LastTimer { get; private set; }

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            Created++;
            return LastTimer = new ManualTimer();
        }
    }

    private sealed class ManualTimer : ITimer
    {
        public bool Disposed { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period) => !Disposed;

        public void Dispose() => Disposed = true;

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
