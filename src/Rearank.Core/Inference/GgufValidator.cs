using System.Text;

namespace Rearank.Core.Inference;

/// <summary>A model file llama.cpp would refuse, or would assert on and take the whole process down with.</summary>
public sealed class InvalidModelException(string message) : RearankException(message);

/// <summary>
/// Reads a GGUF's header, metadata and tensor table (never the weights) and checks what llama.cpp asserts on rather
/// than reports: a sane header, the architecture's layer keys (at least one block, heads that divide the width into
/// even head sizes), a vocabulary, token embeddings shaped by the declared width and vocabulary, every block's
/// tensors, and every tensor's data inside the file. An assert in native code cannot be caught, so these are
/// refused before llama.cpp sees the file.
/// </summary>
/// <summary>What a GGUF's header says about the memory a session needs: layers, key/value heads, head size, weight bytes.</summary>
public sealed record ModelFileShape(int Blocks, int KvHeads, int HeadSize, long WeightBytes)
{
    /// <summary>KV cache bytes per token of context: keys and values of every layer, f16 (llama.cpp's default cache type).</summary>
    public long KvBytesPerToken => 2L * Blocks * KvHeads * HeadSize * sizeof(ushort);
}

public static class GgufValidator
{
    private const ulong MaxCount = 1_000_000;

    /// <summary>Checks the file and returns the shape the KV cache is planned from.</summary>
    public static ModelFileShape Check(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var reader = new BinaryReader(stream, Encoding.UTF8);
        var length = stream.Length;
        try
        {
            if (length < 24 || Encoding.ASCII.GetString(reader.ReadBytes(4)) != "GGUF") throw Fail("it does not start with the GGUF magic");
            var version = reader.ReadUInt32();
            if (version is not (2 or 3)) throw Fail($"GGUF version {version} is not 2 or 3");
            var tensorCount = reader.ReadUInt64();
            var keyCount = reader.ReadUInt64();
            if (tensorCount > MaxCount || keyCount > MaxCount) throw Fail($"it declares {tensorCount:N0} tensors and {keyCount:N0} metadata keys");

            var meta = new Dictionary<string, object?>(StringComparer.Ordinal);
            for (ulong i = 0; i < keyCount; i++)
            {
                var key = ReadString(reader, length);
                meta[key] = ReadValue(reader, reader.ReadUInt32(), length);
            }
            var tensors = new Dictionary<string, (ulong[] Dims, uint Type, ulong Offset)>(StringComparer.Ordinal);
            for (ulong i = 0; i < tensorCount; i++)
            {
                var name = ReadString(reader, length);
                var dimensions = reader.ReadUInt32();
                if (dimensions is 0 or > 4) throw Fail($"tensor '{name}' has {dimensions} dimensions");
                var dims = new ulong[dimensions];
                for (var d = 0; d < dimensions; d++)
                    if ((dims[d] = reader.ReadUInt64()) is 0 or > 1UL << 40) throw Fail($"tensor '{name}' has a dimension of {dims[d]}");
                tensors[name] = (dims, reader.ReadUInt32(), reader.ReadUInt64());
            }
            var alignment = meta.GetValueOrDefault("general.alignment") is uint a and > 0 ? a : 32u;
            var dataStart = (stream.Position + alignment - 1) / alignment * alignment;

            if (meta.GetValueOrDefault("general.architecture") is not string arch || arch.Length == 0) throw Fail("it names no general.architecture");
            var blocks = Number(meta, $"{arch}.block_count");
            var width = Number(meta, $"{arch}.embedding_length");
            var heads = Number(meta, $"{arch}.attention.head_count");
            var kvHeads = meta.ContainsKey($"{arch}.attention.head_count_kv") ? Number(meta, $"{arch}.attention.head_count_kv") : heads;
            if (blocks < 1) throw Fail($"{arch}.block_count is {blocks}");
            if (width < 1 || heads < 1 || kvHeads < 1) throw Fail($"the width is {width} with {heads} heads and {kvHeads} key/value heads");
            if (width % heads != 0 || heads % kvHeads != 0) throw Fail($"{heads} heads do not divide the width {width}, or {kvHeads} key/value heads do not divide {heads}");
            if (width / heads % 2 != 0) throw Fail($"the head size {width / heads} is odd (rotary embeddings need an even one)");
            if (meta.GetValueOrDefault("tokenizer.ggml.tokens") is not int vocab || vocab < 1) throw Fail("it has no tokenizer.ggml.tokens vocabulary");

            if (!tensors.TryGetValue("token_embd.weight", out var embeddings)) throw Fail("it has no token_embd.weight tensor");
            if (embeddings.Dims.Length != 2 || (long)embeddings.Dims[0] != width || (long)embeddings.Dims[1] != vocab)
                throw Fail($"token_embd.weight is [{string.Join(", ", embeddings.Dims)}], not [{width}, {vocab}] (width, vocabulary)");
            for (var b = 0; b < blocks; b++)
                if (!tensors.Keys.Any(n => n.StartsWith($"blk.{b}.", StringComparison.Ordinal))) throw Fail($"block {b} of {blocks} has no tensors");
            foreach (var (name, (dims, type, offset)) in tensors)
            {
                var size = ByteSize(dims, type);
                if (dataStart + (long)offset + size > length)
                    throw Fail($"tensor '{name}' ends at byte {dataStart + (long)offset + size:N0} of a {length:N0}-byte file (truncated?)");
            }
            var headSize = meta.ContainsKey($"{arch}.attention.key_length") ? Number(meta, $"{arch}.attention.key_length") : width / heads;
            return new ModelFileShape((int)blocks, (int)kvHeads, (int)headSize, length - dataStart);
        }
        catch (EndOfStreamException)
        {
            throw Fail($"it ends inside its header at byte {length:N0} (truncated?)");
        }

        InvalidModelException Fail(string reason) => new($"'{path}' is not a model llama.cpp can load: {reason}.");
    }

