namespace Rearank.Core.IO;

/// <summary>An output that exists and is not replaced without -Force (or never, where it is not ours to replace).</summary>
public class OutputExistsException(string path, string message) : RearankException(message)
{
    public string Path { get; } = path;
}

/// <summary>
/// The one overwrite rule of every writer (files, trace files, index and dataset folders): an existing file, or a
/// folder with anything in it, is kept unless the caller was told to replace it.
/// </summary>
public static class OverwriteRule
{
    /// <summary>A file, or a folder that is not empty.</summary>
    public static bool IsOccupied(string path) =>
        File.Exists(path) || (Directory.Exists(path) && Directory.EnumerateFileSystemEntries(path).Any());

    /// <summary>Throws <see cref="OutputExistsException"/> (with <paramref name="message"/>, or the plain one) when the path is occupied and not to be replaced.</summary>
    public static void Check(string path, bool force, string? message = null)
    {
        if (!force && IsOccupied(path)) throw new OutputExistsException(path, message ?? $"'{path}' already exists. Use -Force to replace it.");
    }
}
