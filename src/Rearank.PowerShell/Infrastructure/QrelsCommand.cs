using System.Management.Automation;
using Rearank.Core;
using Rearank.Core.IO;
using Rearank.Core.Model;

namespace Rearank.PowerShell.Infrastructure;

/// <summary>Cmdlets that take relevance judgments: -Qrels as a file path or as judgments from Import-RearankQrels.</summary>
public abstract class QrelsCommand : RearankCmdlet
{
    /// <summary>A qrels file (TREC or BEIR), or judgments from Import-RearankQrels.</summary>
    [Parameter(Mandatory = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(BeirPathCompleter))]
    public object[] Qrels { get; set; } = [];

    /// <summary>Judgments from the -Qrels files or objects; bad lines are reported, duplicates stop the command.</summary>
    protected Core.Evaluation.Qrels LoadQrels()
    {
        var judgments = new List<Judgment>();
        var paths = new List<string>();
        var literal = new List<string>();
        foreach (var item in Qrels.Select(Unwrap))
        {
            switch (item)
            {
                case Judgment judgment: judgments.Add(judgment); break;
                // A file object (Get-Item -LiteralPath 'qrels[1].txt') names its file exactly; a string is a pattern.
                case FileSystemInfo file: literal.Add(file.FullName); break;
                case string path: paths.Add(path); break;
                default:
                    ThrowTerminatingError(new ErrorRecord(new ArgumentException($"-Qrels takes file paths or judgments from Import-RearankQrels, not {item?.GetType().Name ?? "null"}."),
                        ErrorIds.InvalidQrels, ErrorCategory.InvalidArgument, item));
                    break;
            }
        }
        foreach (var path in ResolveInputPaths(paths).Concat(ResolveInputPaths(literal, literal: true)))
        {
            try
            {
                judgments.AddRange(QrelsReader.Read(path, onMalformed: WriteMalformedRecord));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
            {
                WriteReadError(path, e);
            }
        }
        try
        {
            var qrels = Core.Evaluation.Qrels.From(judgments);
            if (qrels.QueryIds.Count == 0)
                ThrowTerminatingError(new ErrorRecord(new ArgumentException("The qrels hold no judgments."), ErrorIds.EmptyQrels, ErrorCategory.InvalidData, Qrels));
            return qrels;
        }
        catch (RearankException e)
        {
            ThrowTerminatingError(new ErrorRecord(e, ErrorIds.DuplicateJudgment, ErrorCategory.InvalidData, Qrels));
            throw;
        }
    }

    protected static object? Unwrap(object? item) => item is PSObject ps ? ps.BaseObject : item;
}
