namespace Rearank.Core.Model;

/// <summary>
/// A passage or document of a corpus. Title is null where the row has no title field (MS MARCO, Pyserini) and empty
/// where it has an empty one (BEIR): REARANK's retriever writes its "Title: … Content: …" marker for every row with the
/// field, so a row whose title and text are both empty is shown as "Title: Content:".
/// </summary>
public sealed record Document(string DocId, string? Title, string Text)
{
    /// <summary>A short form for "$document" and Write-Host: the id and the start of the title or text, never the whole passage.</summary>
    public override string ToString() => $"{DocId}: {Short.Of(string.IsNullOrEmpty(Title) ? Text : Title)}";
}
