namespace Argon.Protocol.Shipping;

/// <summary>A value of shipped code (a captured variable, an argument, a result) cannot travel by value.</summary>
public sealed class ShippedValueException : Exception
{
    /// <summary>Creates the exception for the value at <paramref name="path"/>, of type <paramref name="valueType"/>, with the reason it cannot travel.</summary>
    public ShippedValueException(string path, Type valueType, string reason)
        : base($"'{path}' is a {valueType.FullName ?? valueType.Name}, which cannot travel by value: {reason}")
    {
        Path = path;
        ValueType = valueType;
        Reason = reason;
    }

    /// <summary>Creates the exception with a default message.</summary>
    public ShippedValueException()
        : this("", typeof(object), "")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ShippedValueException(string message)
        : this(message, typeof(object), message)
    {
    }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    public ShippedValueException(string message, Exception innerException)
        : base(message, innerException)
    {
        Path = message;
        ValueType = typeof(object);
        Reason = message;
    }

    /// <summary>Where the value sits: the captured variable, argument or member path.</summary>
    public string Path { get; }

    /// <summary>The type of the value.</summary>
    public Type ValueType { get; }

    /// <summary>Why the value cannot travel by value.</summary>
    public string Reason { get; }
}
