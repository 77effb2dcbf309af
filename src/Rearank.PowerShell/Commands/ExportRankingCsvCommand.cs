using System.Management.Automation;
using Rearank.Core.IO;
using Rearank.Core.Model;
using Rearank.PowerShell.Bases;

namespace Rearank.PowerShell.Commands;

/// <summary>Writes hits as CSV with a header (QueryId, DocId, Rank, Score, RunTag, QueryText, Title, Text).</summary>
[Cmdlet(VerbsData.Export, "RankingCsv", SupportsShouldProcess = true, DefaultParameterSetName = HitSet)]
[OutputType(typeof(RankedHit))]
public sealed class ExportRankingCsvCommand : ExportCommand
{
    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = PropertySet)]
    public string? QueryText { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = PropertySet)]
    public string? Title { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = PropertySet)]
    public string? Text { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = PropertySet)]
    public string? RunTag { get; set; }

    protected override RankedHit HitFromProperties() =>
        base.HitFromProperties() with { QueryText = QueryText, Title = Title, Text = Text, RunTag = RunTag };

    protected override IHitWriter CreateWriter(string path) => new RankingCsvWriter(TextFile.CreateCommitted(path));
}
