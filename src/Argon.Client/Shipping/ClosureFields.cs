using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;
using Argon.Protocol.Shipping;

namespace Argon.Shipping;

/// <summary>
/// The closure fields a delegate's code actually uses. C# puts every lambda of a scope in one display class, so a
/// lambda's closure also holds what its sibling lambdas captured (often `this`); only the fields its own IL (and the
/// closure methods it calls or makes delegates of) loads are shipped, as cloudpickle ships only what a function refers to.
/// </summary>
internal static class ClosureFields
{
    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    /// <summary>Per method, computed once; weak, so a client's collectible code can still unload.</summary>
    private static readonly ConditionalWeakTable<MethodInfo, StrongBox<HashSet<FieldInfo>?>> Cache = [];

    /// <summary>The fields of closure classes that <paramref name="method"/> reads or writes; null when its IL cannot be read (ship them all).</summary>
    public static HashSet<FieldInfo>? Used(MethodInfo method) =>
        Cache.GetValue(method, static m => new StrongBox<HashSet<FieldInfo>?>(Scan(m))).Value;

    private static HashSet<FieldInfo>? Scan(MethodInfo method)
    {
        var fields = new HashSet<FieldInfo>();
        var seen = new HashSet<MethodBase>();
        var pending = new Stack<MethodBase>([method]);
        while (pending.TryPop(out var current))
        {
            if (!seen.Add(current))
            {
                continue;
            }

            try
            {
                if (!Scan(current, fields, pending))
                {
                    return null;
                }
            }
            catch (ArgumentException)
            {
                return null; // a token it cannot resolve out of context: ship every field
            }
        }

        return fields;
    }

    private static bool Scan(MethodBase method, HashSet<FieldInfo> fields, Stack<MethodBase> pending)
    {
        var il = method.GetMethodBody()?.GetILAsByteArray();
        if (il is null)
        {
            return false;
        }

        // An async or iterator method's body is its state machine's MoveNext: scan that type's code too.
        if (method.GetCustomAttribute<StateMachineAttribute>() is { } stateMachine)
        {
            foreach (var body in stateMachine.StateMachineType.GetMethods(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                pending.Push(body);
            }
        }

        var typeArgs = method.DeclaringType?.IsGenericType == true ? method.DeclaringType.GetGenericArguments() : null;
        var methodArgs = method.IsGenericMethod ? method.GetGenericArguments() : null;
        for (var i = 0; i < il.Length;)
        {
            short value = il[i] == 0xFE && i + 1 < il.Length ? (short)(0xFE00 | il[i + 1]) : il[i];
            if (!OpCodesByValue.TryGetValue(value, out var opCode))
            {
                return false;
            }

            i += opCode.Size;
            var operand = OperandSize(opCode.OperandType, il, i);
            if (operand < 0)
            {
                return false;
            }

            if (opCode.OperandType == OperandType.InlineField)
            {
                var field = method.Module.ResolveField(BitConverter.ToInt32(il, i), typeArgs, methodArgs);
                if (field?.DeclaringType is { } owner && ShippedShapes.IsClosure(owner))
                {
                    fields.Add(field);
                }

            }
            else if (opCode.OperandType == OperandType.InlineMethod
                && method.Module.ResolveMethod(BitConverter.ToInt32(il, i), typeArgs, methodArgs) is { DeclaringType: { } owner } callee
                && (ShippedShapes.IsClosure(owner) || owner == method.DeclaringType))
            {
                pending.Push(callee);
            }

            i += operand;
        }

        return true;
    }

    private static int OperandSize(OperandType type, byte[] il, int at) => type switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        OperandType.InlineSwitch => at + 4 <= il.Length ? 4 + 4 * BitConverter.ToInt32(il, at) : -1,
        _ => 4,
    };
}
