using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Parquet.Serialization;
using Rearank.Core.Model;

namespace Rearank.Core.IO;

/// <summary>
/// Training rows in the files trainers read: Parquet in the column layout of verl's GRPO recipes (data_source, prompt
/// as a list of role/content messages, ability, reward_model with the ground truth, extra_info), and JSONL with a
/// conversational "prompt" for TRL's GRPOTrainer (the other keys reach its reward function as keyword arguments).
/// </summary>
public static class TrainingSetFiles
{
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static async Task WriteParquetAsync(IEnumerable<TrainingRow> rows, string path, string dataSource, CancellationToken cancellationToken = default)
    {
        var verlRows = rows.Select(r => VerlRow.From(r, dataSource)).ToList();
        await ParquetSerializer.SerializeAsync(verlRows, path, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads a file back: the rows, and the column names of its schema (top level and nested, dotted).</summary>
    public static async Task<(IList<VerlRow> Rows, IReadOnlyList<string> Columns)> ReadParquetAsync(string path, CancellationToken cancellationToken = default)
    {
        var result = await ParquetSerializer.DeserializeAsync<VerlRow>(path, cancellationToken: cancellationToken).ConfigureAwait(false);
        return (result.Data, result.Schema.GetDataFields().Select(f => f.Path.ToString()).ToList());
    }

    public static void WriteJsonl(IEnumerable<TrainingRow> rows, string path)
    {
        using var writer = TextFile.CreateText(path);
        foreach (var row in rows)
        {
            writer.Write(JsonSerializer.Serialize(new
            {
                prompt = row.Messages.Select(m => new { role = m.Role, content = m.Content }),
                query_id = row.QueryId,
                doc_ids = row.DocIds,
                grades = row.Grades,
                ideal_grades = row.IdealGrades,
                scores = row.Scores,
                initial_ndcg = row.InitialNdcg,
                ideal_ndcg = row.IdealNdcg,
                split = row.Split,
            }, Json));
            writer.Write('\n');
        }
    }
}

/// <summary>One row of verl's RL dataset layout.</summary>
public sealed class VerlRow
{
    [JsonPropertyName("data_source")] public string DataSource { get; set; } = "";
    [JsonPropertyName("prompt")] public List<VerlMessage> Prompt { get; set; } = [];
    [JsonPropertyName("ability")] public string Ability { get; set; } = "";
    [JsonPropertyName("reward_model")] public VerlRewardModel RewardModel { get; set; } = new();
    [JsonPropertyName("extra_info")] public VerlExtraInfo ExtraInfo { get; set; } = new();

    public static VerlRow From(TrainingRow row, string dataSource) => new()
    {
        DataSource = dataSource,
        Prompt = row.Messages.Select(m => new VerlMessage { Role = m.Role, Content = m.Content }).ToList(),
        Ability = "rerank",
        RewardModel = new VerlRewardModel
        {
            Style = "rule",
            // The reward function receives this string: the window's ids and grades, in the order shown.
            GroundTruth = JsonSerializer.Serialize(new { doc_ids = row.DocIds, grades = row.Grades, ideal_grades = row.IdealGrades, scores = row.Scores }),
        },
        ExtraInfo = new VerlExtraInfo
        {
            Split = row.Split, Index = row.Index, QueryId = row.QueryId, DocIds = row.DocIds.ToList(), Grades = row.Grades.ToList(),
            InitialNdcg = row.InitialNdcg, IdealNdcg = row.IdealNdcg,
        },
    };
}

public sealed class VerlMessage
{
    [JsonPropertyName("role")] public string Role { get; set; } = "";
    [JsonPropertyName("content")] public string Content { get; set; } = "";
}

public sealed class VerlRewardModel
{
    [JsonPropertyName("style")] public string Style { get; set; } = "";
    [JsonPropertyName("ground_truth")] public string GroundTruth { get; set; } = "";
}

public sealed class VerlExtraInfo
{
    [JsonPropertyName("split")] public string Split { get; set; } = "";
    [JsonPropertyName("index")] public int Index { get; set; }
    [JsonPropertyName("query_id")] public string QueryId { get; set; } = "";
    [JsonPropertyName("doc_ids")] public List<string> DocIds { get; set; } = [];
    [JsonPropertyName("grades")] public List<int> Grades { get; set; } = [];
    [JsonPropertyName("initial_ndcg")] public double InitialNdcg { get; set; }
    [JsonPropertyName("ideal_ndcg")] public double IdealNdcg { get; set; }
}
