using System.Collections.Concurrent;
using System.Diagnostics;
using System.Management.Automation;
using System.Threading.Channels;
using Rearank.Core;
using Rearank.Core.Inference;
using Rearank.Core.IO;
using Rearank.Core.Model;
using Rearank.Core.Reranking;
using Rearank.PowerShell.Infrastructure;

namespace Rearank.PowerShell.Commands;

/// <summary>
/// Reranks first-stage hits with REARANK's listwise reasoning: hits are grouped per query, many queries are reranked
/// at once through one model session, and each query's reordered hits stream out as soon as it is done, carrying the
/// trace of every window's reasoning.
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "RearankRerank")]
[OutputType(typeof(RankedHit))]
public sealed class InvokeRearankRerankCommand : RearankCmdlet
{
    private readonly List<RankedHit> group = [];
    private readonly BlockingCollection<RerankOutcome> outcomes = new();
    private readonly Channel<QueryCandidates> input = Channel.CreateUnbounded<QueryCandidates>();
    private readonly Dictionary<string, RerankTrace> resume = new(StringComparer.Ordinal);
    private Dictionary<string, string> queryTexts = [];
    private Task? worker;
    private IRerankSession? session;
    private TraceFile.Writer? traces;
    private ProgressReporter? progress;
    private readonly Stopwatch clock = new();
    private long tokensAtStart;
    private int submitted, finished, windows, failedWindows;

    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    public RankedHit? InputObject { get; set; }

    /// <summary>The model session; the one Open-RearankSession opened last when omitted.</summary>
    [Parameter]
    [SessionTransformation]
    [ArgumentCompleter(typeof(SessionCompleter))]
    public IRerankSession? Session { get; set; }

    [Parameter]
    [ValidateRange(2, 1000)]
    public int WindowSize { get; set; } = WindowPlan.DefaultWindow;

    [Parameter]
    [ValidateRange(1, 1000)]
    public int Step { get; set; } = WindowPlan.DefaultStep;

    /// <summary>How many of each query's hits are reranked; the rest keep their places.</summary>
    [Parameter]
    [ValidateRange(2, 100_000)]
    public int Depth { get; set; } = WindowPlan.DefaultDepth;

    /// <summary>The prompt: rearank (thinking, the default), rankgpt (REARANK's non-thinking) or rankgpt-original.</summary>
    [Parameter]
    [ValidateSet("rearank", "rankgpt", "rankgpt-original")]
    public string Template { get; set; } = "rearank";

    /// <summary>Use the non-thinking RankGPT prompt as REARANK ships it (same as -Template rankgpt).</summary>
    [Parameter]
    public SwitchParameter NoThinking { get; set; }

    [Parameter]
    [ValidateRange(1, 131_072)]
    public int MaxNewTokens { get; set; } = 2048;

    /// <summary>Queries in flight at once (default: twice the session's parallel windows, so the batch stays full).</summary>
    [Parameter]
    [ValidateRange(1, 10_000)]
    public int MaxConcurrentQueries { get; set; }

    /// <summary>Write each query's trace (every window's reasoning, answer and permutation) as a JSONL line.</summary>
    [Parameter]
    public string? TracePath { get; set; }

    /// <summary>A trace file from an earlier run: its queries are replayed from their recorded answers, not reranked again.</summary>
    [Parameter]
    public string? ResumeFrom { get; set; }

    /// <summary>The run tag of the reranked hits.</summary>
    [Parameter]
    [ValidatePattern(@"^\S+$")]
    public string RunTag { get; set; } = "rearank";

    /// <summary>Query texts for hits that carry none (for example Import-TrecRun output): a query file any Import-RearankQuery format.</summary>
    [Parameter]
    public string? QueryPath { get; set; }

    protected override void BeginProcessing()
    {
        session = ResolveSession(Session);
        var template = NoThinking && !MyInvocation.BoundParameters.ContainsKey(nameof(Template)) ? PromptTemplates.RankGpt : PromptTemplates.Get(Template);
        var options = new RerankOptions
        {
            Template = template, RunTag = RunTag, WindowSize = WindowSize, Step = Step, Depth = Depth, MaxNewTokens = MaxNewTokens,
            MaxConcurrentQueries = MaxConcurrentQueries > 0 ? MaxConcurrentQueries : session!.Concurrency * 2,
        };
        if (session is LlamaSession local)
        {
            try
            {
                local.CheckAnswerBudget(Math.Min(WindowSize, Depth), template.Thinking, MaxNewTokens);
            }
            catch (AnswerBudgetTooSmallException e)
            {
                ThrowTerminatingError(new ErrorRecord(e, "AnswerBudgetTooSmall", ErrorCategory.InvalidArgument, MaxNewTokens));
            }
        }
        WriteVerbose($"Reranking with {session!.Description}, template '{template.Name}', window {WindowSize}, step {Step}, depth {Depth}, max {MaxNewTokens} new tokens, {options.MaxConcurrentQueries} queries in flight.");

        queryTexts = LoadQueryTexts(QueryPath);
        if (ResumeFrom is not null)
            foreach (var path in ResolveInputPaths([ResumeFrom]))
                foreach (var trace in TraceFile.Read(path, WriteMalformedRecord)) resume[trace.QueryId] = trace;
        if (TracePath is not null)
        {
            var tracePath = ResolveOutputPath(TracePath);
            var sameAsResume = ResumeFrom is not null && tracePath == ResolveOutputPath(ResumeFrom);
            traces = new TraceFile.Writer(tracePath, append: sameAsResume);
        }

        var reranker = new ListwiseReranker(session, options);
        progress = new ProgressReporter(this, ProgressIds.Rerank, "Invoke-RearankRerank");
        tokensAtStart = session.GeneratedTokens;
        clock.Start();
        var token = CancellationToken;
        worker = Task.Run(async () =>
        {
            try
            {
                await foreach (var outcome in reranker.RerankAllAsync(input.Reader.ReadAllAsync(token), token).ConfigureAwait(false))
                    outcomes.Add(outcome);
            }
            finally
            {
                outcomes.CompleteAdding();
            }
        });
    }

