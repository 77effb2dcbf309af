using Rearank.PowerShell.Sessions;
using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace Rearank.PowerShell.Completers;

/// <summary>
/// Tab completion for -Session: the descriptions of the sessions open in this runspace, newest (the default) first.
/// SessionTransformationAttribute turns the completed text back into the session object.
/// </summary>
public sealed class SessionCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var typed = wordToComplete.Trim('\'', '"');
        return SessionRegistry.Named.Reverse()
            .Where(s => s.Name.Contains(typed, StringComparison.OrdinalIgnoreCase))
            .Select(s => new CompletionResult(Quote(s.Name), s.Name, CompletionResultType.ParameterValue, $"Open session: {s.Name}"));
    }

    private static string Quote(string text) => "'" + text.Replace("'", "''") + "'";
}
