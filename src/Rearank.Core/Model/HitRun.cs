namespace Rearank.Core.Model;

/// <summary>
/// One run held as hits: its name (the RunTag, or a name that tells it apart), its hits, and the file it came from.
/// Commands that take several runs at once (fusion, statistics, the report) work on these.
/// </summary>
public sealed record HitRun(string Name, IReadOnlyList<RankedHit> Hits, string? SourcePath = null)
{
    /// <summary>Hits grouped into runs by RunTag, in order of first appearance (one run named <paramref name="defaultName"/> for untagged hits).</summary>
    public static IReadOnlyList<HitRun> FromHits(IEnumerable<RankedHit> hits, string defaultName = "run")
    {
        var runs = new Dictionary<string, List<RankedHit>>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var hit in hits)
        {
            var name = string.IsNullOrEmpty(hit.RunTag) ? defaultName : hit.RunTag;
            if (!runs.TryGetValue(name, out var list))
            {
                runs[name] = list = [];
                order.Add(name);
            }
            list.Add(hit);
        }
        return order.Select(name => new HitRun(name, runs[name])).ToList();
    }

    /// <summary>
    /// Runs that share a name (two files both tagged 'Anserini') get their file name added ("Anserini (bm25.txt)"),
    /// and a number where that is still not enough, so every run can be told apart.
    /// </summary>
    public static IReadOnlyList<HitRun> Distinguish(IReadOnlyList<HitRun> runs)
    {
        var counts = runs.GroupBy(r => r.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var named = runs.Select(r => counts[r.Name] > 1 && r.SourcePath is not null ? r with { Name = $"{r.Name} ({Path.GetFileName(r.SourcePath)})" } : r).ToList();
        var used = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < named.Count; i++)
        {
            var name = named[i].Name;
            for (var n = 2; !used.Add(name); n++) name = $"{named[i].Name} #{n}";
            if (name != named[i].Name) named[i] = named[i] with { Name = name };
        }
        return named;
    }

    /// <summary>The hits grouped by query, in order of first appearance.</summary>
    public IReadOnlyDictionary<string, List<RankedHit>> ByQuery()
    {
        var byQuery = new Dictionary<string, List<RankedHit>>(StringComparer.Ordinal);
        foreach (var hit in Hits)
        {
            if (!byQuery.TryGetValue(hit.QueryId, out var list)) byQuery[hit.QueryId] = list = [];
            list.Add(hit);
        }
        return byQuery;
    }
}
