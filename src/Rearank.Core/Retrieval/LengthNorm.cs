namespace Rearank.Core.Retrieval;

/// <summary>
/// Lucene 9's one-byte document length (SmallFloat.intToByte4 / byte4ToInt): lengths below 24 are exact, longer
/// ones keep four significant bits. Lucene.Net 4.8 stores a lossy 1/sqrt(length) instead, which moves scores, so
/// our similarity writes and reads this encoding itself.
/// </summary>
public static class LengthNorm
{
    /// <summary>255 - LongToInt4(int.MaxValue): byte values below this are lengths as they are.</summary>
    private static readonly int FreeValues = 255 - LongToInt4(int.MaxValue);

    /// <summary>The decoded length for each of the 256 byte values.</summary>
    public static readonly float[] LengthTable = Enumerable.Range(0, 256).Select(b => (float)ByteToLength((byte)b)).ToArray();

    public static byte LengthToByte(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        return length < FreeValues ? (byte)length : (byte)(FreeValues + LongToInt4(length - FreeValues));
    }

    public static int ByteToLength(byte encoded) =>
        encoded < FreeValues ? encoded : (int)(FreeValues + Int4ToLong(encoded - FreeValues));

    /// <summary>A float-like code with a 3-bit mantissa (plus the implicit leading one) and the shift above it.</summary>
    private static int LongToInt4(long value)
    {
        var bits = 64 - System.Numerics.BitOperations.LeadingZeroCount((ulong)value);
        if (bits < 4) return (int)value;
        var shift = bits - 4;
        return (int)((value >> shift) & 0x07) | ((shift + 1) << 3);
    }

    private static long Int4ToLong(int code)
    {
        var mantissa = code & 0x07;
        var shift = (code >> 3) - 1;
        return shift == -1 ? mantissa : (long)(mantissa | 0x08) << shift;
    }
}
