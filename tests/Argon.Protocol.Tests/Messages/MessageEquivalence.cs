using System.Collections;
using System.Reflection;

namespace Argon.Protocol.Tests.Messages;

/// <summary>Structural equality of decoded messages: every public property, recursively; bytes and collections by content.</summary>
internal static class MessageEquivalence
{
    public static void Assert(object expected, object actual) => Equivalent(expected, actual, expected.GetType().Name);

    private static void Equivalent(object? expected, object? actual, string path)
    {
        if (expected is null || actual is null)
        {
            Xunit.Assert.True(expected is null && actual is null, $"{path}: expected {expected ?? "null"}, got {actual ?? "null"}");
            return;
        }

        switch (expected)
        {
            case ReadOnlyMemory<byte> memory:
                Xunit.Assert.Equal(memory.ToArray(), Xunit.Assert.IsType<ReadOnlyMemory<byte>>(actual).ToArray());
                return;
            case string or Enum or ValueType:
                Xunit.Assert.True(Equals(expected, actual), $"{path}: expected {expected}, got {actual}");
                return;
            case IEnumerable items:
                var left = items.Cast<object?>().ToList();
                var right = Xunit.Assert.IsAssignableFrom<IEnumerable>(actual).Cast<object?>().ToList();
                Xunit.Assert.True(left.Count == right.Count, $"{path}: expected {left.Count} items, got {right.Count}");
                for (var i = 0; i < left.Count; i++)
                {
                    Equivalent(left[i], right[i], $"{path}[{i}]");
                }

                return;
            default:
                Xunit.Assert.Equal(expected.GetType(), actual.GetType());
                foreach (var property in expected.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
                {
                    if (property.GetIndexParameters().Length == 0)
                    {
                        Equivalent(property.GetValue(expected), property.GetValue(actual), $"{path}.{property.Name}");
                    }
                }

                return;
        }
    }
}
