using System.Globalization;

namespace Rearank.Core.Evaluation.Measures;

/// <summary>A 'name=value' parameter of a gain measure (ndcg.1=3,2=9; rbp.p=0.8), as given.</summary>
public readonly record struct GainParameter(string Name, double Value)
{
    /// <summary>trec_eval's valid_int: an optional sign and digits only; other names (p) are not grades.</summary>
    public bool NamesGrade(out int grade) => int.TryParse(Name, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out grade);
}

/// <summary>
/// One query's gain per grade, as trec_eval's setup_gains makes it: every grade named in the parameters with its
/// gain, then every grade from 0 up to the query's highest judged grade with the grade itself as gain, with the
/// number of judged documents at each; ordered by gain ascending, compared as trec_eval does (the difference
/// truncated to an integer, so gains less than 1 apart keep their order).
/// </summary>
internal sealed class Gains
{
    private readonly int[] grades;
    private readonly double[] gains;
    private readonly int[] counts;

    private Gains(int[] grades, double[] gains, int[] counts)
    {
        this.grades = grades;
        this.gains = gains;
        this.counts = counts;
    }

    public int Count => grades.Length;

    public double GainAt(int index) => gains[index];

    public int CountAt(int index) => counts[index];

    public static Gains For(RankedRelevance query, IReadOnlyList<GainParameter> parameters)
    {
        var levels = new List<(int Grade, double Gain, int Count)>();
        foreach (var parameter in parameters)
            if (parameter.NamesGrade(out var grade)) levels.Add((grade, parameter.Value, 0));
        var named = levels.Count;
        for (var grade = 0; grade < query.LevelCounts.Count; grade++)
        {
            var index = levels.FindIndex(0, named, l => l.Grade == grade);
            if (index >= 0) levels[index] = levels[index] with { Count = query.LevelCounts[grade] };
            else levels.Add((grade, grade, query.LevelCounts[grade]));
        }
        // Insertion sort: stable, and right for trec_eval's comparison, which is not a strict order.
        for (var i = 1; i < levels.Count; i++)
        {
            var item = levels[i];
            var j = i - 1;
            for (; j >= 0 && (int)(levels[j].Gain - item.Gain) > 0; j--) levels[j + 1] = levels[j];
            levels[j + 1] = item;
        }
        return new Gains(levels.Select(l => l.Grade).ToArray(), levels.Select(l => l.Gain).ToArray(), levels.Select(l => l.Count).ToArray());
    }

    /// <summary>The gain of a grade; 0 for a grade it does not know (unjudged, negative).</summary>
    public double Of(int grade)
    {
        for (var i = 0; i < grades.Length; i++)
            if (grades[i] == grade) return gains[i];
        return 0;
    }

    /// <summary>Rescales the gains into [0, 1] when any lies outside (rbp).</summary>
    public void ScaleIntoUnitRange()
    {
        if (gains.Length == 0) return;
        var min = gains.Min();
        var max = gains.Max();
        if (min >= 0 && max <= 1) return;
        for (var i = 0; i < gains.Length; i++) gains[i] = (gains[i] - min) / (max - min);
    }
}

/// <summary>
/// The ideal ranking's gain, position by position: judged documents from the highest gain down. <see cref="Gain"/>
/// starts at the highest gain before the first step, as in trec_eval's loops, which test it before stepping.
/// </summary>
internal struct IdealGains
{
    private readonly Gains gains;
    private int level;
    private int atLevel;

    public IdealGains(Gains gains)
    {
        this.gains = gains;
        level = gains.Count - 1;
        Gain = level >= 0 ? gains.GainAt(level) : 0;
    }

    public double Gain { get; private set; }

    /// <summary>Moves to the next position of the ideal ranking; 0 once every judged document is placed.</summary>
    public void Step()
    {
        atLevel++;
        while (level >= 0 && atLevel > gains.CountAt(level))
        {
            atLevel = 1;
            level--;
            Gain = level >= 0 ? gains.GainAt(level) : 0;
        }
    }
}
