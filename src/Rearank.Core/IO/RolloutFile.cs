using Rearank.Core.Model;
using System.Text.Json;

namespace Rearank.Core.IO;

/// <summary>
/// The rollout JSONL that Invoke-RearankRollout -Path writes: one line per sample, with its row, seed, response and the
/// reward's parts, in verl's snake_case names.
/// </summary>
public sealed class RolloutFile(TextWriter writer) : IDisposable
{
    public void Write(RolloutSample sample) => writer.Write(JsonSerializer.Serialize(new
    {
        query_id = sample.QueryId, index = sample.Index, sample = sample.Sample, seed = sample.Seed, response = sample.Response,
        reward = sample.Reward.Reward, ndcg_gain = sample.Reward.NdcgGain, format_ok = sample.Reward.FormatOk,
        ranking_format_ok = sample.Reward.RankingFormatOk, output_tokens = sample.OutputTokens,
    }) + "\n");

    public void Dispose() => writer.Dispose();
}
