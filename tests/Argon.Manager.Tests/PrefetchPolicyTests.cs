using Argon.Manager.Scheduling;

namespace Argon.Manager.Tests;

public sealed class PrefetchPolicyTests
{
    private static readonly PrefetchPolicy Policy = new(maxPerExecutor: 32, window: TimeSpan.FromMilliseconds(2));

    [Fact]
    public void For_UnknownTaskTime_GivesOnePerExecutor() => Assert.Equal(4, Policy.For(4, averageTaskMs: null));

    [Fact]
    public void For_TinyTasks_IsCappedPerExecutor() => Assert.Equal(2 * 32, Policy.For(2, averageTaskMs: 0.01));

    [Fact]
    public void For_TasksLongerThanTheWindow_GivesOnePerExecutor() => Assert.Equal(4, Policy.For(4, averageTaskMs: 20));

    [Fact]
    public void For_LongTasks_GivesNone() => Assert.Equal(0, Policy.For(4, averageTaskMs: PrefetchPolicy.LongTask.TotalMilliseconds));

    [Fact]
    public void For_MillisecondTasks_CoversTheWindow() => Assert.Equal(4, Policy.For(2, averageTaskMs: 1));

    [Fact]
    public void For_Disabled_GivesNone() => Assert.Equal(0, new PrefetchPolicy(0, TimeSpan.FromMilliseconds(2)).For(8, 0.01));
}
