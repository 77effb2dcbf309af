using System.Management.Automation;
using Rearank.Core.IO;
using Rearank.Core.Model;

namespace Rearank.PowerShell.Bases;

/// <summary>
/// The shape of every Export-* cmdlet: take hits (as objects, or as any object with QueryId/DocId/Score
/// properties such as Import-Csv rows), write them in arrival order (ranks are renumbered from 1 per query), flush each finished query so an interrupted
/// export keeps what it wrote, and refuse to replace an existing file without -Force.
/// </summary>
public abstract class ExportCommand : RearankCmdlet
{
    protected const string HitSet = "Hit";
    protected const string PropertySet = "Property";

    private IHitWriter? writer;
    private WriterLock? exclusive;
    private string? outputPath;
    private long written;

    /// <summary>The file to write; a name ending in .gz is gzip-compressed.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    // Written as named: an output path is never a pattern, so -LiteralPath is the same parameter.
    [Alias("LiteralPath", "LP")]
    public string Path { get; set; } = "";

    /// <summary>A hit from Import-TrecRun, Invoke-Bm25Search, Invoke-RearankRerank, ...</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = HitSet)]
    public RankedHit? InputObject { get; set; }

    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = PropertySet)]
    [Alias("qid", "query-id", "query_id")]
    public string QueryId { get; set; } = "";

    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = PropertySet)]
    [Alias("docno", "pid", "corpus-id", "doc_id")]
    public string DocId { get; set; } = "";

    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = PropertySet)]
    public double Score { get; set; }

    /// <summary>Replace the file if it exists.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Also pass each hit down the pipeline.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected abstract IHitWriter CreateWriter(string path);

    /// <summary>The hit the property set describes; Export-RankingCsv adds its text columns.</summary>
    protected virtual RankedHit HitFromProperties() =>
        new() { QueryId = QueryId, DocId = DocId, Score = Score, Rank = 0 };

    protected override void BeginProcessing()
    {
        var path = ResolveOutputPath(Path);
        if (!ShouldWrite(path, Force, $"Write {MyInvocation.MyCommand.Name} output")) return;
        try
        {
            // One writer per file across processes: a second export to it is refused, not interleaved.
            exclusive = WriterLock.Acquire(path);
            writer = CreateWriter(path);
            outputPath = path;
        }
        catch (FileLockedException e)
        {
            ThrowTerminatingError(new ErrorRecord(e, ErrorIds.FileLocked, ErrorCategory.ResourceBusy, path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            exclusive?.Dispose();
            exclusive = null;
            ThrowTerminatingError(new ErrorRecord(e, ErrorIds.FileCreateFailed, ErrorCategory.WriteError, path));
        }
    }

    protected override void ProcessRecord()
    {
        var hit = ParameterSetName == HitSet ? InputObject! : HitFromProperties();
        if (writer is not null)
        {
            try
            {
                writer.Write(hit);
                written++;
            }
            catch (ArgumentException e)
            {
                WriteError(new ErrorRecord(e, ErrorIds.InvalidHit, ErrorCategory.InvalidData, hit));
            }
            catch (IOException e)
            {
                WriteFailed(e);
            }
        }
        if (!PassThru) return;
        try
        {
            WriteObject(hit);
        }
        catch (Exception e) when (!Stopping && IsDownstreamStop(e))
        {
            // A downstream Select-Object -First ended the pipeline: what went down it is what the file must hold,
            // so the query under way is committed as far as it passed (Ctrl+C, by contrast, keeps whole queries only).
            CommitWhatPassed();
            throw;
        }
    }

    /// <summary>Select-Object -First's way of ending upstream commands (PowerShell's StopUpstreamCommandsException is not public).</summary>
    private static bool IsDownstreamStop(Exception e) =>
        e is PipelineStoppedException || e.GetType().Name == "StopUpstreamCommandsException";

    private void CommitWhatPassed()
    {
        try
        {
            writer?.Complete();
        }
        catch (IOException)
        {
            // The file then ends at its last commit; nothing better can be done while the pipeline stops.
        }
        CloseWriter();
    }

    /// <summary>A write that failed (a full disk) ends the command: everything committed before it is on disk.</summary>
    private void WriteFailed(IOException e)
    {
        var path = outputPath ?? Path;
        try { CloseWriter(); } catch (IOException) { }   // it nulls the writer even when closing throws
        ThrowTerminatingError(new ErrorRecord(new OutputWriteException(path, e), ErrorIds.FileWriteFailed, ErrorCategory.WriteError, path));
    }

    protected override void EndProcessing()
    {
        // Only a complete input finishes the last query; after Ctrl+C the file ends at the last whole query.
        try
        {
            writer?.Complete();
            CloseWriter();
        }
        catch (IOException e)
        {
            WriteFailed(e);
        }
        if (outputPath is not null) WriteVerbose($"Wrote {written:N0} hits to {outputPath}.");
    }

    private void CloseWriter()
    {
        var closing = writer;
        writer = null;
        try
        {
            closing?.Dispose();
        }
        finally
        {
            exclusive?.Dispose();
            exclusive = null;
        }
    }

    // Also reached after Ctrl+C or a downstream error, when EndProcessing is not: every finished query stays on disk.
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            try { CloseWriter(); }
            catch (IOException) { }   // a write already failed and was reported; the file ends at its last commit
        }
        base.Dispose(disposing);
    }
}
