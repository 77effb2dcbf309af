using System.Text;

namespace Rearank.Core.TestModels;

/// <summary>
/// Writes GGUF v3 files: metadata key/values, tensor descriptors, then 32-byte-aligned tensor data. Enough of the
/// format to make model files for tests and benchmarks, since no weights can be downloaded where they run.
/// </summary>
public sealed class GgufWriter
{
    private const int Alignment = 32;

    private enum ValueType : uint { UInt32 = 4, Int32 = 5, Float32 = 6, Bool = 7, String = 8, Array = 9 }

    /// <summary>ggml tensor types this writer can emit.</summary>
    public enum TensorType : uint { F32 = 0, F16 = 1, Q4_0 = 2, Q8_0 = 8 }

    private readonly List<(string Key, Action<BinaryWriter> Write)> metadata = [];
    private readonly List<(string Name, long[] Dims, TensorType Type, Func<byte[]> Data)> tensors = [];

    public GgufWriter Add(string key, string value) => Meta(key, w => { w.Write((uint)ValueType.String); WriteString(w, value); });
    public GgufWriter Add(string key, uint value) => Meta(key, w => { w.Write((uint)ValueType.UInt32); w.Write(value); });
    public GgufWriter Add(string key, float value) => Meta(key, w => { w.Write((uint)ValueType.Float32); w.Write(value); });
    public GgufWriter Add(string key, bool value) => Meta(key, w => { w.Write((uint)ValueType.Bool); w.Write(value); });

    public GgufWriter Add(string key, IReadOnlyList<string> values) => Meta(key, w =>
    {
        w.Write((uint)ValueType.Array);
        w.Write((uint)ValueType.String);
        w.Write((ulong)values.Count);
        foreach (var v in values) WriteString(w, v);
    });

    public GgufWriter Add(string key, IReadOnlyList<int> values) => Meta(key, w =>
    {
        w.Write((uint)ValueType.Array);
        w.Write((uint)ValueType.Int32);
        w.Write((ulong)values.Count);
        foreach (var v in values) w.Write(v);
    });

    /// <summary>A tensor; dims innermost first, as ggml lists them. Data is produced when the file is written.</summary>
    public GgufWriter AddTensor(string name, long[] dims, TensorType type, Func<byte[]> data)
    {
        tensors.Add((name, dims, type, data));
        return this;
    }

    public void Write(string path)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        using var writer = new BinaryWriter(stream, Encoding.UTF8);
        writer.Write("GGUF"u8);
        writer.Write(3u);
        writer.Write((ulong)tensors.Count);
        writer.Write((ulong)metadata.Count);
        foreach (var (key, write) in metadata)
        {
            WriteString(writer, key);
            write(writer);
        }
        long offset = 0;
        var offsets = new List<long>();
        foreach (var (name, dims, type, _) in tensors)
        {
            WriteString(writer, name);
            writer.Write((uint)dims.Length);
            foreach (var d in dims) writer.Write((ulong)d);
            writer.Write((uint)type);
            writer.Write((ulong)offset);
            offsets.Add(offset);
            offset = Align(offset + ByteSize(dims, type));
        }
        Pad(writer);
        var dataStart = stream.Position;
        for (var i = 0; i < tensors.Count; i++)
        {
            var bytes = tensors[i].Data();
            if (bytes.Length != ByteSize(tensors[i].Dims, tensors[i].Type))
                throw new InvalidOperationException($"Tensor {tensors[i].Name} has {bytes.Length} bytes, expected {ByteSize(tensors[i].Dims, tensors[i].Type)}.");
            stream.Position = dataStart + offsets[i];
            writer.Write(bytes);
        }
        Pad(writer);
    }

    public static long ByteSize(long[] dims, TensorType type)
    {
        var count = dims.Aggregate(1L, (a, b) => a * b);
        return type switch
        {
            TensorType.F32 => count * 4,
            TensorType.F16 => count * 2,
            TensorType.Q4_0 => count / 32 * 18,
            _ => count / 32 * 34,
        };
    }

    private GgufWriter Meta(string key, Action<BinaryWriter> write)
    {
        metadata.Add((key, write));
        return this;
    }

    private static void WriteString(BinaryWriter writer, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        writer.Write((ulong)bytes.Length);
        writer.Write(bytes);
    }

    private static long Align(long value) => (value + Alignment - 1) / Alignment * Alignment;

    private static void Pad(BinaryWriter writer)
    {
        var position = writer.BaseStream.Position;
        var padding = Align(position) - position;
        for (var i = 0; i < padding; i++) writer.Write((byte)0);
    }
}
