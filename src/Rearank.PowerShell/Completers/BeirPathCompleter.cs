using Rearank.PowerShell.Bases;
using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace Rearank.PowerShell.Completers;

/// <summary>
/// Tab completion for the file parameters that read a collection. A folder in BEIR layout (corpus.jsonl,
/// queries.jsonl, qrels/*.tsv, each possibly gzipped) completes straight to the file the command wants:
/// Import-RearankQuery scifact&lt;Tab&gt; gives ./scifact/queries.jsonl. Other files and folders complete as usual.
/// </summary>
public sealed class BeirPathCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var typed = wordToComplete.Trim('\'', '"');
        var current = CurrentLocation();
        var (parent, prefix) = Split(typed);
        var folder = Path.GetFullPath(Path.Combine(current, parent.Length == 0 ? "." : parent));
        if (!Directory.Exists(folder)) return [];

        var results = new List<CompletionResult>();
        var plain = new List<CompletionResult>();
        foreach (var entry in Directory.EnumerateFileSystemEntries(folder).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(entry);
            if (!name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) continue;
            var shown = parent + name;
            if (Directory.Exists(entry))
            {
                foreach (var file in DatasetFiles(entry, commandName, parameterName))
                    results.Add(Result(shown + "/" + Path.GetRelativePath(entry, file).Replace('\\', '/'), $"BEIR dataset {name}: {Path.GetRelativePath(entry, file)}"));
                plain.Add(Result(shown, "folder", CompletionResultType.ProviderContainer));
            }
            else plain.Add(Result(shown, "file", CompletionResultType.ProviderItem));
        }
        return results.Concat(plain);
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

    /// <summary>
    /// PowerShell's location, not the process's: a nested pipeline is the one way in while completion runs, since the
    /// runspace is busy then.
    /// </summary>
    private static string CurrentLocation()
    {
        try
        {
            using var shell = System.Management.Automation.PowerShell.Create(RunspaceMode.CurrentRunspace);
            var location = shell.AddCommand("Get-Location").AddParameter("PSProvider", "FileSystem").Invoke<PathInfo>().FirstOrDefault();
            if (location is not null) return location.ProviderPath;
        }
        catch (PSInvalidOperationException)
        {
        }
        return Directory.GetCurrentDirectory();
    }

    private static string? FirstExisting(string folder, params string[] names) =>
        names.Select(n => Path.Combine(folder, n)).FirstOrDefault(File.Exists);

    private static (string Parent, string Prefix) Split(string typed)
    {
        var cut = typed.LastIndexOfAny(['/', '\\']);
        return cut < 0 ? ("", typed) : (typed[..(cut + 1)], typed[(cut + 1)..]);
    }

    private static CompletionResult Result(string path, string tip, CompletionResultType type = CompletionResultType.ParameterValue)
    {
        var text = path.IndexOfAny([' ', '\'', '$', '`', '(', ')', ';', '&']) >= 0 ? "'" + path.Replace("'", "''") + "'" : path;
        return new CompletionResult(text, path, type, tip);
    }
}
