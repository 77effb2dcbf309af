using Rearank.Core.Model;
using System.Management.Automation;
using Rearank.Core;
using Rearank.Core.IO;
using Rearank.Core.Inference;
using Rearank.Core.Reranking;
using Rearank.Core.Suites;
using Rearank.PowerShell.Bases;
using Rearank.PowerShell.Completers;

namespace Rearank.PowerShell.Commands;

/// <summary>
/// REARANK's evaluation suites from local files (`run_evaluation.py --standard` / `--bright`): each dataset's first
/// stage, a rerank with the session, nDCG@1/5/10 of both beside the published figures; resumable per dataset and per
/// query.
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "RearankEvaluation", SupportsShouldProcess = true)]
[OutputType(typeof(DatasetResult))]
public sealed class InvokeRearankEvaluationCommand : RerankCommand
{
    /// <summary>standard (dl19, dl20, covid, nfc, dbpedia, scifact, signal, news, robust04), bright (its 12 tasks) or local (folders named by -Dataset).</summary>
    [Parameter(Position = 0)]
    [ValidateSet("standard", "bright", "local")]
    public string Suite { get; set; } = "standard";

    /// <summary>The datasets to run (by name or folder name); all of the suite's when omitted.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(SuiteDatasetCompleter))]
    public string[]? Dataset { get; set; }

