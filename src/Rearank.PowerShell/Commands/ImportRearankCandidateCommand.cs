using System.Management.Automation;
using Rearank.Core.IO;
using Rearank.Core.Model;
using Rearank.PowerShell.Bases;

namespace Rearank.PowerShell.Commands;

/// <summary>
/// Streams first-stage candidates with their passage texts from the RankGPT / rank_llm JSON layout, so reranking
/// can start from a published first stage without its corpus.
/// </summary>
[Cmdlet(VerbsData.Import, "RearankCandidate")]
[OutputType(typeof(RankedHit))]
public sealed class ImportRearankCandidateCommand : ImportCommand<RankedHit>
{
    protected override string Activity => "Import-RearankCandidate";

    private readonly HitChecks checks = new();

    protected override IEnumerable<RankedHit> Read(string path, MalformedRecordHandler onMalformed) =>
        CandidateListReader.Read(path, onMalformed);

    protected override string? Check(RankedHit item, string path) => checks.Check(item, path);
}
