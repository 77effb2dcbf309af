using System.Text.Json;
using Rearank.Core.Model;

namespace Rearank.Core.IO;

/// <summary>
/// Writes hits in the RankGPT / rank_llm candidate layout that <see cref="CandidateListReader"/> reads. Hits of a
/// query must arrive together; each query's object is written when the next query starts, one query in memory.
/// </summary>
public sealed class CandidateListWriter : IHitWriter
{
    private readonly Stream stream;
    private readonly Utf8JsonWriter json;
    private readonly ArrivalRanks ranks = new();
    private readonly HashSet<string> finished = new(StringComparer.Ordinal);
    private string? currentQueryId;

    public CandidateListWriter(Stream stream)
    {
        this.stream = stream;
        json = new Utf8JsonWriter(stream, JsonText.WriterOptions with { Indented = true });
        json.WriteStartArray();
    }

    public void Write(RankedHit hit)
    {
        if (!string.Equals(currentQueryId, hit.QueryId, StringComparison.Ordinal))
        {
            if (!finished.Add(hit.QueryId))
                throw new ArgumentException($"The hits of query {hit.QueryId} must arrive together; it was already written.", nameof(hit));
            EndQuery();
            currentQueryId = hit.QueryId;
            json.WriteStartObject();
            json.WriteString("query", hit.QueryText ?? "");
            json.WriteStartArray("hits");
        }
        json.WriteStartObject();
        json.WriteString("content", string.IsNullOrEmpty(hit.Title) ? hit.Text ?? "" : $"{hit.Title} {hit.Text}");
        json.WriteString("qid", hit.QueryId);
        json.WriteString("docid", hit.DocId);
        json.WriteNumber("rank", ranks.Next(hit.QueryId));
        json.WriteNumber("score", hit.Score);
        json.WriteEndObject();
    }

    private void EndQuery()
    {
        if (currentQueryId is null) return;
        json.WriteEndArray();
        json.WriteEndObject();
        Flush();
    }

    public void Flush()
    {
        json.Flush();
        stream.Flush();
    }

    public void Complete() => Flush();

    public void Dispose()
    {
        EndQuery();
        json.WriteEndArray();
        json.Flush();
        json.Dispose();
        stream.Dispose();
    }
}
