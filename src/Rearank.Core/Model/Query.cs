namespace Rearank.Core.Model;

/// <summary>An information need: the id that qrels and runs use, and the text a retriever or reranker sees.</summary>
public sealed record Query(string QueryId, string Text)
{
    public override string ToString() => $"{QueryId}: {Short.Of(Text)}";
}
