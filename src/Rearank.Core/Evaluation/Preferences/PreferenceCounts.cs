using Rearank.Core.Model;

namespace Rearank.Core.Evaluation.Preferences;

/// <summary>
/// One query's preference judgments held against a ranking, as trec_eval's form_prefs_counts forms them: the
/// preferences of each judgment group counted by where their two documents were ranked, and, over all groups, how
/// often each ordered pair of documents was preferred (for the prefs_pair measures).
/// </summary>
public sealed class PreferenceCounts
{
    private readonly int[] pairCounts;

    private PreferenceCounts(int judged, int judgedRetrieved, IReadOnlyList<PreferenceGroup> groups, int[] pairCounts)
    {
        Judged = judged;
        JudgedRetrieved = judgedRetrieved;
        Groups = groups;
        this.pairCounts = pairCounts;
    }

    /// <summary>Distinct documents the query's preferences name.</summary>
    public int Judged { get; }

    /// <summary>Of those, how many the ranking retrieved (they hold docid ranks 0 to JudgedRetrieved - 1).</summary>
    public int JudgedRetrieved { get; }

    /// <summary>The judgment groups, in byte order of their names.</summary>
    public IReadOnlyList<PreferenceGroup> Groups { get; }

    /// <summary>In how many groups document <paramref name="i"/> is preferred to document <paramref name="j"/> (docid ranks).</summary>
    public int PairCount(int i, int j) => pairCounts[i * Judged + j];

    /// <param name="retrieved">The ranking's documents in the order evaluated, after any depth cut.</param>
    /// <param name="preferences">The query's preference lines.</param>
    /// <exception cref="RearankException">A document with two levels in one subgroup, or preferences that contradict each other.</exception>
    public static PreferenceCounts Build(IReadOnlyList<string> retrieved, IReadOnlyList<PreferenceJudgment> preferences)
    {
        // Docid ranks: retrieved judged documents in ranking order, then the rest by document id.
        var judgedDocs = new HashSet<string>(preferences.Select(p => p.DocId), StringComparer.Ordinal);
        var rank = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var doc in retrieved)
            if (judgedDocs.Contains(doc)) rank.TryAdd(doc, rank.Count);
        var judgedRetrieved = rank.Count;
        foreach (var doc in judgedDocs.Order(TrecOrder.Ids))
            rank.TryAdd(doc, rank.Count);
        var judged = rank.Count;

