namespace Rearank.PowerShell.Bases;

/// <summary>The target of a malformed-record error: which file, which line, and what it said.</summary>
public sealed record SourceLine(string Path, long LineNumber, string? Text)
{
    public override string ToString() => $"{Path}:{LineNumber}";
}
