namespace Argon.Hosting;

/// <summary>Which of the <see cref="ConnectionLimits"/> a connection ran into; <see cref="None"/> when it did not.</summary>
internal enum AdmissionRefusal
{
    None,
    UnauthenticatedPerAddress,
    UnauthenticatedTotal,
    AuthenticatedPerAddress,
}
