using Rearank.PowerShell.Bases;
using System.Management.Automation;
using Rearank.Core.Reranking;

namespace Rearank.PowerShell.Sessions;

/// <summary>
/// Lets -Session take the description of an open session (what tab completion offers, wildcards allowed) as well as
/// the session object; a name that matches no open session, or more than one, is an error that lists the open ones.
/// </summary>
public sealed class SessionTransformationAttribute : ArgumentTransformationAttribute
{
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        if ((inputData is PSObject wrapped ? wrapped.BaseObject : inputData) is not string name) return inputData;
        var pattern = new WildcardPattern(name, WildcardOptions.IgnoreCase);
        var open = SessionRegistry.Named;
        // An exact name first: 'model (m.gguf)' must not also match 'model (m.gguf) #2'.
        var exact = open.Where(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase)).ToList();
        var matches = exact.Count == 1 ? exact : open.Where(s => pattern.IsMatch(s.Name)).ToList();
        if (matches.Count == 1) return matches[0].Session;
        var known = open.Count == 0 ? "no session is open (use Open-RearankSession)" : "open sessions: " + string.Join("; ", open.Select(s => $"'{s.Name}'"));
        throw new ArgumentTransformationMetadataException(matches.Count == 0
            ? $"No open session is named '{name}'; {known}."
            : $"'{name}' matches {matches.Count} open sessions; {known}.");
    }
}
