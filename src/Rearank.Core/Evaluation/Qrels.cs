using Rearank.Core.Model;

namespace Rearank.Core.Evaluation;

/// <summary>Relevance judgments indexed by query, then document, ready for repeated evaluation of many runs.</summary>
public sealed class Qrels
{
    private readonly Dictionary<string, QueryJudgments> queries;

    private Qrels(Dictionary<string, QueryJudgments> queries) => this.queries = queries;

    /// <summary>The judged queries in trec_eval's order (byte-wise by id).</summary>
    public IReadOnlyList<string> QueryIds { get; private init; } = [];

    public int JudgmentCount { get; private init; }

    public QueryJudgments? For(string queryId) => queries.GetValueOrDefault(queryId);

    /// <summary>Indexes judgments; the same document judged twice for one query is an error, as in trec_eval.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static Qrels From(IEnumerable<Judgment> judgments)
    {
        var grades = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        var count = 0;
        foreach (var j in judgments)
        {
            if (!grades.TryGetValue(j.QueryId, out var docs)) grades[j.QueryId] = docs = new Dictionary<string, int>(StringComparer.Ordinal);
            if (j.Relevance > Judgment.MaxGrade)
                throw new RearankException($"Query '{j.QueryId}' judges document '{j.DocId}' with grade {j.Relevance:N0}; grades of at most {Judgment.MaxGrade:N0} are taken.");
            if (!docs.TryAdd(j.DocId, j.Relevance))
                throw new RearankException($"The qrels judge document '{j.DocId}' twice for query '{j.QueryId}'; trec_eval refuses such qrels.");
            count++;
        }
        var queries = grades.ToDictionary(p => p.Key, p => new QueryJudgments(p.Value), StringComparer.Ordinal);
        var ids = queries.Keys.ToList();
        ids.Sort(TrecOrder.Ids);   // trec_eval prints queries in strcmp order, which UTF-16 ordinal order is not above U+D7FF
        return new Qrels(queries) { QueryIds = ids, JudgmentCount = count };
    }

    /// <summary>
    /// Judgments in groups (trec_eval -R qrels_jg: the second column names the group, each a separate assessor's
    /// judgments of the query). Each query's groups are kept apart, in byte order of their names.
    /// </summary>
    public static Qrels FromJudgmentGroups(IEnumerable<(string Group, Judgment Judgment)> judgments)
    {
        var byQuery = new Dictionary<string, SortedDictionary<string, List<Judgment>>>(StringComparer.Ordinal);
        var count = 0;
        foreach (var (group, judgment) in judgments)
        {
            if (!byQuery.TryGetValue(judgment.QueryId, out var groups))
                byQuery[judgment.QueryId] = groups = new SortedDictionary<string, List<Judgment>>(TrecOrder.Ids);
            if (!groups.TryGetValue(group, out var list)) groups[group] = list = [];
            list.Add(judgment);
            count++;
        }
        var queries = new Dictionary<string, QueryJudgments>(StringComparer.Ordinal);
        foreach (var (queryId, groups) in byQuery)
        {
            var each = groups.Select(g => From(g.Value).For(queryId) ?? throw new InvalidOperationException(queryId)).ToArray();
            queries[queryId] = each[0].WithGroups(each);
        }
        var ids = queries.Keys.ToList();
        ids.Sort(TrecOrder.Ids);
        return new Qrels(queries) { QueryIds = ids, JudgmentCount = count, HasJudgmentGroups = true };
    }

    /// <summary>
    /// Preference judgments (trec_eval -R prefs, or qrels read as preferences with -R qrels_prefs), kept per query as
    /// given; the prefs_* measures read them.
    /// </summary>
    public static Qrels FromPreferences(IEnumerable<PreferenceJudgment> preferences)
    {
        var byQuery = new Dictionary<string, List<PreferenceJudgment>>(StringComparer.Ordinal);
        var count = 0;
        foreach (var preference in preferences)
        {
            if (!byQuery.TryGetValue(preference.QueryId, out var list)) byQuery[preference.QueryId] = list = [];
            list.Add(preference);
            count++;
        }
        var queries = byQuery.ToDictionary(p => p.Key, p => new QueryJudgments(new Dictionary<string, int>(StringComparer.Ordinal)) { Preferences = p.Value },
            StringComparer.Ordinal);
        var ids = queries.Keys.ToList();
        ids.Sort(TrecOrder.Ids);
        return new Qrels(queries) { QueryIds = ids, JudgmentCount = count, HasPreferences = true };
    }

    /// <summary>True for preference judgments.</summary>
    public bool HasPreferences { get; private init; }

    /// <summary>True for qrels read as judgment groups.</summary>
    public bool HasJudgmentGroups { get; private init; }
}

/// <summary>One query's judgments and how many documents it has at each non-negative grade.</summary>
public sealed class QueryJudgments
{
    private readonly Dictionary<string, int> grades;

    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> lookup;

    /// <summary>With preference judgments, the query's preference lines; else null.</summary>
    public IReadOnlyList<PreferenceJudgment>? Preferences { get; internal init; }

    /// <summary>With judgment groups, each group's judgments (this instance is the first's); else null.</summary>
    public IReadOnlyList<QueryJudgments>? Groups { get; private init; }

    internal QueryJudgments WithGroups(IReadOnlyList<QueryJudgments> groups) => new(grades) { Groups = groups };

    internal QueryJudgments(Dictionary<string, int> grades)
    {
        this.grades = grades;
        lookup = grades.GetAlternateLookup<ReadOnlySpan<char>>();
        var max = grades.Count == 0 ? -1 : grades.Values.Max();
        var counts = new int[Math.Max(0, max + 1)];
        foreach (var grade in grades.Values)
            if (grade >= 0) counts[grade]++;
        LevelCounts = counts;
    }

    /// <summary>LevelCounts[g] = judged documents with grade g (negative grades are not counted anywhere).</summary>
    public IReadOnlyList<int> LevelCounts { get; }

    public bool TryGetGrade(string docId, out int grade) => grades.TryGetValue(docId, out grade);

    /// <summary>Looks a UTF-8 document id up without making a string of it.</summary>
    public bool TryGetGrade(ReadOnlySpan<byte> utf8DocId, out int grade)
    {
        if (utf8DocId.Length > 512) return grades.TryGetValue(System.Text.Encoding.UTF8.GetString(utf8DocId), out grade);
        Span<char> chars = stackalloc char[utf8DocId.Length];
        var length = System.Text.Encoding.UTF8.GetChars(utf8DocId, chars);
        return lookup.TryGetValue(chars[..length], out grade);
    }

    public IReadOnlyDictionary<string, int> Grades => grades;
}
