using System.IO.Compression;
using Rearank.Core.IO;

namespace Rearank.Core.Tests.IO;

/// <summary>A gzip file cut short is reported, wherever the cut falls, instead of read as a shorter input.</summary>
public sealed class GzipTests : IDisposable
{
    private readonly TempDirectory temp = new();

    private byte[] Compressed(int lines)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
        using (var writer = new StreamWriter(gzip))
            for (var i = 0; i < lines; i++) writer.Write($"q{i % 50} Q0 d{i} {i % 100 + 1} {1000 - i % 100} run\n");
        return buffer.ToArray();
    }

    [Fact]
    public void A_whole_file_reads_to_its_last_line()
    {
        var path = temp.PathOf("whole.txt.gz");
        File.WriteAllBytes(path, Compressed(20_000));
        Assert.Equal(20_000, TextFile.ReadLines(path).Count());
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.99)]
    [InlineData(-4)]   // only the length field of the trailer lost
    [InlineData(-8)]   // the whole trailer lost
    public void A_cut_file_is_an_error_naming_it(double cut)
    {
        var bytes = Compressed(20_000);
        var keep = cut < 0 ? bytes.Length + (int)cut : (int)(bytes.Length * cut);
        var path = temp.PathOf("cut.txt.gz");
        File.WriteAllBytes(path, bytes[..keep]);

        var error = Assert.ThrowsAny<InvalidDataException>(() => TrecRunReader.Read(path).Count());
        Assert.Contains(path, error.Message);
    }

    public void Dispose() => temp.Dispose();
}
