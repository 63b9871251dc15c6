using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Argon.Protocol.Security;

/// <summary>The TLS certificate a server presents: an ephemeral self-signed one unless the operator gives their own.</summary>
public static class ServerCertificate
{
    /// <summary>Makes a fresh ECDSA P-256 certificate, valid for a year, held only in memory.</summary>
    public static X509Certificate2 CreateEphemeral(string subject = "argon")
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={subject}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(1));

        // A round trip through PKCS#12 gives a certificate whose private key SslStream can use on every platform.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), password: null);
    }

    /// <summary>The SHA-256 of the certificate's raw data, as bound into the key proofs.</summary>
    public static byte[] Hash(X509Certificate certificate) => SHA256.HashData(certificate.GetRawCertData());
}
