using System.Management.Automation;
using Rearank.Core;
using Rearank.Core.IO;
using Rearank.Core.Model;
using Rearank.Core.Retrieval;
using Rearank.PowerShell.Bases;

namespace Rearank.PowerShell.Commands;

/// <summary>
/// Streams the hits of a TREC run file (qid Q0 docid rank score tag), or of a hits CSV, in file order; with -Index,
/// each hit gets its document's title and text from a BM25 index, ready for reranking.
/// </summary>
[Cmdlet(VerbsData.Import, "TrecRun")]
[OutputType(typeof(RankedHit))]
public sealed class ImportTrecRunCommand : ImportCommand<RankedHit>
{
    private Bm25Searcher? index;
    private Dictionary<string, Document>? corpus;
    private int missing;

    /// <summary>An index built by New-Bm25Index to look the documents' texts up in.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Index { get; set; }

    /// <summary>A corpus file to look the documents' texts up in (read into memory; for large corpora use -Index).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public object? Corpus { get; set; }

    protected override string Activity => "Import-TrecRun";

    protected override void BeginProcessing()
    {
        if (Corpus is not null)
        {
            corpus = new Dictionary<string, Document>(StringComparer.Ordinal);
            foreach (var file in ResolveInputArguments([Corpus]))
                foreach (var document in DocumentReader.Read(file, onMalformed: WriteMalformedRecord)) corpus[document.DocId] = document;
        }
        if (Index is not null) index = OpenIndex(Index);
    }

    // A .csv is a file Export-RankingCsv wrote; reading it here lets a CSV round-trip back into the pipeline.
    protected override IEnumerable<RankedHit> Read(string path, MalformedRecordHandler onMalformed)
    {
        var hits = IsCsv(path) ? RankingCsvReader.Read(path, onMalformed) : TrecRunReader.Read(path, onMalformed);
        return index is null && corpus is null ? hits : hits.Select(WithText);
    }

    private RankedHit WithText(RankedHit hit)
    {
        var document = corpus is not null ? corpus.GetValueOrDefault(hit.DocId) : index!.Find(hit.DocId);
        if (document is not null) return hit with { Title = document.Title, Text = document.Text };
        missing++;
        return hit;
    }

    protected override void EndProcessing()
    {
        if (missing > 0) WriteWarning($"{missing:N0} hits name documents that are not in the {(corpus is not null ? "corpus " + Corpus : "index " + Index)}; their texts are empty.");
    }

    private static bool IsCsv(string path) =>
        path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".csv.gz", StringComparison.OrdinalIgnoreCase);

    protected override void Dispose(bool disposing)
    {
        if (disposing) index?.Dispose();
        base.Dispose(disposing);
    }
}
