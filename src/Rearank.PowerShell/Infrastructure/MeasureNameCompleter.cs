using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using Rearank.Core.Evaluation;

namespace Rearank.PowerShell.Infrastructure;

/// <summary>Tab completion for -Metric: trec_eval names with an example of their parameter syntax.</summary>
public sealed class MeasureNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters) =>
        MeasureCatalog.Suggestions
            .Where(s => s.StartsWith(wordToComplete.Trim('\'', '"'), StringComparison.OrdinalIgnoreCase))
            .Select(s => new CompletionResult(s, s, CompletionResultType.ParameterValue, $"trec_eval measure {s}"));
}
