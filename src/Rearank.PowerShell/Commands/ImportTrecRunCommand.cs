using System.Management.Automation;
using Rearank.Core.IO;
using Rearank.Core.Model;
using Rearank.PowerShell.Infrastructure;

namespace Rearank.PowerShell.Commands;

/// <summary>Streams the hits of a TREC run file (qid Q0 docid rank score tag), or of a hits CSV, in file order.</summary>
[Cmdlet(VerbsData.Import, "TrecRun")]
[OutputType(typeof(RankedHit))]
public sealed class ImportTrecRunCommand : ImportCommand<RankedHit>
{
    protected override string Activity => "Import-TrecRun";

    // A .csv is a file Export-RankingCsv wrote; reading it here lets a CSV round-trip back into the pipeline.
    protected override IEnumerable<RankedHit> Read(string path, MalformedRecordHandler onMalformed) =>
        IsCsv(path) ? RankingCsvReader.Read(path, onMalformed) : TrecRunReader.Read(path, onMalformed);

    private static bool IsCsv(string path) =>
        path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".csv.gz", StringComparison.OrdinalIgnoreCase);
}
