using Argon.Worker.Execution;

namespace Argon.Worker.Tests;

/// <summary>How deep an executor's queue is, from how long its tasks run (PipelineDepthPolicy.cs).</summary>
public sealed class PipelineDepthPolicyTests
{
    [Fact]
    public void TinyTasks_GetTheDeepestQueue()
    {
        var policy = new PipelineDepthPolicy();

        Assert.Equal(PipelineDepthPolicy.MaxDepth, policy.Observe(TimeSpan.FromMicroseconds(20)));
        Assert.Equal(PipelineDepthPolicy.MaxDepth, policy.Observe(TimeSpan.Zero));
    }

    [Fact]
    public void TasksOfAMillisecondOrMore_GetOneQueuedBehindTheRunningOne()
    {
        var policy = new PipelineDepthPolicy();

        Assert.Equal(PipelineDepthPolicy.MinDepth, policy.Observe(TimeSpan.FromMilliseconds(1)));
        Assert.Equal(PipelineDepthPolicy.MinDepth, policy.Observe(TimeSpan.FromSeconds(20)));
    }

    [Fact]
    public void InBetween_TheQueueHoldsAboutOneWindowOfWork()
    {
        var policy = new PipelineDepthPolicy();

        Assert.Equal(4, policy.Observe(TimeSpan.FromMilliseconds(0.5)));
    }

    [Fact]
    public void TheDepthFollowsTheMovingAverage_NotOneOddTask()
    {
        var policy = new PipelineDepthPolicy();
        for (var i = 0; i < 50; i++)
        {
            policy.Observe(TimeSpan.FromMicroseconds(50));
        }

        Assert.Equal(PipelineDepthPolicy.MaxDepth, policy.Observe(TimeSpan.FromMilliseconds(1)));

        var depth = 0;
        for (var i = 0; i < 50; i++)
        {
            depth = policy.Observe(TimeSpan.FromMilliseconds(20));
        }

        Assert.Equal(PipelineDepthPolicy.MinDepth, depth);
    }

    [Fact]
    public void Patience_IsFourTimesTheAverageTaskTime_AndNeverUnderItsMinimum()
    {
        var policy = new PipelineDepthPolicy();
        Assert.Equal(PipelineDepthPolicy.MinPatience, policy.Patience); // nothing known yet

        policy.Observe(TimeSpan.FromMicroseconds(40));
        Assert.Equal(PipelineDepthPolicy.MinPatience, policy.Patience); // tiny tasks do not bounce

        policy = new PipelineDepthPolicy();
        policy.Observe(TimeSpan.FromMilliseconds(20));
        Assert.Equal(TimeSpan.FromMilliseconds(80), policy.Patience);
    }
}
