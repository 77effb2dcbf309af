using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Parquet.Serialization;

namespace Rearank.Core.IO;

/// <summary>
/// Rows in the layout REARANK's own pipeline reads (phcool/rerank's verl fork), as Parquet for verl's loader
/// (RLHFDataset reads Parquet only) and as the same objects in JSONL: verl's data_source (its reward manager picks the
/// reward by it), prompt as chat messages, ability, reward_model and extra_info; and what REARANK's reward
/// (listwiserank.compute_score) reads from the row: the query, the window's hits (qid, docid, rank, score, content)
/// and the window's initial and ideal nDCG at 1, 5 and 10 as trec_eval gives them with each slot keeping its score
/// (metrics / best_metrics, keys NDCG@k).
/// </summary>
public static class UpstreamTrainingFiles
{
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void WriteJsonl(IEnumerable<UpstreamRow> rows, string path)
    {
        using var writer = TextFile.CreateText(path);
        foreach (var row in rows)
        {
            writer.Write(JsonSerializer.Serialize(row, Json));
            writer.Write('\n');
        }
    }

    public static async Task WriteParquetAsync(IEnumerable<UpstreamRow> rows, string path, CancellationToken cancellationToken = default) =>
        await ParquetSerializer.SerializeAsync(rows.ToList(), path, cancellationToken: cancellationToken).ConfigureAwait(false);
}

/// <summary>One window of one query in REARANK's training layout.</summary>
public sealed class UpstreamRow
{
    [JsonPropertyName("data_source")] public string DataSource { get; set; } = "";
    [JsonPropertyName("prompt")] public List<VerlMessage> Prompt { get; set; } = [];
    [JsonPropertyName("ability")] public string Ability { get; set; } = "";
    [JsonPropertyName("reward_model")] public VerlRewardModel RewardModel { get; set; } = new();
    [JsonPropertyName("extra_info")] public UpstreamExtraInfo ExtraInfo { get; set; } = new();
    [JsonPropertyName("query")] public string Query { get; set; } = "";
    [JsonPropertyName("hits")] public List<UpstreamHit> Hits { get; set; } = [];
    [JsonPropertyName("metrics")] public UpstreamMetrics Metrics { get; set; } = new();
    [JsonPropertyName("best_metrics")] public UpstreamMetrics BestMetrics { get; set; } = new();
    [JsonPropertyName("split")] public string Split { get; set; } = "";
}

public sealed class UpstreamExtraInfo
{
    [JsonPropertyName("split")] public string Split { get; set; } = "";
    [JsonPropertyName("index")] public long Index { get; set; }
    [JsonPropertyName("query_id")] public string QueryId { get; set; } = "";
}

/// <summary>A hit as REARANK's retriever writes it; content in the prompt's store form.</summary>
public sealed class UpstreamHit
{
    [JsonPropertyName("qid")] public string Qid { get; set; } = "";
    [JsonPropertyName("docid")] public string DocId { get; set; } = "";
    [JsonPropertyName("rank")] public long Rank { get; set; }
    [JsonPropertyName("score")] public double Score { get; set; }
    [JsonPropertyName("content")] public string Content { get; set; } = "";
}

/// <summary>nDCG@1, @5, @10 of a window, as pytrec_eval names them in REARANK's rows.</summary>
public sealed class UpstreamMetrics
{
    [JsonPropertyName("NDCG@1")] public double Ndcg1 { get; set; }
    [JsonPropertyName("NDCG@5")] public double Ndcg5 { get; set; }
    [JsonPropertyName("NDCG@10")] public double Ndcg10 { get; set; }
}
