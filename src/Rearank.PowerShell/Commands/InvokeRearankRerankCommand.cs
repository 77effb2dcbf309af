using System.Collections.Concurrent;
using System.Diagnostics;
using System.Management.Automation;
using System.Threading.Channels;
using Rearank.Core;
using Rearank.Core.Inference;
using Rearank.Core.IO;
using Rearank.Core.Model;
using Rearank.Core.Reranking;
using Rearank.PowerShell.Bases;

namespace Rearank.PowerShell.Commands;

/// <summary>
/// Reranks first-stage hits with REARANK's listwise reasoning: hits are grouped per query, many queries are reranked
/// at once through one model session, and each query's reordered hits stream out as soon as it is done, carrying the
/// trace of every window's reasoning.
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "RearankRerank", SupportsShouldProcess = true)]
[OutputType(typeof(RankedHit))]
public sealed class InvokeRearankRerankCommand : RerankCommand
{
    private RerankRun? run;
    private IRerankSession? session;
    private ProgressReporter? progress;
    private readonly Stopwatch clock = new();
    private long tokensAtStart;
    private long promptTokensAtStart;

    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    public RankedHit? InputObject { get; set; }

    /// <summary>Kept for older scripts: the same as -Template rankgpt, which is the one way to choose the prompt.</summary>
    [Parameter(DontShow = true)]
    public SwitchParameter NoThinking { get; set; }

    /// <summary>Write each query's trace (every window's reasoning, answer and permutation) as a JSONL line.</summary>
    [Parameter]
    public string? TracePath { get; set; }

    /// <summary>A trace file from an earlier run: its queries are replayed from their recorded answers, not reranked again.</summary>
    [Parameter]
    public object? ResumeFrom { get; set; }

    /// <summary>Replace an existing -TracePath file (the -ResumeFrom file itself is continued, never replaced).</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>The run tag of the reranked hits.</summary>
    [Parameter]
    [ValidatePattern(@"^\S+$")]
    public string RunTag { get; set; } = "rearank";

    /// <summary>Query texts for hits that carry none (for example Import-TrecRun output): a query file any Import-RearankQuery format.</summary>
    [Parameter]
    public object? QueryPath { get; set; }

    protected override void BeginProcessing()
    {
        session = ResolveSession(Session);
        var options = RerankOptionsFor(session!, NoThinking ? PromptTemplates.RankGpt : null) with { RunTag = RunTag };
        WriteVerbose($"Reranking with {session!.Description}, reranker '{options.RerankerName}', window {WindowSize}, step {Step}, depth {Depth}, max {MaxNewTokens} new tokens, {options.MaxConcurrentQueries} queries in flight.");

        string? resumePath = null;
        if (ResumeFrom is not null)
        {
            var matches = ResolveInputArguments([ResumeFrom]).ToList();
            if (matches.Count > 1)
                ThrowTerminatingError(new ErrorRecord(new ArgumentException($"-ResumeFrom '{ResumeFrom}' names {matches.Count} files; name one trace file."), ErrorIds.SeveralResumeFiles, ErrorCategory.InvalidArgument, ResumeFrom));
            resumePath = matches.FirstOrDefault();
        }
        // The module's one overwrite rule; the trace file being continued (-ResumeFrom naming it) is not replaced.
        // Under -WhatIf (or a declined -Confirm) nothing is decoded and nothing comes out, with or without traces.
        var continuing = TracePath is not null && resumePath is not null && RerankRun.SamePath(ResolveOutputPath(TracePath), resumePath);
        var approved = TracePath is not null && !continuing
            ? ShouldWrite(ResolveOutputPath(TracePath), Force, $"Rerank with {session.Description} and write the traces")
            : ShouldProcess(session.Description, continuing ? "Rerank the piped queries and append to the traces" : "Rerank the piped queries");
        if (!approved) return;
        try
        {
            run = new RerankRun(session, new RerankRunOptions
            {
                Rerank = options, TracePath = TracePath is null ? null : ResolveOutputPath(TracePath), ResumePath = resumePath, Force = Force,
                QueryTexts = LoadQueryTexts(QueryPath),
            }, CancellationToken);
        }
        catch (OutputExistsException e)
        {
            ThrowOutputExists(e);
        }
        catch (FileLockedException e)
        {
            ThrowTerminatingError(new ErrorRecord(e, ErrorIds.FileLocked, ErrorCategory.ResourceBusy, e.Path));
        }
        catch (AnswerBudgetTooSmallException e)
        {
            ThrowTerminatingError(new ErrorRecord(e, ErrorIds.AnswerBudgetTooSmall, ErrorCategory.InvalidArgument, MaxNewTokens));
        }
        catch (LogprobsUnavailableException e)
        {
            ThrowTerminatingError(new ErrorRecord(e, ErrorIds.LogprobsUnavailable, ErrorCategory.NotImplemented, session.Description));
        }
        catch (AnswerGuardNotForTemplateException guard)
        {
            ThrowTerminatingError(new ErrorRecord(guard, ErrorIds.TemplateNotForMethod, ErrorCategory.InvalidArgument, Template));
        }
        catch (OutputWriteException e)
        {
            ThrowTerminatingError(OutputError(e));
        }
        progress = new ProgressReporter(this, ProgressIds.Rerank, "Invoke-RearankRerank");
        tokensAtStart = session.GeneratedTokens;
        promptTokensAtStart = session.PromptTokens;
        clock.Start();
    }

