using Rearank.PowerShell.Sessions;
using System.Management.Automation;
using Rearank.Core;
using Rearank.Core.IO;
using Rearank.Core.Model;
using Rearank.Core.Reranking;
using Rearank.Core.Retrieval;

namespace Rearank.PowerShell.Bases;

/// <summary>
/// What every Rearank cmdlet shares: a cancellation token that Ctrl+C trips, path resolution against the
/// current PowerShell location, and the mapping from core exceptions to ErrorRecords.
/// </summary>
public abstract class RearankCmdlet : PSCmdlet, IDisposable
{
    private readonly CancellationTokenSource cancellation = new();

    protected CancellationToken CancellationToken => cancellation.Token;

    protected override void StopProcessing() => cancellation.Cancel();

    /// <summary>
    /// Resolves input paths as Get-Content does: -Path patterns are wildcards, -LiteralPath names are taken as they
    /// are (a file called run[1].txt), and a path or pattern that matches no file is an ObjectNotFound error, never
    /// a silent nothing. Each unmatched path is reported and skipped; the others are read.
    /// </summary>
    protected IEnumerable<string> ResolveInputPaths(IEnumerable<string> paths, bool literal = false)
    {
        foreach (var path in paths)
        {
            List<string> resolved;
            try
            {
                if (literal)
                {
                    var file = SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out var literalProvider, out _);
                    if (literalProvider.Name != "FileSystem") throw new ArgumentException($"'{path}' is not a file system path.");
                    if (!File.Exists(file) && !Directory.Exists(file)) throw new ItemNotFoundException($"Cannot find path '{path}' because it does not exist.");
                    resolved = [file];
                }
                else
                {
                    resolved = GetResolvedProviderPathFromPSPath(path, out var provider).ToList();
                    if (provider.Name != "FileSystem") throw new ArgumentException($"'{path}' is not a file system path.");
                    if (resolved.Count == 0)
                        throw new ItemNotFoundException(WildcardPattern.ContainsWildcardCharacters(path)
                            ? $"No file matches '{path}'. (To read a file whose name holds [ ] * or ?, use -LiteralPath.)"
                            : $"Cannot find path '{path}' because it does not exist.");
                }
            }
            catch (Exception e) when (e is ItemNotFoundException or ArgumentException or System.Management.Automation.DriveNotFoundException)
            {
                WriteError(new ErrorRecord(new FileNotFoundException(e.Message, path, e), ErrorIds.PathNotFound, ErrorCategory.ObjectNotFound, path));
                continue;
            }
            foreach (var file in resolved) yield return file;
        }
    }

    /// <summary>
    /// Input file arguments that are not -Path: a string is a pattern (as -Path), a file object (Get-Item -LiteralPath)
    /// names its file exactly, so a file called trace[1].jsonl can still be given.
    /// </summary>
    protected IEnumerable<string> ResolveInputArguments(IEnumerable<object?> arguments)
    {
        foreach (var argument in arguments.Select(a => a is PSObject ps ? ps.BaseObject : a))
        {
            var files = argument is FileSystemInfo file ? ResolveInputPaths([file.FullName], literal: true) : ResolveInputPaths([argument?.ToString() ?? ""]);
            foreach (var path in files) yield return path;
        }
    }

    protected string ResolveOutputPath(string path) => GetUnresolvedProviderPathFromPSPath(path);

    /// <summary>
    /// A file the command wrote, as Get-Item returns it (FileInfo with PSPath, PSParentPath, PSProvider), so it binds
    /// by property name to the next command's -LiteralPath as Get-ChildItem's output does.
    /// </summary>
    protected void WriteFileItem(string path)
    {
        foreach (var item in InvokeProvider.Item.Get([path], force: true, literalPath: true)) WriteObject(item);
    }

    /// <summary>
    /// The one overwrite rule of every command that writes a file or folder: an existing one is kept unless
    /// <paramref name="force"/> (a terminating ResourceExists error says so), and -WhatIf/-Confirm decide whether to
    /// go on. True when the command should write.
    /// </summary>
    protected bool ShouldWrite(string path, bool force, string action)
    {
        RefuseExisting([path], force);
        return ShouldProcess(path, action);
    }

    /// <summary>The overwrite rule alone, for a command that writes several files under one -WhatIf.</summary>
    protected void RefuseExisting(IEnumerable<string> paths, bool force)
    {
        try
        {
            foreach (var path in paths) OverwriteRule.Check(path, force);
        }
        catch (OutputExistsException e)
        {
            ThrowOutputExists(e);
        }
    }

    /// <summary>Every refused overwrite ends the same way: FileExists, ResourceExists, the path as the target.</summary>
    protected void ThrowOutputExists(OutputExistsException e) =>
        ThrowTerminatingError(new ErrorRecord(e, ErrorIds.FileExists, ErrorCategory.ResourceExists, e.Path));

    /// <summary>Opens a BM25 index, or stops the command saying whether it is missing (ObjectNotFound) or damaged (InvalidData).</summary>
    protected Bm25Searcher OpenIndex(string indexPath)
    {
        var path = ResolveOutputPath(indexPath);
        try
        {
            return Bm25Searcher.Open(path);
        }
        catch (IndexNotFoundException e)
        {
            ThrowTerminatingError(new ErrorRecord(e, ErrorIds.IndexNotFound, ErrorCategory.ObjectNotFound, path));
        }
        catch (RearankException e)
        {
            ThrowTerminatingError(new ErrorRecord(e, ErrorIds.IndexUnreadable, ErrorCategory.InvalidData, path));
        }
        throw new InvalidOperationException("unreachable");
    }

    /// <summary>The session given, else this runspace's default, else a terminating error that says how to open one.</summary>
    protected IRerankSession ResolveSession(IRerankSession? given)
    {
        if ((given ?? SessionRegistry.Default) is { } session)
        {
            if (session.IsClosed)
                ThrowTerminatingError(new ErrorRecord(new Rearank.Core.Inference.SessionClosedException($"The session {session.Description} is closed (Close-RearankSession); open another with Open-RearankSession."),
                    ErrorIds.SessionClosed, ErrorCategory.ResourceUnavailable, session.Description));
            return session;
        }
        ThrowTerminatingError(new ErrorRecord(new InvalidOperationException("No model session is open. Load a model first: Open-RearankSession -ModelPath model.gguf"),
            ErrorIds.NoSession, ErrorCategory.ResourceUnavailable, null));
        throw new InvalidOperationException("unreachable");
    }

    /// <summary>Query texts by id from a query file, for hits that carry none.</summary>
    protected Dictionary<string, string> LoadQueryTexts(object? queryPath)
    {
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        if (queryPath is null) return texts;
        foreach (var file in ResolveInputArguments([queryPath]))
            foreach (var query in QueryReader.Read(file, onMalformed: WriteMalformedRecord)) texts[query.QueryId] = query.Text;
        return texts;
    }

    /// <summary>
    /// Runs given as hits and as files, for commands that take several runs at once: piped hits and hit variables
    /// are one run per RunTag; each file is one run (patterns as -Path, file objects and <paramref name="literalPaths"/>
    /// exactly). Runs sharing a name are told apart by file name. Unreadable files and bad lines are reported, not fatal.
    /// </summary>
    protected IReadOnlyList<HitRun> ReadHitRuns(IEnumerable<RankedHit> piped, IEnumerable<object?> runArguments, IEnumerable<string> literalPaths)
    {
        var runs = new List<HitRun>(HitRun.FromHits(piped));
        var items = runArguments.Select(a => a is PSObject ps ? ps.BaseObject : a)
            .SelectMany(a => a is System.Collections.IEnumerable list and not string ? list.Cast<object?>().Select(i => i is PSObject p ? p.BaseObject : i) : [a]).ToList();
        runs.AddRange(HitRun.FromHits(items.OfType<RankedHit>()));
        if (items.FirstOrDefault(i => i is not (RankedHit or string or FileSystemInfo)) is { } other)
            ThrowTerminatingError(new ErrorRecord(new ArgumentException($"A run is a file path or hits (Import-TrecRun), not {other?.GetType().Name ?? "null"}."),
                ErrorIds.InvalidRun, ErrorCategory.InvalidArgument, other));
        var files = ResolveInputArguments(items.Where(i => i is not RankedHit)).Concat(ResolveInputPaths(literalPaths, literal: true));
        foreach (var path in files)
        {
            try
            {
                var hits = TrecRunReader.Read(path, WriteMalformedRecord).ToList();
                runs.Add(new HitRun(hits.FirstOrDefault()?.RunTag ?? System.IO.Path.GetFileName(path), hits, path));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
            {
                WriteReadError(path, e);
            }
        }
        return HitRun.Distinguish(runs);
    }

    /// <summary>Judgments from qrels files (TREC or BEIR; a string is a pattern, a file object exact) or Judgment objects; bad lines are reported, duplicates stop the command.</summary>
    protected Core.Evaluation.Qrels LoadQrels(object[] sources) =>
        LoadJudgments<Judgment>(sources, (path, onMalformed) => QrelsReader.Read(path, onMalformed: onMalformed), Core.Evaluation.Qrels.From,
            "file paths or judgments from Import-RearankQrels");

    /// <summary>
    /// Judgments of any of trec_eval's formats (-R): records of type <typeparamref name="T"/> given as objects, and
    /// files read by <paramref name="read"/>; bad lines are reported, an empty or inconsistent set stops the command.
    /// </summary>
    /// <param name="accepted">What -Qrels takes, for the error about anything else.</param>
    protected Core.Evaluation.Qrels LoadJudgments<T>(object[] sources, Func<string, MalformedRecordHandler, IEnumerable<T>> read,
        Func<List<T>, Core.Evaluation.Qrels> index, string accepted)
    {
        var records = new List<T>();
        var paths = new List<string>();
        var literal = new List<string>();
        foreach (var item in sources.Select(Unwrap))
        {
            switch (item)
            {
                case T record: records.Add(record); break;
                // A file object (Get-Item -LiteralPath 'qrels[1].txt') names its file exactly; a string is a pattern.
                case FileSystemInfo file: literal.Add(file.FullName); break;
                case string path: paths.Add(path); break;
                default:
                    ThrowTerminatingError(new ErrorRecord(new ArgumentException($"-Qrels takes {accepted}, not {item?.GetType().Name ?? "null"}."),
                        ErrorIds.InvalidQrels, ErrorCategory.InvalidArgument, item));
                    break;
            }
        }
        foreach (var path in ResolveInputPaths(paths).Concat(ResolveInputPaths(literal, literal: true)))
        {
            try
            {
                records.AddRange(read(path, WriteMalformedRecord));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
            {
                WriteReadError(path, e);
            }
        }
        try
        {
            var qrels = index(records);
            if (qrels.QueryIds.Count == 0)
                ThrowTerminatingError(new ErrorRecord(new ArgumentException("The qrels hold no judgments."), ErrorIds.EmptyQrels, ErrorCategory.InvalidData, sources));
            return qrels;
        }
        catch (RearankException e)
        {
            ThrowTerminatingError(new ErrorRecord(e, ErrorIds.DuplicateJudgment, ErrorCategory.InvalidData, sources));
            throw;
        }
    }

    protected static object? Unwrap(object? item) => item is PSObject ps ? ps.BaseObject : item;

    /// <summary>A record that does not fit its format: reported, not fatal, so the records around it still flow.</summary>
    protected void WriteMalformedRecord(MalformedRecordException error) =>
        WriteError(new ErrorRecord(error, ErrorIds.MalformedRecord, ErrorCategory.InvalidData,
            new SourceLine(error.FilePath, error.LineNumber, error.Found))
        {
            ErrorDetails = new ErrorDetails(error.Message)
            {
                RecommendedAction = $"Fix or remove line {error.LineNumber} of {error.FilePath}; it must be {error.Expected}.",
            },
        });

    /// <summary>An input file that cannot be read at all; the command goes on with the next one.</summary>
    protected void WriteReadError(string path, Exception error) =>
        WriteError(new ErrorRecord(error, ErrorIds.FileReadFailed, ErrorCategory.ReadError, path));

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing) cancellation.Dispose();
    }
}
