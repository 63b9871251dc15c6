namespace Argon.Executor.Tests;

public sealed class ConstructorBinderTests
{
    [Fact]
    public void Construct_WhenArgumentTypesMatchExactly_PicksThatConstructor()
    {
        Assert.Equal("int", Build(5).Chosen);
        Assert.Equal(5, Build(5).Value);
        Assert.Equal("long", Build(5L).Chosen);
        Assert.Equal("string", Build("five").Chosen);
        Assert.Equal("int,string", Build(1, "x").Chosen);
        Assert.Equal("string,int", Build("x", 1).Chosen);
    }

    [Fact]
    public void Construct_WhenOneArgumentMatchesExactly_PrefersItOverConversions()
    {
        // (int, string) needs no conversion for the string; (string, int) would need two.
        var built = Build((byte)1, "x");

        Assert.Equal("int,string", built.Chosen);
        Assert.Equal((1, "x"), built.Value);
    }

    [Fact]
    public void Construct_WhenNumberFitsNoExactOverload_ConvertsToAWiderOne()
    {
        var built = Construct<OnlyLong>((byte)7);

        Assert.Equal(7L, built.Value);
    }

    [Fact]
    public void Construct_WhenNumberIsGivenAndAStringOverloadExists_PrefersTheNumericOne()
    {
        // By-name arguments arrive as the smallest MessagePack integer (a byte for 5): still a number.
        var built = Construct<StringFirst>((byte)5);

        Assert.Equal("int", built.Chosen);
        Assert.Equal(5, built.Value);
    }

    [Fact]
    public void Construct_WhenNumberDoesNotFit_ThrowsNamingTheType()
    {
        var error = Assert.Throws<ArgumentException>(() => ConstructorBinder.Construct(typeof(OnlyInt), [5_000_000_000L]));

        Assert.Contains(typeof(OnlyInt).FullName!, error.Message, StringComparison.Ordinal);
        Assert.Contains("Int64", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Construct_WhenArgCountMatchesNoConstructor_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => ConstructorBinder.Construct(typeof(OnlyInt), [1, 2]));

        Assert.Contains("2 argument(s)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Construct_WhenNullIsGiven_BindsOnlyToReferenceOrNullableParameters()
    {
        Assert.Null(Construct<Nullables>(null, 1).Text);
        Assert.Null(Construct<Nullables>("x", null).Number);
        Assert.Equal(3, Construct<Nullables>("x", (byte)3).Number);
        Assert.Throws<ArgumentException>(() => ConstructorBinder.Construct(typeof(OnlyInt), [null]));
    }

    [Fact]
    public void Construct_WhenParameterIsAnEnum_ConvertsTheNumber()
    {
        Assert.Equal(TaskPriority.High, Construct<WithPriority>((byte)2).Priority);
    }

    [Fact]
    public void Construct_WhenParameterIsAnArrayOrRecord_RereadsTheValue()
    {
        var built = Construct<WithShapes>(new object[] { (byte)1, (byte)2, 300 }, new Dictionary<object, object> { ["X"] = (byte)3, ["Y"] = (byte)4 });

        Assert.Equal([1, 2, 300], built.Numbers);
        Assert.Equal(new Point(3, 4), built.Point);
    }

    [Fact]
    public void Construct_WhenValueCannotBeReadAsTheParameter_Throws()
    {
        Assert.Throws<ArgumentException>(() => ConstructorBinder.Construct(typeof(WithShapes), ["not numbers", "not a point"]));
    }

    private static Overloaded Build(params object?[] args) => Construct<Overloaded>(args);

    private static T Construct<T>(params object?[] args) => Assert.IsType<T>(ConstructorBinder.Construct(typeof(T), args));
}

public sealed class Overloaded
{
    public Overloaded(int value) => (Chosen, Value) = ("int", value);

    public Overloaded(long value) => (Chosen, Value) = ("long", value);

    public Overloaded(string value) => (Chosen, Value) = ("string", value);

    public Overloaded(int a, string b) => (Chosen, Value) = ("int,string", (a, b));

    public Overloaded(string a, int b) => (Chosen, Value) = ("string,int", (a, b));

    public string Chosen { get; }

    public object Value { get; }
}

/// <summary>The string constructor comes first, so declaration order alone would pick it.</summary>
public sealed class StringFirst
{
    public StringFirst(string value) => (Chosen, Value) = ("string", value);

    public StringFirst(int value) => (Chosen, Value) = ("int", value);

    public string Chosen { get; }

    public object Value { get; }
}

public sealed class OnlyLong(long value)
{
    public long Value { get; } = value;
}

public sealed class OnlyInt(int value)
{
    public int Value { get; } = value;
}

public sealed class Nullables(string? text, int? number)
{
    public string? Text { get; } = text;

    public int? Number { get; } = number;
}

public sealed class WithPriority(TaskPriority priority)
{
    public TaskPriority Priority { get; } = priority;
}

public sealed record Point(int X, int Y);

public sealed class WithShapes(int[] numbers, Point point)
{
    public int[] Numbers { get; } = numbers;

    public Point Point { get; } = point;
}
