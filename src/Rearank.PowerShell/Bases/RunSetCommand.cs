using System.Management.Automation;
using Rearank.Core.Model;

namespace Rearank.PowerShell.Bases;

/// <summary>
/// Cmdlets that take several runs at once (fusion, statistics): run files by pattern (-Run) or exactly (-LiteralPath,
/// Get-ChildItem output), hit variables, and piped hits, one run per RunTag. Runs sharing a tag are told apart by file name.
/// </summary>
public abstract class RunSetCommand : RearankCmdlet
{
    private readonly List<RankedHit> piped = [];
    private readonly List<string> literalPaths = [];

    /// <summary>Run files (wildcards allowed) or hits; each file is one run, hits are one run per RunTag.</summary>
    [Parameter(Position = 0)]
    [ValidateNotNullOrEmpty]
    [Alias("Path")]
    public object[] Run { get; set; } = [];

    /// <summary>Run files named exactly (no wildcards); Get-ChildItem output binds here.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = [];

    /// <summary>Hits of runs, from the pipeline (told apart by RunTag); they come before -Run's runs.</summary>
    [Parameter(ValueFromPipeline = true)]
    public RankedHit? InputObject { get; set; }

    protected override void ProcessRecord()
    {
        if (InputObject is not null) piped.Add(InputObject);
        if (MyInvocation.BoundParameters.ContainsKey(nameof(LiteralPath))) literalPaths.AddRange(LiteralPath);
    }

    /// <summary>Every run given: the piped ones in the order their tags first appear, then -Run's, then -LiteralPath's.</summary>
    protected IReadOnlyList<HitRun> ReadRuns() => ReadHitRuns(piped, Run, literalPaths.Distinct(StringComparer.Ordinal));
}
