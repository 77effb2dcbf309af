namespace Rearank.Core.Model;

/// <summary>A passage or document of a corpus. Title is empty where the format has none (MS MARCO, Pyserini).</summary>
public sealed record Document(string DocId, string Title, string Text);
