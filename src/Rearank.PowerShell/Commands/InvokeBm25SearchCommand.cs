using System.Globalization;
using System.Management.Automation;
using Rearank.Core;
using Rearank.Core.IO;
using Rearank.Core.Model;
using Rearank.Core.Retrieval;
using Rearank.PowerShell.Bases;

namespace Rearank.PowerShell.Commands;

/// <summary>
/// Searches a BM25 index for each query in the pipeline and emits the ranked hits, Anserini's first stage. Queries
/// are searched in parallel as they arrive; each query's hits come out as soon as it and the queries before it are
/// done, in the order the queries came in. With -OutFile the hits go straight into a run file instead, for deep
/// runs where a pipeline object per hit would cost more than the search.
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "Bm25Search", SupportsShouldProcess = true)]
[OutputType(typeof(RankedHit), typeof(FileInfo))]
public sealed class InvokeBm25SearchCommand : RearankCmdlet
{
    private readonly Queue<(Query Query, Task<IReadOnlyList<RankedHit>> Search)> inFlight = new();
    private readonly System.Diagnostics.Stopwatch clock = System.Diagnostics.Stopwatch.StartNew();
    private Bm25Searcher? searcher;
    private SearchOptions? options;
    private ProgressReporter? progress;
    private int searched;
    private TrecRunWriter? runFile;
    private string? runFilePath;
    private int plainStrings;

    /// <summary>The index folder built by New-Bm25Index.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Index { get; set; } = "";

    /// <summary>A query: from Import-RearankQuery, any object with QueryId and Text (or qid and query), or a plain string.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNull]
    public object InputObject { get; set; } = null!;

    /// <summary>Hits per query (Anserini's -hits).</summary>
    [Parameter]
    [Alias("Depth", "Hits", "k")]
    [ValidateRange(1, 100_000)]
    public int Top { get; set; } = 100;

    [Parameter]
    [ValidateRange(0.0, 100.0)]
    public float K1 { get; set; } = Lucene9Bm25Similarity.DefaultK1;

    [Parameter]
    [ValidateRange(0.0, 1.0)]
    public float B { get; set; } = Lucene9Bm25Similarity.DefaultB;

    /// <summary>Drop a hit whose id equals the query id (Anserini's -removeQuery).</summary>
    [Parameter]
    public SwitchParameter RemoveQuery { get; set; }

    /// <summary>Searched fields with weights, Anserini style: 'title=1.0', 'text=1.0' (needs a -MultiField index); by default a -MultiField index is searched by title and text, a flat one by contents.</summary>
    [Parameter]
    public string[] Fields { get; set; } = [];

    /// <summary>The run tag the hits carry.</summary>
    [Parameter]
    [ValidatePattern(@"^\S+$")]
    public string RunTag { get; set; } = "bm25";

    /// <summary>Leave Title and Text empty: faster for deep runs that are only evaluated.</summary>
    [Parameter]
    public SwitchParameter NoText { get; set; }

    /// <summary>
    /// Write the hits to this TREC run file (as Export-TrecRun would) instead of emitting them, and emit the file at
    /// the end; each query is on disk once it is written, so an interrupted search keeps every finished query.
    /// </summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? OutFile { get; set; }

    /// <summary>Replace an existing -OutFile.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Queries searched at once (default: every core).</summary>
    [Parameter]
    [ValidateRange(1, 256)]
    public int ThrottleLimit { get; set; } = Environment.ProcessorCount;

