using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Parquet.Serialization;
using Rearank.Core.IO;

namespace Rearank.Core.Training;

/// <summary>
/// Rows in the layout REARANK's own pipeline reads (phcool/rerank's verl fork), as Parquet for verl's loader
/// (RLHFDataset reads Parquet only) and as the same objects in JSONL: verl's data_source (its reward manager picks the
/// reward by it), prompt as chat messages, ability, reward_model and extra_info; and what REARANK's reward
/// (listwiserank.compute_score) reads from the row: the query, the window's hits (qid, docid, rank, score, content)
/// and the window's initial and ideal nDCG at 1, 5 and 10 as trec_eval gives them with each slot keeping its score
/// (metrics / best_metrics, keys NDCG@k).
/// </summary>
public static class UpstreamTrainingRows
{
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static List<UpstreamRow> From(IEnumerable<TrainingRow> rows, string dataSource) => rows.Select(r => UpstreamRow.From(r, dataSource)).ToList();

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

    public static UpstreamRow From(TrainingRow row, string dataSource)
    {
        var verl = VerlRow.From(row, dataSource);
        var identity = Enumerable.Range(0, row.DocIds.Count).ToArray();
        var metrics = UpstreamMetrics.Of(row, identity);
        // The reward's definition of best: the grade-stable ideal, never below the given order (protocol §6).
        var ideal = UpstreamMetrics.Of(row, RearankReward.IdealOrder(row.Grades));
        return new UpstreamRow
        {
            DataSource = dataSource, Prompt = verl.Prompt, Ability = verl.Ability, RewardModel = verl.RewardModel,
            ExtraInfo = new UpstreamExtraInfo { Split = row.Split, Index = row.Index, QueryId = row.QueryId },
            Query = row.QueryText,
            Hits = row.DocIds.Select((id, i) => new UpstreamHit
            {
                Qid = row.QueryId, DocId = id, Rank = i < row.Ranks.Count ? row.Ranks[i] : i + 1,
                Score = i < row.Scores.Count ? row.Scores[i] : row.DocIds.Count - i, Content = i < row.Passages.Count ? row.Passages[i] : "",
            }).ToList(),
            Metrics = metrics,
            BestMetrics = new UpstreamMetrics
            {
                Ndcg1 = Math.Max(ideal.Ndcg1, metrics.Ndcg1), Ndcg5 = Math.Max(ideal.Ndcg5, metrics.Ndcg5), Ndcg10 = Math.Max(ideal.Ndcg10, metrics.Ndcg10),
            },
            Split = row.Split,
        };
    }
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

    /// <summary>The candidates placed in this order into the slots, read as trec_eval reads them, rounded to 5 decimals.</summary>
    internal static UpstreamMetrics Of(TrainingRow row, int[] order)
    {
        var grades = RearankReward.Evaluated(order, row.Grades, row.DocIds, row.RewardScores).Select(g => Math.Max(0, g)).ToArray();
        double At(int k)
        {
            var ideal = Dcg(row.IdealGrades.OrderDescending().Take(k));
            return ideal > 0 ? Math.Round(Dcg(grades.Take(k)) / ideal, 5, MidpointRounding.ToEven) : 0;
        }
        return new UpstreamMetrics { Ndcg1 = At(1), Ndcg5 = At(5), Ndcg10 = At(10) };
    }

    private static double Dcg(IEnumerable<int> grades) => grades.Select((g, i) => g > 0 ? g / Math.Log2(i + 2) : 0).Sum();
}
