using System.Management.Automation;
using Rearank.Core.IO;
using Rearank.Core.Model;
using Rearank.PowerShell.Bases;

namespace Rearank.PowerShell.Commands;

/// <summary>Writes hits as a TREC run file that trec_eval reads in exactly the order received.</summary>
[Cmdlet(VerbsData.Export, "TrecRun", SupportsShouldProcess = true, DefaultParameterSetName = HitSet)]
[OutputType(typeof(RankedHit))]
public sealed class ExportTrecRunCommand : ExportCommand
{
    /// <summary>The run tag for every line; without it each hit keeps its own (or 'rearank').</summary>
    [Parameter]
    [ValidatePattern(@"^\S+$")]
    public string? RunTag { get; set; }

    /// <summary>Digits after the decimal point of the score column.</summary>
    [Parameter]
    [ValidateRange(0, 12)]
    public int ScoreDecimals { get; set; } = 6;

    protected override IHitWriter CreateWriter(string path) =>
        new TrecRunWriter(TextFile.CreateCommitted(path), RunTag, ScoreDecimals);
}
