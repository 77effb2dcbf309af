using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace Rearank.PowerShell.Completers;

/// <summary>
/// Tab completion for the file parameters that read a collection: PowerShell's own filename completion (so ~/,
/// PowerShell drives, quoting and provider paths work as everywhere else), with the files of a folder in BEIR layout
/// (corpus.jsonl, queries.jsonl, qrels/*.tsv, each possibly gzipped) offered first: Import-RearankQuery
/// scifact&lt;Tab&gt; gives ./scifact/queries.jsonl.
/// </summary>
public sealed class BeirPathCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var own = CompletionCompleters.CompleteFilename(wordToComplete).ToList();
        var shortcuts = new List<CompletionResult>();
        foreach (var folder in own.Where(r => r.ResultType == CompletionResultType.ProviderContainer))
        {
            // The tooltip of a filename completion is the item's full file-system path.
            if (!Directory.Exists(folder.ToolTip)) continue;
            var shown = Unquote(folder.CompletionText).TrimEnd('/', '\\');
            foreach (var file in DatasetFiles(folder.ToolTip, commandName, parameterName))
            {
                var relative = Path.GetRelativePath(folder.ToolTip, file).Replace('\\', '/');
                shortcuts.Add(Result(shown + "/" + relative, $"BEIR dataset {Path.GetFileName(folder.ToolTip)}: {relative}"));
            }
        }
        return shortcuts.Concat(own);
    }

    /// <summary>The files of a BEIR-layout folder that the command reads; none when the folder is not in that layout.</summary>
    internal static IEnumerable<string> DatasetFiles(string folder, string commandName, string parameterName)
    {
        var corpus = FirstExisting(folder, "corpus.jsonl", "corpus.jsonl.gz");
        var queries = FirstExisting(folder, "queries.jsonl", "queries.jsonl.gz");
        if (corpus is null || queries is null) return [];
        return (commandName, parameterName) switch
        {
            ("Import-RearankDocument", _) or (_, "CorpusPath") => [corpus],
            ("Import-RearankQuery", _) => [queries],
            ("Import-RearankQrels", _) or (_, "Qrels") =>
                Directory.Exists(Path.Combine(folder, "qrels"))
                    ? Directory.EnumerateFiles(Path.Combine(folder, "qrels")).Where(f => f.EndsWith(".tsv") || f.EndsWith(".tsv.gz")).Order(StringComparer.Ordinal)
                    : [],
            _ => [],
        };
    }

    private static string? FirstExisting(string folder, params string[] names) =>
        names.Select(n => Path.Combine(folder, n)).FirstOrDefault(File.Exists);

    /// <summary>A completion's text as typed: without the quotes PowerShell put around a path with spaces.</summary>
    private static string Unquote(string text) =>
        text.Length >= 2 && text[0] == '\'' && text[^1] == '\'' ? text[1..^1].Replace("''", "'") : text.Trim('"');

    private static CompletionResult Result(string path, string tip, CompletionResultType type = CompletionResultType.ParameterValue)
    {
        var text = path.IndexOfAny([' ', '\'', '$', '`', '(', ')', ';', '&']) >= 0 ? "'" + path.Replace("'", "''") + "'" : path;
        return new CompletionResult(text, path, type, tip);
    }
}
