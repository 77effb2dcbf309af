namespace Rearank.Core.Evaluation.Statistics;

/// <summary>What the judgments hold: queries, judgments per grade, judged and relevant documents per query.</summary>
public sealed record QrelsStatistics
{
    public required int Queries { get; init; }
    public required int Judgments { get; init; }

    /// <summary>Judgments per grade, lowest grade first.</summary>
    public required IReadOnlyDictionary<int, int> Grades { get; init; }

    /// <summary>Judged documents per query: min/mean/median/max.</summary>
    public required Distribution JudgedPerQuery { get; init; }

    /// <summary>The grade from which a judgment counts as relevant below (trec_eval -l).</summary>
    public required int RelevanceLevel { get; init; }

    /// <summary>Relevant documents (grade ≥ RelevanceLevel) per query: min/mean/median/max.</summary>
    public required Distribution RelevantPerQuery { get; init; }

    /// <summary>Queries with judgments but none at or above RelevanceLevel: every measure but bpref scores them 0.</summary>
    public required int QueriesWithoutRelevant { get; init; }

    /// <summary>The grade distribution as one line: "0: 7000, 1: 1000, 2: 500".</summary>
    public string GradeCounts => string.Join(", ", Grades.Select(g => FormattableString.Invariant($"{g.Key}: {g.Value}")));

    public static QrelsStatistics Of(Qrels qrels, int relevanceLevel = 1)
    {
        var grades = new SortedDictionary<int, int>();
        var judged = new List<double>();
        var relevant = new List<double>();
        foreach (var queryId in qrels.QueryIds)
        {
            var judgments = qrels.For(queryId)!;
            var relevantHere = 0;
            foreach (var grade in judgments.Grades.Values)
            {
                grades[grade] = grades.GetValueOrDefault(grade) + 1;
                if (grade >= relevanceLevel) relevantHere++;
            }
            judged.Add(judgments.Grades.Count);
            relevant.Add(relevantHere);
        }
        return new QrelsStatistics
        {
            Queries = qrels.QueryIds.Count, Judgments = qrels.JudgmentCount, Grades = grades,
            JudgedPerQuery = Distribution.Of(judged), RelevanceLevel = relevanceLevel,
            RelevantPerQuery = Distribution.Of(relevant), QueriesWithoutRelevant = relevant.Count(r => r == 0),
        };
    }
}
