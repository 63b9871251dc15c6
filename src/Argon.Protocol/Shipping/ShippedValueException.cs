namespace Argon.Protocol.Shipping;

/// <summary>A value of shipped code (a captured variable, an argument, a result) cannot travel by value.</summary>
public sealed class ShippedValueException : Exception
{
    public ShippedValueException(string path, Type valueType, string reason)
        : base($"'{path}' is a {valueType.FullName ?? valueType.Name}, which cannot travel by value: {reason}")
    {
        Path = path;
        ValueType = valueType;
        Reason = reason;
    }

    public ShippedValueException()
        : this("", typeof(object), "")
    {
    }

    public ShippedValueException(string message)
        : this(message, typeof(object), message)
    {
    }

    public ShippedValueException(string message, Exception innerException)
        : base(message, innerException)
    {
        Path = message;
        ValueType = typeof(object);
        Reason = message;
    }

    /// <summary>Where the value sits: the captured variable, argument or member path.</summary>
    public string Path { get; }

    public Type ValueType { get; }

    public string Reason { get; }
}
