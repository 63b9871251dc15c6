using System.Buffers;
using Argon.Protocol.Framing;
using Argon.Protocol.Messages;
using BenchmarkDotNet.Attributes;

namespace Argon.Benchmarks;

/// <summary>Encoding and decoding one Submit frame, against a raw copy of the same bytes.</summary>
[MemoryDiagnoser]
public class FrameCodecBenchmarks
{
    private readonly ArrayBufferWriter<byte> _output = new(4096);
    private readonly ArrayBufferWriter<byte> _scratch = new(1024);
    private Submit _submit = null!;
    private byte[] _frame = null!;

    [GlobalSetup]
    public void Setup()
    {
        _submit = new Submit
        {
            Id = 123_456,
            TypeName = "Argon.Samples.Echo",
            Kind = TaskKind.Instance,
            Payload = TaskSerializer.Serialize(typeof(int), 42),
            MaxAttempts = 2,
        };
        FrameWriter.Write(_output, _submit, _scratch);
        _frame = _output.WrittenSpan.ToArray();
    }

    [Benchmark(Baseline = true, Description = "raw: copy the frame's bytes")]
    public int RawCopy()
    {
        _output.ResetWrittenCount();
        _output.Write(_frame);
        return _output.WrittenCount;
    }

    [Benchmark(Description = "encode Submit frame")]
    public int Encode()
    {
        _output.ResetWrittenCount();
        return FrameWriter.Write(_output, _submit, _scratch);
    }

    [Benchmark(Description = "decode Submit frame")]
    public Message Decode()
    {
        var buffer = new ReadOnlySequence<byte>(_frame);
        FrameReader.TryRead(ref buffer, 1 << 20, out var type, out var body);
        return MessageCodec.Read(type, body);
    }
}
