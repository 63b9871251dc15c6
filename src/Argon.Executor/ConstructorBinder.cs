using System.Reflection;
using Argon.Protocol.Messages;

namespace Argon.Executor;

/// <summary>
/// Builds a task from a type name and an argument list, as the original did: the public constructor whose
/// parameters best match the arguments wins. Numbers convert between widths; other values are re-read as
/// the parameter's type.
/// </summary>
internal static class ConstructorBinder
{
    public static object Construct(Type type, object?[] args)
    {
        ConstructorInfo? best = null;
        object?[]? bestArgs = null;
        var bestScore = -1;
        foreach (var constructor in type.GetConstructors())
        {
            var parameters = constructor.GetParameters();
            if (parameters.Length != args.Length)
            {
                continue;
            }

            var converted = new object?[args.Length];
            var score = 0;
            var fits = true;
            for (var i = 0; i < args.Length && fits; i++)
            {
                fits = TryConvert(args[i], parameters[i].ParameterType, out converted[i], out var fit);
                score += fit;
            }

            if (fits && score > bestScore)
            {
                (best, bestArgs, bestScore) = (constructor, converted, score);
            }
        }

        if (best is null)
        {
            throw new ArgumentException(
                $"{type.FullName} has no public constructor taking {args.Length} argument(s) of the given types " +
                $"({string.Join(", ", args.Select(a => a?.GetType().Name ?? "null"))}).");
        }

        return best.Invoke(bestArgs);
    }

    // fit: 3 for the exact type, 2 for a base type or a number to a number, 1 otherwise (e.g. a number to a string).
    private static bool TryConvert(object? value, Type target, out object? converted, out int fit)
    {
        fit = 1;
        converted = null;
        var underlying = Nullable.GetUnderlyingType(target);
        if (value is null)
        {
            return !target.IsValueType || underlying is not null;
        }

        if (target.IsInstanceOfType(value))
        {
            converted = value;
            fit = value.GetType() == target ? 3 : 2;
            return true;
        }

        var plain = underlying ?? target;
        try
        {
            if (value is IConvertible && (plain.IsPrimitive || plain == typeof(decimal) || plain == typeof(string)))
            {
                converted = Convert.ChangeType(value, plain, System.Globalization.CultureInfo.InvariantCulture);
                fit = IsNumber(value.GetType()) && IsNumber(plain) ? 2 : 1;
                return true;
            }

            if (plain.IsEnum && value is IConvertible)
            {
                converted = Enum.ToObject(plain, Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture));
                fit = 2;
                return true;
            }

            // Maps, arrays and the like: write the value back out and read it as the parameter's type.
            converted = TaskSerializer.Deserialize(plain, TaskSerializer.Serialize(typeof(object), value));
            return true;
        }
        catch (Exception ex) when (ex is InvalidCastException or FormatException or OverflowException or MessagePack.MessagePackSerializationException)
        {
            return false;
        }
    }

    private static bool IsNumber(Type type) =>
        type == typeof(decimal) || type.IsPrimitive && type != typeof(bool) && type != typeof(char) && type != typeof(IntPtr) && type != typeof(UIntPtr);
}
