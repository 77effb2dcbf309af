using System.Management.Automation;
using Rearank.Core.Model;
using Rearank.Core.Training;
using Rearank.PowerShell.Bases;

namespace Rearank.PowerShell.Commands;

/// <summary>REARANK's GRPO reward of model responses for one window of candidates, with its three parts.</summary>
[Cmdlet(VerbsDiagnostic.Measure, "RearankReward")]
[OutputType(typeof(RewardResult))]
public sealed class MeasureRearankRewardCommand : QrelsCommand
{
    private Core.Evaluation.Qrels? qrels;

    /// <summary>Model responses (the whole text, reasoning included); a trace window's RawOutput binds by property name.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("RawOutput")]
    [AllowEmptyString]
    public string[] Response { get; set; } = [];

    /// <summary>The window's candidates, in the order the model was shown them (one query).</summary>
    [Parameter(Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public RankedHit[] Candidate { get; set; } = [];

    protected override void BeginProcessing()
    {
        if (Candidate.Select(c => c.QueryId).Distinct().Count() > 1)
            ThrowTerminatingError(new ErrorRecord(new ArgumentException("-Candidate must hold the candidates of one query."), ErrorIds.SeveralQueries, ErrorCategory.InvalidArgument, Candidate));
        qrels = LoadQrels();
    }

    protected override void ProcessRecord()
    {
        var ids = Candidate.Select(c => c.DocId).ToList();
        // Each slot keeps its candidate's score, as upstream's reward evaluates the window through trec_eval.
        var scores = Candidate.Select(c => c.Score).ToList();
        var judgments = qrels!.For(Candidate[0].QueryId);
        foreach (var response in Response) WriteObject(RearankReward.Compute(response ?? "", ids, judgments, scores));
    }
}
