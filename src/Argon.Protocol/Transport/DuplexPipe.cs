using System.IO.Pipelines;

namespace Argon.Protocol.Transport;

/// <summary>A reader and a writer paired as one duplex pipe.</summary>
public sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
{
    /// <summary>What the connection reads.</summary>
    public PipeReader Input { get; } = input;

    /// <summary>What the connection writes.</summary>
    public PipeWriter Output { get; } = output;

    /// <summary>Pipes over a stream (an <see cref="System.Net.Security.SslStream"/> or a local pipe stream).</summary>
    public static DuplexPipe Over(Stream stream) => new(
        PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024, minimumReadSize: 4096, leaveOpen: true)),
        PipeWriter.Create(stream, new StreamPipeWriterOptions(minimumBufferSize: 16 * 1024, leaveOpen: true)));
}
