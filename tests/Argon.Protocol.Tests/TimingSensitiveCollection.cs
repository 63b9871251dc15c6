namespace Argon.Protocol.Tests;

/// <summary>Test classes that judge by the wall clock: they run after the parallel ones, with nothing beside them.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingSensitiveCollection
{
    public const string Name = "Timing-sensitive";
}