        var sorted = preferences
            .Select(p => (Pref: p, Rank: rank[p.DocId]))
            .OrderBy(p => p.Pref.Group, TrecOrder.Ids).ThenBy(p => p.Pref.SubGroup, TrecOrder.Ids)
            .ThenByDescending(p => p.Pref.Level).ThenBy(p => p.Rank)
            .ToArray();
        var pairCounts = new int[judged * judged];
        var groups = new List<PreferenceGroup>();
        for (var start = 0; start < sorted.Length;)
        {
            var end = start;
            while (end < sorted.Length && sorted[end].Pref.Group == sorted[start].Pref.Group) end++;
            var members = sorted.AsSpan(start, end - start);
            var subgroups = 1;
            for (var i = 1; i < members.Length; i++)
                if (members[i].Pref.SubGroup != members[i - 1].Pref.SubGroup) subgroups++;
            groups.Add(subgroups > 1
                ? FromPreferenceArray(members, judged, judgedRetrieved, pairCounts)
                : FromClasses(members, judged, judgedRetrieved, pairCounts));
            start = end;
        }
        return new PreferenceCounts(judged, judgedRetrieved, groups, pairCounts);
    }

    /// <summary>One subgroup: every document of a higher level is preferred to every one of a lower level.</summary>
    private static PreferenceGroup FromClasses(ReadOnlySpan<(PreferenceJudgment Pref, int Rank)> members, int judged, int judgedRetrieved, int[] pairCounts)
    {
        var classes = new List<(double Level, int[] Ranks)>();
        for (var start = 0; start < members.Length;)
        {
            var end = start;
            while (end < members.Length && members[end].Pref.Level == members[start].Pref.Level) end++;
            var ranks = new int[end - start];
            for (var i = start; i < end; i++) ranks[i - start] = members[i].Rank;
            classes.Add((members[start].Pref.Level, ranks));
            start = end;
        }
        var group = new PreferenceGroup { Classes = classes };
        for (var c1 = 0; c1 < classes.Count; c1++)
        {
            var (level, ranks1) = classes[c1];
            var retrieved = ranks1.TakeWhile(r => r < judgedRetrieved).Count();
            if (level > 0)
            {
                group.RelevantRetrieved += retrieved;
                group.Relevant += ranks1.Length;
            }
            else
            {
                group.NonRelevantRetrieved += retrieved;
                group.NonRelevant += ranks1.Length;
            }
            for (var c2 = c1 + 1; c2 < classes.Count; c2++)
                foreach (var p1 in ranks1)
                    foreach (var p2 in classes[c2].Ranks)
                    {
                        pairCounts[p1 * judged + p2]++;
                        if (p1 == p2)
                            throw new RearankException($"A document is judged at two levels in one subgroup of judgment group '{members[0].Pref.Group}' for query '{members[0].Pref.QueryId}'.");
                        if (p1 < p2)
                        {
                            if (p2 < judgedRetrieved) group.FulfilledRetrieved++;
                            else if (p1 < judgedRetrieved) group.FulfilledImplied++;
                            else group.PossibleNotRetrieved++;
                        }
                        else
                        {
                            if (p1 < judgedRetrieved) group.PossibleRetrieved++;
                            else if (p2 < judgedRetrieved) group.PossibleImplied++;
                            else group.PossibleNotRetrieved++;
                        }
                    }
        }
        group.PossibleRetrieved += group.FulfilledRetrieved;
        group.PossibleImplied += group.FulfilledImplied;
        return group;
    }

    /// <summary>Several subgroups: the preferences each states, closed transitively, and a contradiction is an error.</summary>
    private static PreferenceGroup FromPreferenceArray(ReadOnlySpan<(PreferenceJudgment Pref, int Rank)> members, int judged, int judgedRetrieved, int[] pairCounts)
    {
        var levels = new double[judged];
        Array.Fill(levels, -1.0);
        var preferred = new bool[judged * judged];
        for (var i = 0; i < members.Length; i++)
        {
            var (pref, r) = members[i];
            if ((levels[r] > 0 && pref.Level == 0) || (levels[r] == 0 && pref.Level > 0))
                throw new RearankException($"Document '{pref.DocId}' is judged both relevant and non-relevant (level 0) in judgment group '{pref.Group}' for query '{pref.QueryId}'.");
            levels[r] = pref.Level;
            var j = i + 1;
            while (j < members.Length && members[j].Pref.SubGroup == pref.SubGroup && members[j].Pref.Level == pref.Level) j++;
            for (; j < members.Length && members[j].Pref.SubGroup == pref.SubGroup; j++) preferred[r * judged + members[j].Rank] = true;
        }
        // Transitive closure (Warshall): A > B in one subgroup and B > C in another give A > C.
        for (var k = 0; k < judged; k++)
            for (var i = 0; i < judged; i++)
            {
                if (!preferred[i * judged + k]) continue;
                for (var j = 0; j < judged; j++)
                    if (preferred[k * judged + j]) preferred[i * judged + j] = true;
            }
        for (var i = 0; i < judged; i++)
            for (var j = 0; j < judged; j++)
                if (i != j && preferred[i * judged + j] && preferred[j * judged + i] || i == j && preferred[i * judged + i])
                    throw new RearankException($"The preferences of judgment group '{members[0].Pref.Group}' for query '{members[0].Pref.QueryId}' contradict each other (a document is, through others, preferred to itself).");

        var group = new PreferenceGroup { Preferred = preferred, Levels = levels };
        for (var i = 0; i < judged; i++)
        {
            var isRetrieved = i < judgedRetrieved;
            if (levels[i] > 0)
            {
                group.Relevant++;
                if (isRetrieved) group.RelevantRetrieved++;
            }
            else if (levels[i] == 0)
            {
                group.NonRelevant++;
                if (isRetrieved) group.NonRelevantRetrieved++;
            }
        }
        for (var i = 0; i < judged; i++)
            for (var j = 0; j < judged; j++)
            {
                if (!preferred[i * judged + j]) continue;
                pairCounts[i * judged + j]++;
                var iRetrieved = i < judgedRetrieved;
                var jRetrieved = j < judgedRetrieved;
                if (iRetrieved && jRetrieved)
                {
                    if (j < i) group.PossibleRetrieved++;
                    else group.FulfilledRetrieved++;
                }
                else if (iRetrieved) group.FulfilledImplied++;
                else if (jRetrieved) group.PossibleImplied++;
                else group.PossibleNotRetrieved++;
            }
        group.PossibleRetrieved += group.FulfilledRetrieved;
        group.PossibleImplied += group.FulfilledImplied;
        return group;
    }
}
