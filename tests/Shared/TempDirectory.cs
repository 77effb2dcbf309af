using System.IO.Compression;
using System.Text;

namespace Rearank.Tests.Shared;

/// <summary>A scratch folder per test class, removed afterwards; helpers write plain or gzipped text into it.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory() => Directory.CreateDirectory(Root);

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "rearank-tests", Guid.NewGuid().ToString("N"));

    public string PathOf(string name) => Path.Combine(Root, name);

    public string Write(string name, string text)
    {
        var path = PathOf(name);
        if (name.EndsWith(".gz"))
        {
            using var gzip = new GZipStream(File.Create(path), CompressionLevel.Fastest);
            gzip.Write(new UTF8Encoding(false).GetBytes(text));
        }
        else
        {
            File.WriteAllText(path, text, new UTF8Encoding(false));
        }
        return path;
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
    }
}
