using Rearank.Core.Model;
using Rearank.Core.Evaluation;
using Rearank.Core.Reranking;

namespace Rearank.Core.Training;

/// <summary>
/// K sampled responses per training row through a session, sampled as verl's rollouts are unless told otherwise
/// (temperature as given, top-p 1, no top-k, no min-p) (its batching keeps the model busy), each scored with
/// REARANK's reward: material for rejection sampling, and a before/after check of a model around training.
/// </summary>
public static class Rollouts
{
    public static async IAsyncEnumerable<RolloutSample> RunAsync(IRerankSession session, IEnumerable<TrainingRow> rows, Qrels qrels,
        int samples, SamplingSettings sampling, int maxNewTokens,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var pending = new List<Task<RolloutSample>>();
        foreach (var row in rows)
        {
            for (var k = 0; k < samples; k++)
            {
                // A seed per (row, sample): every response differs, and the same command reproduces all of them.
                var sampleSeed = unchecked(sampling.Seed + (uint)row.Index * 10_007u + (uint)k);
                pending.Add(Sample(session, row, qrels, k, sampling with { Seed = sampleSeed }, maxNewTokens, cancellationToken));
            }
            // Keep a few rows ahead of the results so the session's batch stays full without holding everything.
            while (pending.Count >= Math.Max(samples, QueriesInFlight.For(session)))
            {
                yield return await pending[0].ConfigureAwait(false);
                pending.RemoveAt(0);
            }
        }
        foreach (var task in pending) yield return await task.ConfigureAwait(false);
    }

    private static async Task<RolloutSample> Sample(IRerankSession session, TrainingRow row, Qrels qrels, int k, SamplingSettings sampling,
        int maxNewTokens, CancellationToken cancellationToken)
    {
        var request = new WindowRequest(row.QueryId, new RankWindow(0, row.DocIds.Count), row.Messages, row.DocIds.Count, Thinking: true, maxNewTokens)
        {
            Sampling = sampling,
        };
        var completion = await session.CompleteAsync(request, cancellationToken).ConfigureAwait(false);
        return new RolloutSample(row.QueryId, row.Index, k, sampling.Seed, completion.Text, RearankReward.Compute(completion.Text, row.DocIds, qrels.For(row.QueryId), row.RewardScores), completion.OutputTokens);
    }

    /// <summary>Counts of rewards in fixed bins (the reward lies in about [-∞, 1]; gains below -1 share the first bin).</summary>
    public static IReadOnlyList<(string Bin, int Count)> Histogram(IEnumerable<double> rewards)
    {
        double[] edges = [double.NegativeInfinity, -0.5, 0, 0.25, 0.5, 0.75, 1.0000001];
        var counts = new int[edges.Length - 1];
        foreach (var r in rewards)
            for (var b = 0; b < counts.Length; b++)
                if (r >= edges[b] && r < edges[b + 1]) { counts[b]++; break; }
        string[] names = ["< -0.5", "[-0.5, 0)", "[0, 0.25)", "[0.25, 0.5)", "[0.5, 0.75)", "[0.75, 1]"];
        return names.Zip(counts).ToList();
    }
}
