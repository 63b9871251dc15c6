using System.Diagnostics.CodeAnalysis;

// Both overloads of SingleFrame.ReadAsync shipped together in the first package, with the token optional in each;
// the rule guards against adding optional parameters to an existing overload later, which has not happened.
[assembly: SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters",
    Justification = "Shipped together in the first version.", Scope = "member",
    Target = "~M:Argon.Protocol.Framing.SingleFrame.ReadAsync(System.IO.Pipelines.PipeReader,System.Int32,System.Threading.CancellationToken)~System.Threading.Tasks.ValueTask{Argon.Protocol.Messages.Message}")]
[assembly: SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters",
    Justification = "Shipped together in the first version.", Scope = "member",
    Target = "~M:Argon.Protocol.Framing.SingleFrame.ReadAsync``1(System.IO.Pipelines.PipeReader,System.Threading.CancellationToken)~System.Threading.Tasks.ValueTask{``0}")]