    protected override void ProcessRecord()
    {
        if (InputObject is null) return;
        if (group.Count > 0 && group[0].QueryId != InputObject.QueryId) Submit();
        group.Add(InputObject);
        while (outcomes.TryTake(out var outcome)) Emit(outcome);
        this.WriteNativeLog();
    }

    protected override void EndProcessing()
    {
        Submit();
        input.Writer.TryComplete();
        while (!outcomes.IsCompleted)
        {
            if (outcomes.TryTake(out var outcome, 250, CancellationToken)) Emit(outcome);
            ReportProgress();
            this.WriteNativeLog();
        }
        if (worker is { IsFaulted: true } failed && failed.Exception?.GetBaseException() is not OperationCanceledException)
            ThrowTerminatingError(new ErrorRecord(failed.Exception!.GetBaseException(), "RerankFailed", ErrorCategory.NotSpecified, null));
        progress?.Complete();
        if (failedWindows > 0)
            WriteWarning($"{failedWindows:N0} of {windows:N0} windows failed after every retry and kept their first-stage order; the traces give each reason (StopReason).");
        WriteVerbose($"Reranked {finished:N0} queries ({windows:N0} windows) in {clock.Elapsed.TotalSeconds:F1} s.");
    }

    private void Submit()
    {
        if (group.Count == 0) return;
        var hits = group.ToList();
        group.Clear();
        var id = hits[0].QueryId;
        var text = hits[0].QueryText ?? queryTexts.GetValueOrDefault(id);
        if (text is null)
        {
            WriteError(new ErrorRecord(new ArgumentException($"The hits of query {id} carry no query text; pass -QueryPath with the topics, or search with Invoke-Bm25Search."),
                "NoQueryText", ErrorCategory.InvalidData, id));
            return;
        }
        var candidates = new QueryCandidates(id, text, hits);
        if (resume.TryGetValue(id, out var trace) && ListwiseReranker.Replay(candidates, trace, RunTag) is { } replayed)
        {
            Emit(new RerankOutcome(candidates, replayed, null), replay: true);
            return;
        }
        submitted++;
        input.Writer.TryWrite(candidates);
    }

    private void Emit(RerankOutcome outcome, bool replay = false)
    {
        if (outcome.Error is { } error)
        {
            if (error is OperationCanceledException) return;
            var category = error is ContextTooSmallException ? ErrorCategory.LimitsExceeded : ErrorCategory.InvalidResult;
            WriteError(new ErrorRecord(error, "RerankFailed", category, outcome.Query.QueryId));
            return;
        }
        var result = outcome.Result!;
        if (!replay)
        {
            finished++;
            windows += result.Trace.Windows.Count;
            failedWindows += result.Trace.Windows.Count(w => w.StopReason == WindowStop.Failed);
            traces?.Write(result.Trace);
        }
        var incomplete = result.Trace.Windows.Where(w => !w.AnswerComplete && w.StopReason != WindowStop.Failed).ToList();
        if (incomplete.Count > 0)
            WriteWarning($"Query {result.QueryId}: in {incomplete.Count} of {result.Trace.Windows.Count} windows ({string.Join(", ", incomplete.Select(w => $"[{w.Start},{w.End})"))}) " +
                         "the answer did not rank every passage; the passages it left out keep their order.");
        foreach (var hit in result.Hits) WriteObject(hit);
        ReportProgress();
    }

    private void ReportProgress()
    {
        var generated = session!.GeneratedTokens - tokensAtStart;
        progress?.Report($"{finished:N0} of {submitted:N0} queries done, {windows:N0} windows, {generated / Math.Max(0.001, clock.Elapsed.TotalSeconds):N0} tokens/s",
            finished, submitted);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            input.Writer.TryComplete();
            traces?.Dispose();
            outcomes.Dispose();
        }
        base.Dispose(disposing);
    }
}
