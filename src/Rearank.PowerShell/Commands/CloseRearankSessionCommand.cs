using System.Management.Automation;
using Rearank.Core.Reranking;
using Rearank.PowerShell.Bases;
using Rearank.PowerShell.Completers;
using Rearank.PowerShell.Sessions;

namespace Rearank.PowerShell.Commands;

/// <summary>Frees a session's model and context memory.</summary>
[Cmdlet(VerbsCommon.Close, "RearankSession", SupportsShouldProcess = true)]
public sealed class CloseRearankSessionCommand : RearankCmdlet
{
    /// <summary>The session to close; the default one when omitted.</summary>
    [Parameter(ValueFromPipeline = true, Position = 0)]
    [SessionTransformation]
    [ArgumentCompleter(typeof(SessionCompleter))]
    public IRerankSession? Session { get; set; }

    protected override void ProcessRecord()
    {
        var session = Session ?? SessionRegistry.Default;
        if (session is null)
        {
            WriteWarning("No session is open.");
            return;
        }
        if (!ShouldProcess(session.Description, "Close the session and free its model")) return;
        if (!SessionRegistry.Remove(session))
        {
            // Closed already (twice in a script, or by another runspace): nothing to free, nothing to fail.
            WriteWarning($"The session {session.Description} is already closed.");
            return;
        }
        session.Dispose();
        WriteVerbose($"Closed {session.Description}.");
    }
}
