using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using Rearank.Core.Evaluation;

namespace Rearank.PowerShell.Completers;

/// <summary>Tab completion for -Metric: trec_eval's names with their parameter syntax, and ir_measures' names.</summary>
public sealed class MeasureNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters) =>
        MeasureCatalog.Suggestions.Select(s => (Name: s, Kind: "trec_eval"))
            .Concat(IrMeasuresNames.Suggestions.Select(s => (Name: s, Kind: "ir_measures")))
            .Where(s => s.Name.StartsWith(wordToComplete.Trim('\'', '"'), StringComparison.OrdinalIgnoreCase))
            .Select(s => new CompletionResult(s.Name.Contains('(') ? $"'{s.Name}'" : s.Name, s.Name, CompletionResultType.ParameterValue, $"{s.Kind} measure {s.Name}"));
}
