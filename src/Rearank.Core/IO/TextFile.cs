using System.IO.Compression;
using System.Text;

namespace Rearank.Core.IO;

/// <summary>Opens the files of the field: UTF-8 text, gzip-compressed or not, written culture-invariantly with LF.</summary>
public static class TextFile
{
    /// <summary>UTF-8 without a byte order mark: what trec_eval, Pyserini and BEIR tools expect.</summary>
    public static readonly Encoding Utf8NoBom = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    private const int BufferSize = 1 << 16;

    /// <summary>
    /// Opens a file for reading; gzip is recognised by its magic bytes, not its name, so a renamed
    /// or a mislabelled file still reads.
    /// </summary>
    public static Stream OpenRead(string path)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.SequentialScan);
        Span<byte> magic = stackalloc byte[2];
        var read = file.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        file.Position = 0;
        if (read == 2 && magic[0] == 0x1f && magic[1] == 0x8b)
            return new BufferedStream(new GzipLengthCheck(new GZipStream(file, CompressionMode.Decompress), path, TrailerLength(file)), BufferSize);
        return file;
    }

    /// <summary>The gzip trailer's ISIZE: the uncompressed length modulo 2^32, as the (last) member declares it.</summary>
    private static uint TrailerLength(FileStream file)
    {
        if (file.Length < 18) return 0;
        Span<byte> size = stackalloc byte[4];
        file.Position = file.Length - 4;
        file.ReadExactly(size);
        file.Position = 0;
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(size);
    }

    /// <summary>Opens a text reader; a UTF-8 byte order mark, if any, is skipped.</summary>
    public static StreamReader OpenText(string path) =>
        new(OpenRead(path), Utf8NoBom, detectEncodingFromByteOrderMarks: true, BufferSize);

    /// <summary>Creates (or truncates) a file for writing; a name ending in .gz is written gzip-compressed.</summary>
    public static Stream Create(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
        var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, BufferSize);
        return path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)
            ? new GZipStream(file, CompressionLevel.Optimal)
            : file;
    }

    /// <summary>A text writer with UTF-8 (no BOM), LF line ends and the invariant culture, whatever the machine's settings.</summary>
    /// <summary>A text file written in commits (<see cref="CommittedFileStream"/>): for exports that must end at a whole query.</summary>
    public static StreamWriter CreateCommitted(string path) =>
        new(new CommittedFileStream(Create(path)), Utf8NoBom, BufferSize) { NewLine = "\n", AutoFlush = false };

    public static StreamWriter CreateText(string path) =>
        new(Create(path), Utf8NoBom, BufferSize) { NewLine = "\n", AutoFlush = false };

    /// <summary>Yields the lines of a file with their 1-based numbers, reading one line at a time.</summary>
    public static IEnumerable<NumberedLine> ReadLines(string path)
    {
        using var reader = OpenText(path);
        long number = 0;
        while (reader.ReadLine() is { } line)
            yield return new NumberedLine(++number, line);
    }
}

/// <summary>A line of a text file and its 1-based number, for error messages that point at it.</summary>
public readonly record struct NumberedLine(long Number, string Text);
