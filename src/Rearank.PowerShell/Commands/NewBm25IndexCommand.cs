using System.Diagnostics;
using System.Management.Automation;
using Rearank.Core;
using Rearank.Core.IO;
using Rearank.Core.Model;
using Rearank.Core.Retrieval;
using Rearank.PowerShell.Bases;
using Rearank.PowerShell.Completers;

namespace Rearank.PowerShell.Commands;

/// <summary>Builds a BM25 index (Anserini's analyzer and scoring) from documents in the pipeline or a corpus file.</summary>
[Cmdlet(VerbsCommon.New, "Bm25Index", DefaultParameterSetName = PipelineSet, SupportsShouldProcess = true)]
[OutputType(typeof(Bm25IndexInfo))]
public sealed class NewBm25IndexCommand : RearankCmdlet
{
    private const string PipelineSet = "Pipeline";
    private const string CorpusSet = "Corpus";

    private Bm25IndexBuilder? builder;
    private ProgressReporter? progress;
    private Stopwatch? clock;

    /// <summary>The folder to create the index in.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    // Written as named: an output path is never a pattern, so -LiteralPath is the same parameter.
    [Alias("LiteralPath", "LP")]
    public string Path { get; set; } = "";

    /// <summary>Documents from Import-RearankDocument.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = PipelineSet)]
    public Document? InputObject { get; set; }

    /// <summary>Corpus files to read directly (any layout Import-RearankDocument reads).</summary>
    [Parameter(Mandatory = true, ParameterSetName = CorpusSet)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(BeirPathCompleter))]
    public object[] CorpusPath { get; set; } = [];

    /// <summary>Also index title and text as separate fields, for BEIR multifield searches.</summary>
    [Parameter]
    public SwitchParameter MultiField { get; set; }

    /// <summary>Replace an existing index at the path.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Indexing threads (default: every core).</summary>
    [Parameter]
    [ValidateRange(1, 256)]
    public int ThrottleLimit { get; set; } = Environment.ProcessorCount;

    protected override void BeginProcessing()
    {
        var path = ResolveOutputPath(Path);
        if (!ShouldProcess(path, "Build a BM25 index")) return;
        var corpus = ParameterSetName == CorpusSet ? ResolveInputArguments(CorpusPath).ToList() : [];
        try
        {
            builder = Bm25IndexBuilder.Create(path, new Bm25IndexOptions
            {
                MultiField = MultiField, Overwrite = Force, Threads = ThrottleLimit, CorpusFiles = corpus.Select(System.IO.Path.GetFullPath).ToList(),
            });
        }
        catch (OutputExistsException e)
        {
            ThrowOutputExists(e);
        }
        catch (FileLockedException e)
        {
            ThrowTerminatingError(new ErrorRecord(e, ErrorIds.FileLocked, ErrorCategory.ResourceBusy, path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            ThrowTerminatingError(new ErrorRecord(e, ErrorIds.IndexCreateFailed, ErrorCategory.WriteError, path));
        }
        progress = new ProgressReporter(this, ProgressIds.Index, "New-Bm25Index");
        clock = Stopwatch.StartNew();
        foreach (var file in corpus)
        {
            try
            {
                foreach (var document in DocumentReader.Read(file, onMalformed: WriteMalformedRecord)) Add(document);
            }
            catch (MalformedRecordException e)
            {
                WriteMalformedRecord(e);
            }
        }
    }

    protected override void ProcessRecord()
    {
        if (InputObject is not null && builder is not null) Add(InputObject);
    }

    private void Add(Document document)
    {
        builder!.Add(document, CancellationToken);
        var done = builder.Indexed;
        progress!.Report($"{done:N0} documents indexed, {done / Math.Max(0.001, clock!.Elapsed.TotalSeconds):N0} documents/s", done, builder.Queued);
    }

    protected override void EndProcessing()
    {
        if (builder is null) return;
        try
        {
            // The workers finish what is queued; progress goes on meanwhile, from this (the pipeline) thread.
            var builder = this.builder;
            var completing = Task.Run(() => builder.Complete(CancellationToken));
            // Waited on without Task.Wait, which would throw a failure as an AggregateException; GetResult throws it as itself.
            while (!((IAsyncResult)completing).AsyncWaitHandle.WaitOne(250))
            {
                var done = builder.Indexed;
                progress?.Report($"{done:N0} of {builder.Queued:N0} documents indexed, {done / Math.Max(0.001, clock!.Elapsed.TotalSeconds):N0} documents/s; then the index is committed",
                    done, builder.Queued);
            }
            var info = completing.GetAwaiter().GetResult();
            progress?.Report($"{info.DocumentCount:N0} documents indexed, {info.DocumentCount / Math.Max(0.001, clock!.Elapsed.TotalSeconds):N0} documents/s",
                info.DocumentCount, info.DocumentCount);
            progress?.Complete();
            WriteVerbose($"Indexed {info.DocumentCount:N0} documents ({info.TotalTerms:N0} terms) in {clock!.Elapsed.TotalSeconds:F1} s: {info.DocumentCount / Math.Max(0.001, clock.Elapsed.TotalSeconds):N0} documents/s.");
            WriteObject(info);
        }
        catch (RearankException e)
        {
            ThrowTerminatingError(new ErrorRecord(e, ErrorIds.IndexingFailed, ErrorCategory.WriteError, Path));
        }
    }

    // After Ctrl+C (or a failure) the builder was never completed: disposing it removes the partial index.
    protected override void Dispose(bool disposing)
    {
        if (disposing) builder?.Dispose();
        base.Dispose(disposing);
    }
}
