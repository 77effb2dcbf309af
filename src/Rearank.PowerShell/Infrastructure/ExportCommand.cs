using System.Management.Automation;
using Rearank.Core.IO;
using Rearank.Core.Model;

namespace Rearank.PowerShell.Infrastructure;

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
            writer = CreateWriter(path);
            outputPath = path;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
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
        }
        if (PassThru) WriteObject(hit);
    }

    protected override void EndProcessing()
    {
        // Only a complete input finishes the last query; after Ctrl+C the file ends at the last whole query.
        writer?.Complete();
        CloseWriter();
        if (outputPath is not null) WriteVerbose($"Wrote {written:N0} hits to {outputPath}.");
    }

    private void CloseWriter()
    {
        writer?.Dispose();
        writer = null;
    }

    // Also reached after Ctrl+C or a downstream error, when EndProcessing is not: every finished query stays on disk.
    protected override void Dispose(bool disposing)
    {
        if (disposing) CloseWriter();
        base.Dispose(disposing);
    }
}
