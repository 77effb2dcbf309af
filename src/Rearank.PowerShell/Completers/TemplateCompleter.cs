using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using Rearank.Core.Reranking;
using Rearank.Core.Reranking.RankLlm;

namespace Rearank.PowerShell.Completers;

/// <summary>
/// Tab completion for -Template: REARANK's prompts and rank_llm's bundled templates by name, then template files
/// (.yaml, .yml) through PowerShell's own file name completion.
/// </summary>
public sealed class TemplateCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var typed = wordToComplete.Trim('\'', '"');
        var names = PromptTemplates.All.Select(t => (t.Name, Tip: "REARANK's prompt"))
            .Concat(RankLlmTemplate.BundledNames.Select(n => (Name: n, Tip: "rank_llm's template")))
            .Where(t => t.Name.StartsWith(typed, StringComparison.OrdinalIgnoreCase))
            .Select(t => new CompletionResult(t.Name, t.Name, CompletionResultType.ParameterValue, t.Tip));
        var files = CompletionCompleters.CompleteFilename(wordToComplete)
            .Where(r => r.ResultType == CompletionResultType.ProviderContainer
                        || r.ListItemText.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || r.ListItemText.EndsWith(".yml", StringComparison.OrdinalIgnoreCase));
        return typed.Length == 0 ? names : names.Concat(files);
    }
}
