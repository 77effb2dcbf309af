using System.Threading.Channels;
using Rearank.Core.Model;

namespace Rearank.Core.Reranking;

/// <summary>One query reranked: its hits in the new order and how it got there.</summary>
public sealed record RerankedQuery(string QueryId, IReadOnlyList<RankedHit> Hits, RerankTrace Trace);

/// <summary>A query's result, or why it has none: one failing query (a window too long, say) never stops the others.</summary>
public sealed record RerankOutcome(QueryCandidates Query, RerankedQuery? Result, Exception? Error);

/// <summary>
/// REARANK's reranking loop. Within a query, windows run back to front, each seeing the order the previous one left;
/// each answer reorders its window's hits while every slot keeps its rank and score (protocol §4.5). Many queries
/// are in flight at once, so a batching model always has several windows to decode together. The same loop serves
/// the rerankers REARANK is compared with (<see cref="RerankOptions.Method"/>): FIRST's windows read first-token
/// log-probabilities instead of an answer, and pointwise reranking asks one prompt per hit, all at once.
/// </summary>
public sealed class ListwiseReranker(IWindowRanker model, RerankOptions options)
{
    public RerankOptions Options { get; } = options;

    public Task<RerankedQuery> RerankAsync(QueryCandidates query, CancellationToken cancellationToken = default) =>
        RerankAsync(query, earlier: null, cancellationToken);

    /// <summary>
    /// Reranks a query, taking from <paramref name="earlier"/> (a trace of an attempt with failed windows) the answer
    /// of each window that succeeded there and saw the same passages in the same order; every other window, the
    /// failed ones first among them, asks the model again. A failed window is never final.
    /// </summary>
    public async Task<RerankedQuery> RerankAsync(QueryCandidates query, RerankTrace? earlier, CancellationToken cancellationToken = default)
    {
        if (Options.Method == RerankMethod.Pointwise) return await PointwiseAsync(query, cancellationToken).ConfigureAwait(false);
        var order = query.Hits.ToList();
        var traces = new List<WindowTrace>();
        foreach (var window in WindowPlan.For(order.Count, Options.WindowSize, Options.Step, Options.Depth))
        {
            var slice = order.GetRange(window.Start, window.Count);
            if (Reusable(earlier, traces.Count, window, slice) is { } kept)
            {
                for (var i = 0; i < window.Count; i++) order[window.Start + i] = slice[kept.Permutation[i]];
                traces.Add(kept);
                continue;
            }
            var messages = Options.Template.Messages(query.QueryText, slice);
            var firstToken = Options.Method == RerankMethod.FirstToken;
            var request = firstToken
                ? new WindowRequest(query.QueryId, window, messages, window.Count, Thinking: false, MaxNewTokens: 1)
                    { TopLogprobs = FirstTokenRanking.LocalCandidates, AnswerPrefix = FirstTokenRanking.Prefill }
                : new WindowRequest(query.QueryId, window, messages, window.Count, Options.Template.Thinking, Options.MaxNewTokens);
            var completion = await model.CompleteAsync(request, cancellationToken).ConfigureAwait(false);
            var trace = firstToken ? FirstTokenTrace(window, slice, completion) : GeneratedTrace(window, slice, completion);
            for (var i = 0; i < window.Count; i++) order[window.Start + i] = slice[trace.Permutation[i]];
            traces.Add(trace);
        }
        return Finish(query, order, traces);
    }

    private WindowTrace GeneratedTrace(RankWindow window, List<RankedHit> slice, WindowCompletion completion)
    {
        var parsed = Options.Template.Parse(completion.Text, window.Count);
        return new WindowTrace(window.Start, window.End, slice.Select(h => h.DocId).ToList(), parsed.Think, parsed.Answer,
            parsed.Permutation, parsed.FormatValid, parsed.Complete, completion.PromptTokens, completion.OutputTokens,
            completion.Elapsed.TotalSeconds, completion.Stop, completion.Text)
        {
            AnswerGuard = completion.Guard, Failure = completion.Failure, PromptSeconds = completion.PromptElapsed?.TotalSeconds,
            Replica = completion.ServedBy, ServedModel = completion.ServedModel,
        };
    }

