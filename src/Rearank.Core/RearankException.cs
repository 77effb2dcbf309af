namespace Rearank.Core;

/// <summary>The base of every error Rearank.Core raises on purpose, so callers can tell ours from the runtime's.</summary>
public class RearankException : Exception
{
    public RearankException(string message) : base(message) { }
    public RearankException(string message, Exception? inner) : base(message, inner) { }
}

/// <summary>
/// A record in an input file that does not have the shape its format requires.
/// The message names the file, the 1-based line and what was expected, so a user can open the file at that line.
/// </summary>
public sealed class MalformedRecordException : RearankException
{
    public MalformedRecordException(string filePath, long lineNumber, string expected, string? found = null, Exception? inner = null)
        : base(Describe(filePath, lineNumber, expected, found), inner)
    {
        FilePath = filePath;
        LineNumber = lineNumber;
        Expected = expected;
        Found = found;
    }

    public string FilePath { get; }

    /// <summary>1-based line where the bad record starts.</summary>
    public long LineNumber { get; }

    /// <summary>What the format requires at this place, in words.</summary>
    public string Expected { get; }

    /// <summary>The offending text (shortened), when there is one.</summary>
    public string? Found { get; }

    private static string Describe(string filePath, long lineNumber, string expected, string? found)
    {
        var where = $"{filePath}:{lineNumber}: expected {expected}";
        return found is null ? where : $"{where}; found '{Shorten(found)}'";
    }

    internal static string Shorten(string text) => text.Length <= 120 ? text : text[..117] + "...";
}
