using System.Text.Json;
using System.Text.Json.Serialization;
using Parquet.Serialization;
using Rearank.Core.Model;

namespace Rearank.Core.IO;

/// <summary>A row of BRIGHT's examples: the query, its gold ids (grade 1) and the ids to leave out of its ranking.</summary>
public sealed class BrightExample
{
    [JsonPropertyName("id")] public string Id { get; set; } = "";
    [JsonPropertyName("query")] public string Query { get; set; } = "";
    [JsonPropertyName("gold_ids")] public List<string> GoldIds { get; set; } = [];
    [JsonPropertyName("excluded_ids")] public List<string> ExcludedIds { get; set; } = [];
}

/// <summary>A row of BRIGHT's documents.</summary>
public sealed class BrightDocument
{
    [JsonPropertyName("id")] public string Id { get; set; } = "";
    [JsonPropertyName("content")] public string Content { get; set; } = "";
}

/// <summary>BRIGHT's published files: examples and documents, as Parquet (the Hub's) or JSONL.</summary>
public static class BrightFiles
{
    public static List<BrightExample> ReadExamples(string path)
    {
        if (path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase)) return ReadParquet<BrightExample>(path).ToList();
        return LineRecords.Read(path, line =>
        {
            if (string.IsNullOrWhiteSpace(line.Text)) return null;
            try
            {
                return JsonSerializer.Deserialize<BrightExample>(line.Text) is { Id.Length: > 0, Query: not null } example
                    ? example
                    : throw new MalformedRecordException(path, line.Number, "a BRIGHT example {\"id\", \"query\", \"gold_ids\", \"excluded_ids\"}", line.Text);
            }
            catch (JsonException e)
            {
                throw new MalformedRecordException(path, line.Number, "a BRIGHT example {\"id\", \"query\", \"gold_ids\", \"excluded_ids\"}", line.Text, e);
            }
        }, onMalformed: null).ToList();
    }

    /// <summary>The documents: BRIGHT's Parquet rows (id, content), or any corpus format the document reader knows.</summary>
    public static IEnumerable<Document> ReadDocuments(string path, MalformedRecordHandler onMalformed) =>
        path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase)
            ? ReadParquet<BrightDocument>(path).Select(d => new Document(d.Id, null, d.Content))
            : DocumentReader.Read(path, onMalformed: onMalformed);

    private static IList<T> ReadParquet<T>(string path) where T : class, new() =>
        ParquetSerializer.DeserializeAsync<T>(path).GetAwaiter().GetResult().Data;
}
