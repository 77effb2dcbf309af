namespace Rearank.Core.Model;

/// <summary>A passage or document of a corpus. Title is empty where the format has none (MS MARCO, Pyserini).</summary>
public sealed record Document(string DocId, string Title, string Text)
{
    /// <summary>A short form for "$document" and Write-Host: the id and the start of the title or text, never the whole passage.</summary>
    public override string ToString() => $"{DocId}: {Short.Of(string.IsNullOrEmpty(Title) ? Text : Title)}";
}
