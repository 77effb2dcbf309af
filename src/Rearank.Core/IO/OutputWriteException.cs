namespace Rearank.Core.IO;

/// <summary>
/// An output file (a trace, an export) cannot be opened or written, a full disk say: the run stops here, since going
/// on would lose what it computes without a word. What was written before is flushed; the message names the file.
/// </summary>
public sealed class OutputWriteException : RearankException
{
    public OutputWriteException(string path, Exception inner, bool opening = false)
        : base(opening
            ? $"Cannot write '{path}': {inner.Message}"
            : $"Writing '{path}' failed ({inner.Message}); the run stopped, and every line before it is on disk.", inner)
    {
        Path = path;
    }

    public string Path { get; }
}