    private static long Number(Dictionary<string, object?> meta, string key) => meta.GetValueOrDefault(key) switch
    {
        uint u => u, int i => i, ulong l => (long)Math.Min(l, long.MaxValue), long l => l, ushort s => s, byte b => b,
        _ => throw new InvalidModelException($"The model's metadata has no number {key}."),
    };

    private static string ReadString(BinaryReader reader, long fileLength)
    {
        var length = reader.ReadUInt64();
        if (length > (ulong)(fileLength - reader.BaseStream.Position)) throw new EndOfStreamException();
        return Encoding.UTF8.GetString(reader.ReadBytes((int)length));
    }

    /// <summary>A metadata value; arrays come back as their length (the vocabulary's size is all that is checked).</summary>
    private static object? ReadValue(BinaryReader reader, uint type, long fileLength)
    {
        switch (type)
        {
            case 0: return reader.ReadByte();
            case 1: return (int)reader.ReadSByte();
            case 2: return reader.ReadUInt16();
            case 3: return (int)reader.ReadInt16();
            case 4: return reader.ReadUInt32();
            case 5: return reader.ReadInt32();
            case 6: return reader.ReadSingle();
            case 7: return reader.ReadByte() != 0;
            case 8: return ReadString(reader, fileLength);
            case 9:
                var elementType = reader.ReadUInt32();
                var count = reader.ReadUInt64();
                if (count > (ulong)fileLength) throw new EndOfStreamException();
                for (ulong i = 0; i < count; i++) ReadValue(reader, elementType, fileLength);
                return (int)count;
            case 10: return reader.ReadUInt64();
            case 11: return reader.ReadInt64();
            case 12: return reader.ReadDouble();
            default: throw new InvalidModelException($"The model's metadata holds a value of unknown type {type}.");
        }
    }

    /// <summary>Bytes of a tensor for the types whose block layout is fixed; 0 (not checked) for others.</summary>
    private static long ByteSize(ulong[] dims, uint type)
    {
        var elements = dims.Aggregate(1.0, (n, d) => n * d);
        (int BlockElements, int BlockBytes) layout = type switch
        {
            0 => (1, 4), 1 => (1, 2), 30 => (1, 2),                 // F32, F16, BF16
            2 => (32, 18), 3 => (32, 20), 6 => (32, 22), 7 => (32, 24), 8 => (32, 34), 9 => (32, 36),   // Q4_0 .. Q8_1
            10 => (256, 84), 11 => (256, 110), 12 => (256, 144), 13 => (256, 176), 14 => (256, 210), 15 => (256, 292), // K quants
            _ => (0, 0),
        };
        return layout.BlockElements == 0 ? 0 : (long)Math.Min(long.MaxValue / 2, elements / layout.BlockElements * layout.BlockBytes);
    }
}
