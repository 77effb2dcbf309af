using Rearank.PowerShell.Completers;
using System.Management.Automation;

namespace Rearank.PowerShell.Bases;

/// <summary>Cmdlets that take relevance judgments: -Qrels as a file path or as judgments from Import-RearankQrels.</summary>
public abstract class QrelsCommand : RearankCmdlet
{
    /// <summary>A qrels file (TREC or BEIR), or judgments from Import-RearankQrels.</summary>
    [Parameter(Mandatory = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(BeirPathCompleter))]
    public object[] Qrels { get; set; } = [];

    /// <summary>Judgments from the -Qrels files or objects; bad lines are reported, duplicates stop the command.</summary>
    protected virtual Core.Evaluation.Qrels LoadQrels() => LoadQrels(Qrels);
}