    /// <summary>The folder holding one folder per dataset (or BRIGHT's layouts).</summary>
    [Parameter(Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public string Root { get; set; } = "";

    /// <summary>Where each dataset's runs, traces and result.json go, and the suite's results CSV.</summary>
    [Parameter(Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public string OutputDirectory { get; set; } = "";

    /// <summary>Keep the module's BM25 indexes here and reuse them across runs (by default each dataset's output folder).</summary>
    [Parameter]
    public string? IndexDirectory { get; set; }

    /// <summary>Run finished datasets again from the start, replacing their runs, traces and result.json (by default they are read back and skipped).</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void EndProcessing()
    {
        var session = ResolveSession(Session);
        var root = ResolveOutputPath(Root);
        if (!Directory.Exists(root))
            ThrowTerminatingError(new ErrorRecord(new DirectoryNotFoundException($"The suite root '{root}' does not exist."), ErrorIds.RootNotFound, ErrorCategory.ObjectNotFound, root));
        IReadOnlyList<SuiteDataset> datasets;
        try
        {
            datasets = SuiteCatalog.Select(Suite, Dataset);
        }
        catch (ArgumentException e)
        {
            ThrowTerminatingError(new ErrorRecord(e, ErrorIds.UnknownDataset, ErrorCategory.InvalidArgument, Dataset));
            return;
        }
        var output = ResolveOutputPath(OutputDirectory);
        // -WhatIf and -Confirm per dataset, before anything is read or decoded: a finished one is only read back.
        datasets = datasets.Where(d => ShouldProcess(Path.Combine(output, d.Name), File.Exists(Path.Combine(output, d.Name, SuiteRunner.ResultFile)) && !Force
            ? $"Read back the finished {Suite} dataset {d.Name}"
            : $"Rerank the {Suite} dataset {d.Name} and write its runs, traces and {SuiteRunner.ResultFile}{(Force ? ", replacing a finished one" : "")}")).ToList();
        if (datasets.Count == 0) return;
        var options = new SuiteOptions
        {
            Suite = Suite, Root = root, OutputDirectory = output, Datasets = datasets.Select(d => d.Name).ToList(),
            IndexDirectory = IndexDirectory is null ? null : ResolveOutputPath(IndexDirectory),
            Rerank = RerankOptionsFor(session), Rerun = Force,
        };
        var suiteProgress = new ProgressReporter(this, ProgressIds.Suite, "Invoke-RearankEvaluation");
        var queryProgress = new ProgressReporter(this, ProgressIds.SuiteQueries, "Reranking", parentId: ProgressIds.Suite);
        var done = 0;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var events = new SuiteRunner(session, options).Run(CancellationToken).GetEnumerator();
        while (true)
        {
            try
            {
                if (!events.MoveNext()) break;
            }
            catch (ServersUnreachableException unreachable)
            {
                ThrowTerminatingError(new ErrorRecord(unreachable, ErrorIds.ServersUnreachable, RemoteCategory.Of(unreachable.Kind), session.Description));
            }
            catch (NothingRerankedException nothing)
            {
                ThrowTerminatingError(new ErrorRecord(nothing, ErrorIds.NothingReranked, ErrorCategory.ConnectionError, session.Description));
            }
            catch (FileLockedException locked)
            {
                ThrowTerminatingError(new ErrorRecord(locked, ErrorIds.FileLocked, ErrorCategory.ResourceBusy, locked.Path));
            }
            catch (AnswerBudgetTooSmallException budget)
            {
                ThrowTerminatingError(new ErrorRecord(budget, ErrorIds.AnswerBudgetTooSmall, ErrorCategory.InvalidArgument, MaxNewTokens));
            }
            catch (OutputWriteException write)
            {
                ThrowTerminatingError(new ErrorRecord(write, ErrorIds.FileWriteFailed, ErrorCategory.WriteError, write.Path));
            }
            catch (LogprobsUnavailableException logprobs)
            {
                ThrowTerminatingError(new ErrorRecord(logprobs, ErrorIds.LogprobsUnavailable, ErrorCategory.NotImplemented, session.Description));
            }
            catch (AnswerGuardNotForTemplateException guard)
            {
                ThrowTerminatingError(new ErrorRecord(guard, ErrorIds.TemplateNotForMethod, ErrorCategory.InvalidArgument, Template));
            }
            catch (OutputExistsException exists)
            {
                ThrowOutputExists(exists);
            }
            var e = events.Current;
            switch (e)
            {
                case DatasetStarted started:
                    suiteProgress.Report($"{started.Dataset.Name} ({started.Files?.Kind}), dataset {started.Index + 1} of {started.Count}", done, datasets.Count);
                    break;
                case SuiteProgress p:
                    var rate = p.QueriesDone / Math.Max(0.001, p.Elapsed.TotalSeconds);
                    var left = rate > 0 ? (int)((p.QueriesTotal - p.QueriesDone) / rate) : -1;
                    queryProgress.Report($"{p.Dataset.Name}: {p.QueriesDone:N0} of {p.QueriesTotal:N0} queries, {p.Windows:N0} windows, {rate * 60:N1} queries/min",
                        p.QueriesDone, p.QueriesTotal, left);
                    break;
                case SuiteWarning warning:
                    WriteWarning(warning.Message);
                    break;
                case SuiteRecordRefused refused:
                    WriteMalformedRecord(refused.Error);
                    break;
                case SuiteQueryFailed failed:
                    WriteError(new ErrorRecord(failed.Error, failed.Error is WindowsFailedException ? ErrorIds.WindowsFailed : ErrorIds.RerankFailed, ErrorCategory.InvalidResult, $"{failed.Dataset}/{failed.QueryId}"));
                    break;
                case DatasetFailed bad:
                    done++;
                    WriteError(new ErrorRecord(bad.Error, ErrorIds.NoScorableQuery, ErrorCategory.InvalidData, bad.Dataset.Name));
                    break;
                case DatasetMissing missing:
                    done++;
                    WriteError(new ErrorRecord(missing.Error, ErrorIds.UnknownLayout, ErrorCategory.ObjectNotFound, missing.Dataset.Name));
                    break;
                case DatasetFinished finished:
                    done++;
                    queryProgress.Complete();
                    if (finished.Result.FromEarlierRun) WriteVerbose($"{finished.Result.Dataset}: finished in an earlier run ({finished.Result.Folder}).");
                    if (!finished.Result.Finished)
                        WriteWarning($"{finished.Result.Dataset} is not finished: {finished.Result.FailedQueries:N0} of {finished.Result.Queries:N0} queries failed ({finished.Result.FailedWindows:N0} windows), " +
                                     "so its reranked figures are left out; run the suite again to ask the model again for the failed windows (the others are replayed).");
                    WriteObject(finished.Result);
                    break;
            }
            this.WriteNativeLog();
        }
        suiteProgress.Complete();
        WriteVerbose($"{done} of {datasets.Count} datasets in {clock.Elapsed.TotalMinutes:F1} min; results in {Path.Combine(options.OutputDirectory, $"results.{Suite}.csv")}.");
    }
}