    /// <summary>FIRST's window: no reasoning, no answer text, the identifiers' first-token log-probabilities instead.</summary>
    private WindowTrace FirstTokenTrace(RankWindow window, List<RankedHit> slice, WindowCompletion completion)
    {
        var alphabetic = Options.Template is RankLlm.RankLlmPrompt { AlphabeticIdentifiers: true };
        var failed = completion.Stop == WindowStop.Failed || completion.TopLogprobs is null;
        var (permutation, scores, answer) = failed
            ? (Enumerable.Range(0, window.Count).ToList(), new double?[window.Count], "")
            : FirstTokenRanking.Rank(completion.TopLogprobs!, window.Count, alphabetic);
        return new WindowTrace(window.Start, window.End, slice.Select(h => h.DocId).ToList(), null, answer,
            permutation, !failed && answer.Length > 0, !failed && scores.All(s => s is not null), completion.PromptTokens, completion.OutputTokens,
            completion.Elapsed.TotalSeconds, failed ? WindowStop.Failed : completion.Stop, completion.Text)
        {
            Failure = completion.Failure ?? (failed ? "the model gave no first-token log-probabilities" : null),
            PromptSeconds = completion.PromptElapsed?.TotalSeconds, Replica = completion.ServedBy, ServedModel = completion.ServedModel,
            IdentifierScores = scores,
        };
    }

    /// <summary>
    /// rank_llm's pointwise reranking of a query: every hit within the depth in a prompt of its own, all asked at
    /// once (the session batches them), ordered by the probability of "yes"; one trace window holds the scores.
    /// A prompt that fails fails the query's window, so the query keeps its first-stage order and is retried on resume.
    /// </summary>
    private async Task<RerankedQuery> PointwiseAsync(QueryCandidates query, CancellationToken cancellationToken)
    {
        var prompt = (RankLlm.RankLlmPrompt)Options.Template;
        var depth = Math.Min(Options.Depth, query.Hits.Count);
        var hits = query.Hits.Take(depth).ToList();
        var completions = await Task.WhenAll(hits.Select((hit, i) => model.CompleteAsync(
            new WindowRequest(query.QueryId, new RankWindow(i, i + 1), prompt.PointwiseMessages(query.QueryText, hit), 1, Thinking: false, MaxNewTokens: 1)
                { TopLogprobs = PointwiseRelevance.Candidates }, cancellationToken))).ConfigureAwait(false);
        var failure = completions.Select((c, i) => c.Stop == WindowStop.Failed || c.TopLogprobs is null ? $"passage {i + 1} ({hits[i].DocId}): {c.Failure ?? "no first-token log-probabilities"}" : null)
            .FirstOrDefault(f => f is not null);
        var scores = completions.Select(c => PointwiseRelevance.Score(c.TopLogprobs ?? [])).ToList();
        var permutation = failure is null ? PointwiseRelevance.Order(scores) : Enumerable.Range(0, depth).ToList();
        var traces = new List<WindowTrace>();
        if (depth > 0)
            traces.Add(new WindowTrace(0, depth, hits.Select(h => h.DocId).ToList(), null,
                failure is null ? string.Join(" > ", permutation.Select(i => $"[{i + 1}]")) : "", permutation, failure is null, failure is null,
                completions.Sum(c => c.PromptTokens), completions.Sum(c => c.OutputTokens), completions.Max(c => c.Elapsed).TotalSeconds,
                // The raw output: each prompt's likeliest first token, in hit order, apart by U+001F (tokens may hold any text).
                failure is null ? WindowStop.MaxNewTokens : WindowStop.Failed, string.Join("\u001f", completions.Select(c => c.Text)))
            {
                Failure = failure, IdentifierScores = scores.Select(s => (double?)s).ToList(),
                PromptSeconds = completions.Max(c => c.PromptElapsed)?.TotalSeconds,
                Replica = completions.Select(c => c.ServedBy).FirstOrDefault(r => r is not null),
                ServedModel = completions.Select(c => c.ServedModel).FirstOrDefault(m => m is not null),
            });
        var order = permutation.Select(i => hits[i]).Concat(query.Hits.Skip(depth)).ToList();
        return Finish(query, order, traces);
    }

    private RerankedQuery Finish(QueryCandidates query, List<RankedHit> order, List<WindowTrace> traces)
    {
        var decoding = Options.Method == RerankMethod.Listwise ? $"at most {Options.MaxNewTokens} new tokens" : "first-token log-probabilities, no generation";
        var trace = new RerankTrace(query.QueryId, query.QueryText, model.ModelIdentity, Options.RerankerName,
            Options.WindowSize, Options.Step, Options.Depth, traces)
        {
            Decoding = string.IsNullOrEmpty(model.Decoding) ? decoding : $"{model.Decoding}, {decoding}",
        };
        return new RerankedQuery(query.QueryId, Slot(query.Hits, order, trace, Options.RunTag), trace);
    }

