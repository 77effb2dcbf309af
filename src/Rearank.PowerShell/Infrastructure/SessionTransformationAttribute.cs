using System.Management.Automation;
using Rearank.Core.Reranking;

namespace Rearank.PowerShell.Infrastructure;

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
        var open = SessionRegistry.All;
        var matches = open.Where(s => pattern.IsMatch(s.Description)).ToList();
        if (matches.Count == 1) return matches[0];
        var known = open.Count == 0 ? "no session is open (use Open-RearankSession)" : "open sessions: " + string.Join("; ", open.Select(s => $"'{s.Description}'"));
        throw new ArgumentTransformationMetadataException(matches.Count == 0
            ? $"No open session is named '{name}'; {known}."
            : $"'{name}' matches {matches.Count} open sessions; {known}.");
    }
}
