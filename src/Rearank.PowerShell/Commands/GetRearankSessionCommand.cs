using System.Management.Automation;
using Rearank.Core.Reranking;
using Rearank.PowerShell.Bases;
using Rearank.PowerShell.Sessions;

namespace Rearank.PowerShell.Commands;

/// <summary>Lists the open model sessions; the last one is the default.</summary>
[Cmdlet(VerbsCommon.Get, "RearankSession")]
[OutputType(typeof(IRerankSession))]
public sealed class GetRearankSessionCommand : RearankCmdlet
{
    /// <summary>Only the default session (the one Invoke-RearankRerank uses without -Session).</summary>
    [Parameter]
    public SwitchParameter Default { get; set; }

    protected override void EndProcessing()
    {
        if (Default)
        {
            if (SessionRegistry.Default is { } session) WriteObject(session);
            return;
        }
        foreach (var session in SessionRegistry.All) WriteObject(session);
    }
}
