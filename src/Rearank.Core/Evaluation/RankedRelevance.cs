namespace Rearank.Core.Evaluation;

/// <summary>
/// One query of one run, reduced to what every measure needs: the grade at each rank (after trec_eval's
/// ordering and the depth cut) and the judgment counts. The sentinels mirror trec_eval: a retrieved document
/// absent from the qrels is <see cref="NotJudged"/>, one judged with a negative grade is <see cref="JudgedNegative"/>.
/// </summary>
public sealed class RankedRelevance
{
    public const int NotJudged = -1;
    public const int JudgedNegative = -2;

    internal RankedRelevance(int[] grades, IReadOnlyList<int> levelCounts, int relevanceLevel, bool isPlaceholder = false)
    {
        Grades = grades;
        LevelCounts = levelCounts;
        RelevanceLevel = relevanceLevel;
        IsPlaceholder = isPlaceholder;
        for (var g = relevanceLevel < 0 ? 0 : relevanceLevel; g < levelCounts.Count; g++) RelevantCount += levelCounts[g];
        foreach (var grade in grades)
        {
            if (grade == NotJudged) NotJudgedRetrieved++;
            else if (grade == JudgedNegative) NegativeRetrieved++;
            else if (grade >= relevanceLevel) RelevantRetrieved++;
        }
    }

    /// <summary>
    /// What trec_eval -c evaluates for a judged query the run lacks: a ranking of one document absent from the
    /// qrels ("ceci_nest_pas_un_docno"), after which num_ret, utility, relstring, unj and rbp_resid are reset.
    /// Measures read <see cref="IsPlaceholder"/> for those resets; every other value is what that ranking gives.
    /// </summary>
    public static RankedRelevance Placeholder(QueryJudgments judgments, EvaluationOptions options) =>
        new([NotJudged], judgments.LevelCounts, options.RelevanceLevel, isPlaceholder: true);

    /// <summary>
    /// With judgment groups (-R qrels_jg), the ranking judged by each group in turn, groups in byte order of their
    /// names; null with plain qrels. This instance is the first group's.
    /// </summary>
    public IReadOnlyList<RankedRelevance>? JudgmentGroups { get; internal set; }

    /// <summary>With preference judgments (-R prefs, qrels_prefs), the preferences held against this ranking; else null.</summary>
    public Preferences.PreferenceCounts? Preferences { get; internal set; }

    /// <summary>True for -c's stand-in ranking of a query missing from the run.</summary>
    public bool IsPlaceholder { get; }

    /// <summary>Retrieved documents absent from the qrels (trec_eval's num_nonpool).</summary>
    public int NotJudgedRetrieved { get; }

    /// <summary>Retrieved documents in the qrels with a negative grade (trec_eval's num_unjudged_in_pool).</summary>
    public int NegativeRetrieved { get; }

    /// <summary>Grades[i] is the grade of the document at rank i + 1.</summary>
    public int[] Grades { get; }

    /// <summary>LevelCounts[g]: judged documents of grade g for this query, retrieved or not.</summary>
    public IReadOnlyList<int> LevelCounts { get; }

    public int RelevanceLevel { get; }

    public int Retrieved => Grades.Length;

    /// <summary>trec_eval's num_rel: judged documents with a grade at or above the relevance level.</summary>
    public int RelevantCount { get; }

    public int RelevantRetrieved { get; }

    public bool IsRelevant(int rank0) => Grades[rank0] >= RelevanceLevel && Grades[rank0] >= 0;

    /// <summary>Orders a query's documents as trec_eval does and looks up their grades.</summary>
    /// <exception cref="RearankException">A document appears twice within the evaluated depth.</exception>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static RankedRelevance Build(RunRankings run, string queryId, QueryJudgments judgments, EvaluationOptions options)
    {
        var docs = run.For(queryId);
        // Score descending, then docno descending by bytes: trec_eval ignores the rank column. Runs are nearly always
        // written in that order already; checking it is one pass, where the generic sort would also have to be
        // compiled on a fresh process's first call.
        if (!InTrecOrder(docs, run.IdStore)) docs.Sort(new ByteOrder(run.IdStore));
        var count = options.Depth is { } depth ? Math.Min(depth, docs.Length) : docs.Length;
        var ranked = docs[..count];
        if (DuplicateFinder.ForThisThread().Find(ranked, run.IdStore) is var duplicate and >= 0)
            throw new RearankException(
                $"Run '{run.RunTag}' ranks document '{run.DocId(ranked[duplicate])}' twice for query '{queryId}'; each document may appear once per query.");
        var grades = new int[count];
        for (var i = 0; i < count; i++)
            grades[i] = !judgments.TryGetGrade(run.IdBytes(ranked[i]), out var grade) ? NotJudged : grade < 0 ? JudgedNegative : grade;
        return new RankedRelevance(grades, judgments.LevelCounts, options.RelevanceLevel);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static bool InTrecOrder(ReadOnlySpan<ScoredDocument> docs, byte[] ids)
    {
        for (var i = 1; i < docs.Length; i++)
        {
            var previous = docs[i - 1];
            var current = docs[i];
            if (previous.Score > current.Score) continue;
            if (previous.Score < current.Score || double.IsNaN(previous.Score) || double.IsNaN(current.Score)) return false;
            if (ids.AsSpan(previous.Start, previous.Length).SequenceCompareTo(ids.AsSpan(current.Start, current.Length)) <= 0) return false;
        }
        return true;
    }

    private readonly struct ByteOrder(byte[] ids) : IComparer<ScoredDocument>
    {
        public int Compare(ScoredDocument a, ScoredDocument b)
        {
            var byScore = b.Score.CompareTo(a.Score);
            return byScore != 0 ? byScore : ids.AsSpan(b.Start, b.Length).SequenceCompareTo(ids.AsSpan(a.Start, a.Length));
        }
    }
}
