using System.Management.Automation;
using Rearank.Core.Evaluation;
using Rearank.Core.Model;
using Rearank.PowerShell.Bases;

namespace Rearank.PowerShell.Commands;

/// <summary>Evaluates runs as trec_eval does and emits one object per measure (and per query with -PerQuery).</summary>
[Cmdlet(VerbsDiagnostic.Measure, "RankingQuality", DefaultParameterSetName = HitSet)]
[OutputType(typeof(MeasureValue), typeof(string))]
public sealed class MeasureRankingQualityCommand : EvaluationCommand
{
    private const string HitSet = "Hit";
    private const string FileSet = "File";
    private const string LiteralSet = "LiteralPath";

    private readonly List<RankedHit> hits = [];
    private readonly List<string> literalPaths = [];

    /// <summary>Hits of one or more runs (told apart by RunTag), e.g. from Import-TrecRun or a reranker.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = HitSet)]
    public RankedHit? InputObject { get; set; }

    /// <summary>TREC run files (wildcards allowed); each is one run, evaluated side by side.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = FileSet)]
    [ValidateNotNullOrEmpty]
    public object[] Run { get; set; } = [];

    /// <summary>TREC run files named exactly (no wildcards); Get-ChildItem output binds here, one run per file.</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = LiteralSet)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = [];

    /// <summary>-q: also emit each query's values.</summary>
    [Parameter]
    public SwitchParameter PerQuery { get; set; }

    /// <summary>Emit trec_eval's exact text lines instead of objects.</summary>
    [Parameter]
    public SwitchParameter AsTrecEval { get; set; }

    /// <summary>
    /// trec_eval's -R: qrels (the default); qrels_jg, whose second column names a judgment group for the *_avgjg
    /// measures; prefs, 'qid jg jsg docno rel_level' preference lines; or qrels_prefs, qrels read as preferences.
    /// </summary>
    [Parameter]
    [ValidateSet("qrels", "qrels_jg", "prefs", "qrels_prefs")]
    public string JudgmentFormat { get; set; } = "qrels";

    protected override string JudgmentFileFormat => JudgmentFormat;

    /// <summary>
    /// -Z: a file of 'qid measure mean stddev' lines; each query's values become z-scores before averaging, and
    /// -AsTrecEval prints them as trec_eval -Z does (a 'Z' before each name).
    /// </summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ZScoreFile { get; set; }

    protected override string? ZScorePath => ZScoreFile;

    protected override void ProcessRecord()
    {
        if (InputObject is not null) hits.Add(InputObject);
        if (ParameterSetName == LiteralSet) literalPaths.AddRange(LiteralPath);
    }

    protected override void EndProcessing()
    {
        var groups = ParseMeasureGroups(JudgmentFormat switch
        {
            "qrels_jg" => ["qrels_jg"],
            "prefs" or "qrels_prefs" => ["prefs"],
            _ => MeasureCatalog.Official,
        });
        var qrels = LoadQrels();
        var runs = ParameterSetName switch
        {
            FileSet => LoadRuns(Run),
            LiteralSet => LoadLiteralRuns(literalPaths),
            _ => RunRankings.FromHits(hits),
        };
        foreach (var run in runs)
        {
            CancellationToken.ThrowIfCancellationRequested();
            foreach (var group in groups)
            {
                if (Evaluate(qrels, run, group.Measures, group.RelevanceLevel) is not { } result) continue;
                if (AsTrecEval)
                    foreach (var line in TrecEvalFormat.Lines(result, PerQuery)) WriteObject(line);
                else
                    foreach (var value in MeasureValue.From(result, PerQuery))
                        WriteObject(group.DisplayNames.TryGetValue(value.Measure, out var asked) ? value with { Measure = asked } : value);
            }
        }
    }
}
