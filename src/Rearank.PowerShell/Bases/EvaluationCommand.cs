using Rearank.PowerShell.Completers;
using System.Collections;
using System.Management.Automation;
using Rearank.Core;
using Rearank.Core.Evaluation;
using Rearank.Core.Evaluation.Measures;
using Rearank.Core.IO;
using Rearank.Core.Model;

namespace Rearank.PowerShell.Bases;

/// <summary>
/// What Measure-RankingQuality and Compare-RankingRun share: trec_eval's switches as parameters, qrels from a
/// file or from Import-RearankQrels, runs from files or from hits, and one place that turns problems into errors.
/// </summary>
public abstract class EvaluationCommand : QrelsCommand
{
    /// <summary>trec_eval measure names with their parameters: ndcg_cut.10, map, recall.100, P.5,10, ndcg.1=3,2=9.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(MeasureNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string[] Metric { get; set; } = [];

    /// <summary>-l: the lowest grade that counts as relevant.</summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int RelevanceLevel { get; set; } = 1;

    /// <summary>-c: average over every qrels query; a query missing from a run scores as an empty ranking.</summary>
    [Parameter]
    public SwitchParameter Complete { get; set; }

    /// <summary>-M: evaluate only the top N documents of each query.</summary>
    [Parameter]
    [Alias("Top")]
    [ValidateRange(1, int.MaxValue)]
    public int Depth { get; set; }

    /// <summary>trec_eval's -R: how the -Qrels files are read (qrels, qrels_jg, prefs, qrels_prefs; Measure-RankingQuality -JudgmentFormat).</summary>
    protected virtual string JudgmentFileFormat => "qrels";

    /// <summary>-Z: the z-score table's file (Measure-RankingQuality -ZScoreFile); null for none.</summary>
    protected virtual string? ZScorePath => null;

    private Lazy<ZScores?>? zScores;

    protected EvaluationOptions Options => new()
    {
        RelevanceLevel = RelevanceLevel, Complete = Complete, Depth = Depth > 0 ? Depth : null,
        ZScores = (zScores ??= new Lazy<ZScores?>(LoadZScores, LazyThreadSafetyMode.None)).Value,
    };