    protected override void BeginProcessing()
    {
        searcher = OpenIndex(Index);
        if (OutFile is not null)
        {
            var path = ResolveOutputPath(OutFile);
            if (!ShouldWrite(path, Force, "Write the BM25 run")) { searcher.Dispose(); searcher = null; return; }
            try
            {
                runFile = new TrecRunWriter(TextFile.CreateCommitted(path), RunTag, 6);
                runFilePath = path;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                ThrowTerminatingError(new ErrorRecord(e, ErrorIds.FileCreateFailed, ErrorCategory.WriteError, path));
            }
        }
        options = new SearchOptions
        {
            // A run file has no text column: passages are not read for it.
            Top = Top, K1 = K1, B = B, RemoveQuery = RemoveQuery, RunTag = RunTag, IncludeText = !NoText && runFile is null, Threads = ThrottleLimit,
            Fields = Fields.Length == 0 ? SearchOptions.FieldsFor(searcher!.Info) : ParseFields(Fields),
        };
        WriteVerbose($"Searching {string.Join(", ", options.Fields.Select(f => $"{f.Key}={f.Value.ToString(CultureInfo.InvariantCulture)}"))}{(Fields.Length == 0 ? " (the index's own fields; -Fields names others)" : "")}, k1 {K1.ToString(CultureInfo.InvariantCulture)}, b {B.ToString(CultureInfo.InvariantCulture)}.");
        progress = new ProgressReporter(this, ProgressIds.Search, "Invoke-Bm25Search");
        try
        {
            // -Fields is checked against the index before any query is taken.
            searcher.CheckFields(options);
        }
        catch (ArgumentException e)
        {
            ThrowTerminatingError(new ErrorRecord(e, ErrorIds.InvalidField, ErrorCategory.InvalidArgument, Fields));
        }
    }

    protected override void ProcessRecord()
    {
        if (ToQuery(InputObject) is not { } query || searcher is null) return;
        // Each query is searched on the thread pool as soon as it arrives; results go out in input order as soon as
        // the queries before them are out, so a live pipeline sees its first hits at once.
        var search = searcher;
        var searchOptions = options!;
        var token = CancellationToken;
        inFlight.Enqueue((query, Task.Run(() => search.Search([query], searchOptions with { Threads = 1 }, token)[0], token)));
        EmitFinished(wait: inFlight.Count >= ThrottleLimit * 2);
    }

    protected override void EndProcessing()
    {
        while (inFlight.Count > 0) EmitFinished(wait: true);
        progress?.Complete();
        if (runFile is null) return;
        runFile.Dispose();
        runFile = null;
        WriteFileItem(runFilePath!);
    }

    /// <summary>Writes the queries at the head of the queue that are done; with <paramref name="wait"/>, waits for the head first.</summary>
    private void EmitFinished(bool wait)
    {
        while (inFlight.TryPeek(out var head) && (head.Search.IsCompleted || wait))
        {
            IReadOnlyList<RankedHit> hits;
            try
            {
                hits = head.Search.GetAwaiter().GetResult();
            }
            catch (ArgumentException e)
            {
                ThrowTerminatingError(new ErrorRecord(e, ErrorIds.InvalidField, ErrorCategory.InvalidArgument, Fields));
                return;
            }
            catch (DamagedIndexException e)
            {
                ThrowTerminatingError(new ErrorRecord(e, ErrorIds.IndexUnreadable, ErrorCategory.InvalidData, e.FilePath));
                return;
            }
            inFlight.Dequeue();
            wait = false;
            if (hits.Count == 0 && searcher!.Analyze(head.Query.Text).Count == 0)
                WriteWarning($"Query {head.Query.QueryId} has no searchable terms (empty, or stop words only): no hits.");
            if (runFile is not null)
            {
                try
                {
                    foreach (var hit in hits) runFile.Write(hit);
                    runFile.Flush();   // the query is on disk: an interrupted search keeps it
                }
                catch (ArgumentException e)
                {
                    WriteError(new ErrorRecord(e, ErrorIds.InvalidHit, ErrorCategory.InvalidData, head.Query));
                }
            }
            else
                foreach (var hit in hits) WriteObject(hit);
            searched++;
            var rate = searched / Math.Max(0.001, clock.Elapsed.TotalSeconds);
            progress!.Report($"{searched:N0} queries searched, {rate:N0} queries/s", searched, searched + inFlight.Count);
        }
    }

    /// <summary>Queries come as Query objects, objects with id and text properties, or plain strings (numbered 1, 2, ...).</summary>
    private Query? ToQuery(object input)
    {
        var value = input is PSObject ps ? ps.BaseObject : input;
        switch (value)
        {
            case Query query:
                return query;
            case string text:
                return new Query((++plainStrings).ToString(CultureInfo.InvariantCulture), text);
        }
        var properties = PSObject.AsPSObject(input).Properties;
        var id = properties["QueryId"]?.Value ?? properties["qid"]?.Value ?? properties["query-id"]?.Value ?? properties["_id"]?.Value;
        var text2 = properties["Text"]?.Value ?? properties["query"]?.Value ?? properties["title"]?.Value;
        if (id is not null && text2 is not null) return new Query(Convert.ToString(id, CultureInfo.InvariantCulture)!, Convert.ToString(text2, CultureInfo.InvariantCulture)!);
        WriteError(new ErrorRecord(new ArgumentException("A query needs QueryId and Text properties (or qid and query), or must be a string."),
            ErrorIds.InvalidQuery, ErrorCategory.InvalidArgument, input));
        return null;
    }

    private Dictionary<string, float> ParseFields(IEnumerable<string> fields)
    {
        var weights = new Dictionary<string, float>(StringComparer.Ordinal);
        foreach (var field in fields.SelectMany(f => f.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries)))
        {
            var parts = field.Split('=');
            var weight = 1f;
            if (parts.Length > 2 || (parts.Length == 2 && !float.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out weight)))
                ThrowTerminatingError(new ErrorRecord(new ArgumentException($"-Fields takes field=weight pairs such as 'title=1.0', not '{field}'."),
                    ErrorIds.InvalidField, ErrorCategory.InvalidArgument, field));
            weights[parts[0]] = weight;
        }
        return weights;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            searcher?.Dispose();
            runFile?.Dispose();
        }
        base.Dispose(disposing);
    }
}
