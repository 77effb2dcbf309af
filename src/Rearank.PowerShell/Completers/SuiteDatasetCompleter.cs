using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using Rearank.Core.Suites;

namespace Rearank.PowerShell.Completers;

/// <summary>Completes -Dataset with the names of the suite given (-Suite), or of both suites.</summary>
public sealed class SuiteDatasetCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var suite = fakeBoundParameters["Suite"] as string;
        var datasets = suite is "standard" or "bright" ? SuiteCatalog.Get(suite) : SuiteCatalog.Standard.Concat(SuiteCatalog.Bright);
        return datasets.Where(d => d.Name.StartsWith(wordToComplete, StringComparison.OrdinalIgnoreCase))
            .Select(d => new CompletionResult(d.Name, d.Name, CompletionResultType.ParameterValue,
                d.PublishedRearank is { } r ? $"{d.Name}: paper BM25 {d.PublishedBm25:F2}, REARANK-7B {r:F2}" : d.Name));
    }
}