    /// <summary>The -Z table; a file that is not there stops the command, which must not quietly print values that are not z-scores.</summary>
    private ZScores? LoadZScores()
    {
        if (ZScorePath is null) return null;
        string? path = null;
        try
        {
            path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(ZScorePath);
        }
        catch (Exception e) when (e is ItemNotFoundException or System.Management.Automation.DriveNotFoundException or ProviderNotFoundException or ArgumentException)
        {
        }
        if (path is null || !File.Exists(path))
            ThrowTerminatingError(new ErrorRecord(new FileNotFoundException($"The z-score file '{ZScorePath}' does not exist.", path ?? ZScorePath),
                ErrorIds.InvalidZScores, ErrorCategory.ObjectNotFound, ZScorePath));
        try
        {
            return ZScoresReader.Read(path!);
        }
        catch (MalformedRecordException e)
        {
            ThrowTerminatingError(new ErrorRecord(e, ErrorIds.InvalidZScores, ErrorCategory.InvalidData, path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            ThrowTerminatingError(new ErrorRecord(e, ErrorIds.InvalidZScores, ErrorCategory.ReadError, path));
        }
        return null;
    }

    /// <summary>The -Qrels judgments, read as <see cref="JudgmentFileFormat"/> says.</summary>
    protected override Qrels LoadQrels() => JudgmentFileFormat switch
    {
        "qrels_jg" => LoadJudgments<(string, Judgment)>(Qrels, (path, onMalformed) => QrelsReader.ReadJudgmentGroups(path, onMalformed),
            Core.Evaluation.Qrels.FromJudgmentGroups, "qrels files for -JudgmentFormat qrels_jg"),
        "prefs" => LoadJudgments<PreferenceJudgment>(Qrels, (path, onMalformed) => PreferencesReader.ReadPrefs(path, onMalformed),
            Core.Evaluation.Qrels.FromPreferences, "preference files for -JudgmentFormat prefs"),
        "qrels_prefs" => LoadJudgments<PreferenceJudgment>(Qrels, (path, onMalformed) => PreferencesReader.ReadQrels(path, onMalformed),
            Core.Evaluation.Qrels.FromPreferences, "qrels files for -JudgmentFormat qrels_prefs"),
        _ => base.LoadQrels(),
    };

    /// <summary>
    /// The measures asked for, in trec_eval's or ir_measures' vocabulary, grouped by relevance level (ir_measures'
    /// rel=N sets one per measure); a terminating error names an unknown measure and the closest known one.
    /// </summary>
    protected IReadOnlyList<MeasureGroup> ParseMeasureGroups(IEnumerable<string> defaults)
    {
        try
        {
            return MeasureGroups.Parse(Metric.Length > 0 ? Metric : defaults, RelevanceLevel);
        }
        catch (ArgumentException e)
        {
            ThrowTerminatingError(new ErrorRecord(e, ErrorIds.UnknownMeasure, ErrorCategory.InvalidArgument, string.Join(",", Metric)));
            throw;
        }
    }

    /// <summary>Evaluates one run on every group, values named as asked; a run that cannot be evaluated (a duplicate document) is reported and skipped.</summary>
    protected EvaluationResult? Evaluate(Qrels qrels, RunRankings run, IReadOnlyList<MeasureGroup> groups)
    {
        try
        {
            var result = MeasureGroups.Evaluate(qrels, run, groups, Options, CancellationToken);
            WarnAboutCoverage(result);
            return result;
        }
        catch (RearankException e)
        {
            WriteError(new ErrorRecord(e, ErrorIds.InvalidRun, ErrorCategory.InvalidData, run.RunTag));
            return null;
        }
        catch (JudgmentFormatMismatchException e)
        {
            ThrowTerminatingError(new ErrorRecord(e, ErrorIds.MeasureNeedsPlainQrels, ErrorCategory.InvalidArgument, string.Join(",", Metric)));
            throw;
        }
    }

    /// <summary>A run from a file path (resolved against the current location).</summary>
    protected RunRankings? LoadRunFile(string path)
    {
        try
        {
            return RunLoader.Load(path, WriteMalformedRecord);
        }
        catch (MalformedRecordException e)
        {
            WriteMalformedRecord(e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            WriteReadError(path, e);
        }
        return null;
    }

    /// <summary>Evaluates one run; a run that cannot be evaluated (a duplicate document) is reported and skipped.</summary>
    protected EvaluationResult? Evaluate(Qrels qrels, RunRankings run, IReadOnlyList<Measure> measures, int? relevanceLevel = null) =>
        // One group without display names: the values keep trec_eval's names (-AsTrecEval prints them).
        Evaluate(qrels, run, [new MeasureGroup(relevanceLevel ?? RelevanceLevel, measures, new Dictionary<string, string>())]);

    /// <summary>Queries left out of a run on purpose (to compare runs over the same queries), which are not "missing" from it.</summary>
    private protected readonly Dictionary<string, HashSet<string>> LeftOut = new(StringComparer.Ordinal);

    private void WarnAboutCoverage(EvaluationResult result)
    {
        var missing = LeftOut.TryGetValue(result.RunTag, out var leftOut)
            ? result.QrelsQueriesMissingFromRun.Where(q => !leftOut.Contains(q)).ToList()
            : result.QrelsQueriesMissingFromRun;
        if (missing.Count > 0)
        {
            var listed = string.Join(", ", missing.Take(20)) + (missing.Count > 20 ? $", ... ({missing.Count - 20} more)" : "");
            WriteWarning(result.Options.Complete
                ? $"Run '{result.RunTag}' has no ranking for {missing.Count} judged queries; they score 0 (-Complete): {listed}."
                : $"Run '{result.RunTag}' has no ranking for {missing.Count} judged queries; they are not averaged (use -Complete to count them as 0): {listed}.");
        }
        if (result.QueryCount == 0)
            WriteWarning($"Run '{result.RunTag}' shares no query with the qrels: nothing was evaluated.");
        if (result.RunQueriesWithoutJudgments > 0)
            WriteVerbose($"Run '{result.RunTag}': {result.RunQueriesWithoutJudgments} queries have no judgments and are not evaluated.");
    }

    /// <summary>Runs from files named exactly as given (-LiteralPath, Get-ChildItem output).</summary>
    protected IEnumerable<RunRankings> LoadLiteralRuns(IEnumerable<string> paths)
    {
        foreach (var path in ResolveInputPaths(paths, literal: true))
            if (LoadRunFile(path) is { } run) yield return run;
    }

    /// <summary>Runs given as a path, a list of paths, or hits (one run per RunTag).</summary>
    protected IEnumerable<RunRankings> LoadRuns(object source)
    {
        var items = Unwrap(source) is IEnumerable list and not string ? list.Cast<object?>().Select(Unwrap).ToList() : [Unwrap(source)];
        if (items.All(i => i is RankedHit))
        {
            foreach (var run in RunRankings.FromHits(items.Cast<RankedHit>())) yield return run;
            yield break;
        }
        // Every item is a run: a file, or the hits of one run in memory (-Run $first, $pointwise), each its own run
        // even where two carry the same run tag.
        var runs = items.Select(item => item switch
        {
            string or FileSystemInfo => item,
            IEnumerable hits when hits.Cast<object?>().Select(Unwrap).ToList() is { Count: > 0 } inner && inner.All(h => h is RankedHit) => inner.Cast<RankedHit>().ToList(),
            _ => null,
        }).ToList();
        if (runs.IndexOf(null) is var bad and >= 0)
            ThrowTerminatingError(new ErrorRecord(new ArgumentException($"A run is a file path or hits (Import-TrecRun, Invoke-RearankRerank), not {items[bad]?.GetType().Name ?? "null"}."),
                ErrorIds.InvalidRun, ErrorCategory.InvalidArgument, items[bad]));
        foreach (var run in runs)
        {
            if (run is List<RankedHit> hits)
            {
                foreach (var rankings in RunRankings.FromHits(hits)) yield return rankings;
                continue;
            }
            // A file object (Get-Item -LiteralPath 'run[1].txt') names its file exactly; a string is a pattern.
            var files = run is FileSystemInfo file ? ResolveInputPaths([file.FullName], literal: true) : ResolveInputPaths([(string)run!]);
            foreach (var path in files)
                if (LoadRunFile(path) is { } loaded) yield return loaded;
        }
    }
}
