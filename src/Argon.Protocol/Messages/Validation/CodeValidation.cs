using static Argon.Protocol.Messages.Validation.FieldRules;
using static Argon.Protocol.Messages.Validation.InvalidMessage;

namespace Argon.Protocol.Messages.Validation;

/// <summary>The rules for NeedCode, Code, and the CodeReference a Submit or Assign carries.</summary>
internal static class CodeValidation
{
    public static void Validate(NeedCode m)
    {
        const MessageType type = MessageType.NeedCode;
        Check(type, "Id", NonNegative(m.Id));
        if (m.Hashes is null)
        {
            throw Exception(type, "Hashes", "is missing");
        }

        Check(type, "Hashes", Count(m.Hashes.Count, MessageLimits.MaxAssemblies));
        for (var i = 0; i < m.Hashes.Count; i++)
        {
            Check(type, "Hashes", i, "", Hash(m.Hashes[i]));
        }
    }

    public static void Validate(Code m)
    {
        const MessageType type = MessageType.Code;
        Check(type, "Id", NonNegative(m.Id));
        Check(type, "Hash", Hash(m.Hash));
        Check(type, "Error", OptionalLine(m.Error, MessageLimits.MaxReasonLength));
    }

    /// <summary>The shipped code of a Submit or Assign; null when the task has none.</summary>
    public static void Validate(MessageType type, CodeReference? code)
    {
        if (code is null)
        {
            return;
        }

        var assemblies = code.Assemblies;
        if (assemblies is null)
        {
            throw Exception(type, "Code.Assemblies", "is missing");
        }

        Check(type, "Code.Assemblies", Count(assemblies.Count, MessageLimits.MaxAssemblies));
        for (var i = 0; i < assemblies.Count; i++)
        {
            var assembly = assemblies[i];
            if (assembly is null)
            {
                Check(type, "Code.Assemblies", i, "", "is missing");
                continue;
            }

            Check(type, "Code.Assemblies", i, ".Name", Line(assembly.Name, MessageLimits.MaxNameLength));
            Check(type, "Code.Assemblies", i, ".Hash", Hash(assembly.Hash));
            Check(type, "Code.Assemblies", i, ".Size", InRange(assembly.Size, 0, int.MaxValue));
        }
    }
}