    protected override void ProcessRecord()
    {
        if (InputObject is null || run is null) return;
        run.Add(InputObject);
        // Emit what is ready; when the run holds as many queries as it may, wait for one to finish (flat memory).
        Drain(TimeSpan.Zero);
        while (!run.HasRoom && !run.IsCompleted) Drain(TimeSpan.FromMilliseconds(250));
        this.WriteNativeLog();
    }

    protected override void EndProcessing()
    {
        if (run is null) return;
        run.Complete();
        while (!run.IsCompleted)
        {
            Drain(TimeSpan.FromMilliseconds(250));
            this.WriteNativeLog();
        }
        progress?.Complete();
        if (run.RerankedNothing)
            ThrowTerminatingError(new ErrorRecord(new NothingRerankedException($"Every one of the {run.Windows:N0} windows failed, so nothing was reranked; each window's trace says why (Failure)."),
                ErrorIds.NothingReranked, ErrorCategory.ConnectionError, session!.Description));
        if (run.FailedWindows > 0)
            WriteWarning($"{run.FailedQueries:N0} queries were not reranked: {run.FailedWindows:N0} of {run.Windows:N0} windows failed, and those queries kept their first-stage order; each window's trace says why (StopReason, Failure)" +
                         (TracePath is null ? "." : ", and -ResumeFrom the trace asks the model again for the failed windows only."));
        WriteVerbose($"Reranked {run.Finished:N0} queries ({run.Windows:N0} windows) and replayed {run.Replayed:N0} in {clock.Elapsed.TotalSeconds:F1} s.");
        // Per replica: where the windows went, what failed, how often a breaker took a replica out (also $session.Replicas).
        if (session is RemoteSession remote)
            foreach (var replica in remote.Replicas) WriteVerbose($"Replica {replica}.");
    }

    private void Drain(TimeSpan wait)
    {
        while (run!.TryTake(out var next, wait, CancellationToken))
        {
            Emit(next!);
            wait = TimeSpan.Zero;
        }
        ReportProgress();
    }

    private void Emit(RerankRunEvent next)
    {
        switch (next)
        {
            case RunWarning warning:
                WriteWarning(warning.Message);
                break;
            case ResumeRecordRefused refused:
                WriteMalformedRecord(refused.Error);
                break;
            case RunStopped stopped:
                ThrowTerminatingError(stopped.Error is OutputWriteException write
                    ? OutputError(write)
                    : new ErrorRecord(stopped.Error, ErrorIds.RerankFailed, ErrorCategory.NotSpecified, session?.Description));
                break;
            case QueryFailed { Error: WindowsFailedException windows } failed:
                // Not reranked: reported, its hits in first-stage order, its trace kept so a resume redoes only the failed windows.
                WriteError(new ErrorRecord(windows, ErrorIds.WindowsFailed, ErrorCategory.InvalidResult, failed.QueryId));
                foreach (var hit in failed.Hits) WriteObject(hit);
                break;
            case RankerUnreachable stopped:
                // Nothing more can succeed: stop now (what finished is already out) instead of failing query after query.
                foreach (var hit in stopped.Hits) WriteObject(hit);
                ThrowTerminatingError(new ErrorRecord(stopped.Error, ErrorIds.ServersUnreachable,
                    stopped.Error is ServersUnreachableException remote ? RemoteCategory.Of(remote.Kind) : ErrorCategory.ConnectionError, Session?.Description));
                break;
            case QueryFailed failed:
                // The query stays in the run, in first-stage order, so no run is ever missing a query.
                var category = failed.Error switch
                {
                    ContextTooSmallException => ErrorCategory.LimitsExceeded,
                    SessionClosedException => ErrorCategory.ResourceUnavailable,
                    NoQueryTextException => ErrorCategory.InvalidData,
                    _ => ErrorCategory.InvalidResult,
                };
                WriteError(new ErrorRecord(failed.Error, ErrorIds.RerankFailed, category, failed.QueryId));
                foreach (var hit in failed.Hits) WriteObject(hit);
                break;
            case QueryReranked reranked:
                var result = reranked.Result;
                var incomplete = result.Trace.Windows.Where(w => !w.AnswerComplete && w.StopReason != WindowStop.Failed).ToList();
                if (incomplete.Count > 0 && !reranked.Replayed)
                    WriteWarning($"Query {result.QueryId}: in {incomplete.Count} of {result.Trace.Windows.Count} windows ({string.Join(", ", incomplete.Select(w => $"[{w.Start},{w.End})"))}) " +
                                 "the answer did not rank every passage; the passages it left out keep their order.");
                foreach (var hit in result.Hits) WriteObject(hit);
                break;
        }
    }

    private static ErrorRecord OutputError(OutputWriteException e) =>
        new(e, ErrorIds.FileWriteFailed, e.InnerException is DirectoryNotFoundException ? ErrorCategory.ObjectNotFound : ErrorCategory.WriteError, e.Path);

    private void ReportProgress()
    {
        var generated = session!.GeneratedTokens - tokensAtStart;
        var read = session.PromptTokens - promptTokensAtStart;
        var seconds = Math.Max(0.001, clock.Elapsed.TotalSeconds);
        // Prompts are read before anything is generated: until then, the rate worth showing is the prompts'.
        var rate = generated == 0
            ? $"reading prompts, {read / seconds:N0} prompt tokens/s"
            : $"{generated / seconds:N0} tokens/s generated, {read / seconds:N0} prompt tokens/s";
        progress?.Report($"{run!.Finished:N0} of {run.Submitted:N0} queries done, {run.Windows:N0} windows, {rate}", run.Finished, run.Submitted);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) run?.Dispose();
        base.Dispose(disposing);
    }
}
