using System.Buffers.Binary;

namespace Rearank.Core.TestModels;

/// <summary>
/// Random tensor data in ggml's layouts, uniform in about ±scale, fast enough to write a 7B-shaped model in seconds:
/// quantized blocks take their quants straight from Random.NextBytes and one fixed scale each.
/// </summary>
internal static class RandomWeights
{
    /// <param name="inner">Values per row (ggml's first dimension).</param>
    /// <param name="rows">Rows.</param>
    /// <param name="type">The storage.</param>
    /// <param name="seed">Seed of this tensor's values.</param>
    /// <param name="scale">The largest magnitude.</param>
    /// <param name="zeroRows">Rows that are all 0 (the output rows of tokens a model must never pick).</param>
    public static Func<byte[]> Data(int inner, int rows, GgufWriter.TensorType type, int seed, float scale, IReadOnlySet<int>? zeroRows = null) => () =>
    {
        var size = GgufWriter.ByteSize([inner, rows], type);
        if (size > Array.MaxLength)
            throw new ArgumentException($"A {inner:N0} × {rows:N0} tensor as {type} is {size:N0} bytes, more than one array holds; use a quantized type.", nameof(type));
        var bytes = new byte[size];
        var random = new Random(seed);
        var rowBytes = size / rows;
        switch (type)
        {
            case GgufWriter.TensorType.F32:
                for (var i = 0; i < (long)inner * rows; i++)
                    BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan((int)(i * 4)), (float)(random.NextDouble() * 2 - 1) * scale);
                break;
            case GgufWriter.TensorType.F16:
                for (var i = 0; i < (long)inner * rows; i++)
                    BinaryPrimitives.WriteHalfLittleEndian(bytes.AsSpan((int)(i * 2)), (Half)((random.NextDouble() * 2 - 1) * scale));
                break;
            default:
                // Q8_0: blocks of 32 values, a half scale then 32 signed bytes. Q4_0: a half scale then 16 bytes of
                // 4-bit quants (value = (q - 8) × scale). The quants are the random bytes as they come.
                random.NextBytes(bytes);
                var (blockBytes, steps) = type == GgufWriter.TensorType.Q8_0 ? (34, 127f) : (18, 8f);
                Span<byte> half = stackalloc byte[2];
                BinaryPrimitives.WriteHalfLittleEndian(half, (Half)(scale / steps));
                for (long offset = 0; offset < size; offset += blockBytes)
                {
                    bytes[offset] = half[0];
                    bytes[offset + 1] = half[1];
                }
                if (zeroRows is not null)
                    foreach (var row in zeroRows.Where(r => r < rows))
                        for (long offset = row * rowBytes; offset < (row + 1) * rowBytes; offset += blockBytes)
                            bytes[offset] = bytes[offset + 1] = 0;   // a zero scale: every value of the block is 0
                return bytes;
        }
        if (zeroRows is not null)
            foreach (var row in zeroRows.Where(r => r < rows))
                bytes.AsSpan((int)(row * rowBytes), (int)rowBytes).Clear();
        return bytes;
    };
}