    /// <summary>The earlier attempt's answer for the window at this place, when it succeeded on exactly these passages.</summary>
    private static WindowTrace? Reusable(RerankTrace? earlier, int index, RankWindow window, List<RankedHit> slice)
    {
        if (earlier is null || index >= earlier.Windows.Count) return null;
        var w = earlier.Windows[index];
        if (w.StopReason == WindowStop.Failed || w.Start != window.Start || w.End != window.End) return null;
        return slice.Select(h => h.DocId).SequenceEqual(w.DocIds, StringComparer.Ordinal) ? w : null;
    }

    /// <summary>
    /// Queries in, outcomes out as each query finishes (not necessarily in input order), with at most
    /// <see cref="RerankOptions.MaxConcurrentQueries"/> in flight.
    /// </summary>
    public async IAsyncEnumerable<RerankOutcome> RerankAllAsync(IAsyncEnumerable<QueryCandidates> queries,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var outcome in RerankAllAsync(queries, _ => null, cancellationToken).ConfigureAwait(false)) yield return outcome;
    }

    /// <summary>As above, each query with the earlier attempt <paramref name="earlier"/> gives for it (see <see cref="RerankAsync(QueryCandidates, RerankTrace?, CancellationToken)"/>).</summary>
    public async IAsyncEnumerable<RerankOutcome> RerankAllAsync(IAsyncEnumerable<QueryCandidates> queries, Func<QueryCandidates, RerankTrace?> earlier,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var finished = Channel.CreateUnbounded<RerankOutcome>();
        var slots = new SemaphoreSlim(Math.Max(1, Options.MaxConcurrentQueries));
        var feeder = Task.Run(async () =>
        {
            try
            {
                await foreach (var query in queries.WithCancellation(cancellationToken).ConfigureAwait(false))
                {
                    await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
                    var work = RerankAsync(query, earlier(query), cancellationToken);
                    _ = work.ContinueWith(t =>
                    {
                        finished.Writer.TryWrite(t.IsCompletedSuccessfully
                            ? new RerankOutcome(query, t.Result, null)
                            : new RerankOutcome(query, null, t.Exception?.GetBaseException() ?? new OperationCanceledException()));
                        slots.Release();
                    }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                }
                // Wait until every started query has reported before closing the channel.
                for (var i = 0; i < Math.Max(1, Options.MaxConcurrentQueries); i++) await slots.WaitAsync(CancellationToken.None).ConfigureAwait(false);
                finished.Writer.TryComplete();
            }
            catch (Exception e)
            {
                finished.Writer.TryComplete(e);
            }
        }, CancellationToken.None);

        await foreach (var outcome in finished.Reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
            yield return outcome;
        await feeder.ConfigureAwait(false);
    }

    /// <summary>
    /// Rebuilds a query's result from a recorded trace without calling the model (for -ResumeFrom): each window's
    /// permutation is applied again. Null when the hits are not the ones the trace saw.
    /// </summary>
    public static RerankedQuery? Replay(QueryCandidates query, RerankTrace trace, string runTag = "rearank")
    {
        // A failed window kept its order for want of an answer: replaying it as final would pass first-stage order off as reranked.
        if (trace.FailedWindows > 0) return null;
        var order = query.Hits.ToList();
        foreach (var window in trace.Windows)
        {
            if (window.End > order.Count) return null;
            var slice = order.GetRange(window.Start, window.End - window.Start);
            if (!slice.Select(h => h.DocId).SequenceEqual(window.DocIds)) return null;
            for (var i = 0; i < slice.Count; i++) order[window.Start + i] = slice[window.Permutation[i]];
        }
        return new RerankedQuery(query.QueryId, Slot(query.Hits, order, trace, runTag), trace);
    }

    /// <summary>
    /// The new order takes the slots of the old one: position p gets the rank p+1 and the first-stage score of slot p,
    /// lowered where needed so scores strictly decrease. Hits beyond the depth keep their places.
    /// </summary>
    private static List<RankedHit> Slot(IReadOnlyList<RankedHit> original, List<RankedHit> reordered, RerankTrace trace, string runTag)
    {
        var result = new List<RankedHit>(reordered.Count);
        var previous = double.PositiveInfinity;
        for (var p = 0; p < reordered.Count; p++)
        {
            var score = original[p].Score;
            if (score >= previous) score = previous - Math.Max(1e-6, Math.Abs(previous) * 1e-12);
            previous = score;
            var hit = reordered[p];
            result.Add(hit with
            {
                Rank = p + 1,
                Score = score,
                OriginalRank = hit.OriginalRank ?? hit.Rank,
                RetrievalScore = hit.RetrievalScore ?? hit.Score,
                Trace = trace,
                RunTag = runTag,
            });
        }
        return result;
    }
}
