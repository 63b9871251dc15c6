using CsCheck;

namespace Argon.Protocol.Tests.Messages;

/// <summary>Damage done to valid encodings: bytes overwritten at chosen positions, then the tail cut off.</summary>
internal static class Mutation
{
    /// <summary>Up to 4 edits, each a position (taken modulo the length) and the byte written there.</summary>
    public static readonly Gen<(int Position, byte Value)[]> Edits = Gen.Select(Gen.Int[0, int.MaxValue], Gen.Byte).Array[0, 4];

    public static byte[] Apply(byte[] data, (int Position, byte Value)[] edits, int keepPercent)
    {
        var result = data.ToArray();
        if (result.Length > 0)
        {
            foreach (var (position, value) in edits)
            {
                result[position % result.Length] = value;
            }
        }

        return result[..(result.Length * keepPercent / 100)];
    }
}
