using Rearank.Core.Evaluation.Preferences;

namespace Rearank.Core.Evaluation.Measures;

/// <summary>
/// prefs_avgjg_Rnonrel (and _ret, over retrieved documents only): prefs_avgjg as if each group had judged as many
/// non-relevant documents as relevant ones (R). With fewer non-relevant than relevant, each retrieved relevant
/// document is credited R - N fulfilled preferences; with more, only the first R non-relevant documents count and the
/// preferences are counted again. The recount follows trec_eval's own, including its treatment of the last class.
/// </summary>
public sealed class PreferenceRNonRelevant(bool retrievedOnly) : PreferenceMeasure(retrievedOnly ? "prefs_avgjg_Rnonrel_ret" : "prefs_avgjg_Rnonrel")
{
    protected override double Compute(PreferenceCounts counts)
    {
        double sum = 0;
        foreach (var group in counts.Groups)
        {
            var relevant = retrievedOnly ? group.RelevantRetrieved : group.Relevant;
            var nonRelevant = retrievedOnly ? group.NonRelevantRetrieved : group.NonRelevant;
            long fulfilled, possible;
            if (relevant >= nonRelevant)
            {
                fulfilled = group.FulfilledRetrieved + (retrievedOnly ? 0 : group.FulfilledImplied) + group.RelevantRetrieved * (relevant - nonRelevant);
                possible = group.PossibleRetrieved + (retrievedOnly ? 0 : group.PossibleImplied + group.PossibleNotRetrieved)
                    + group.Relevant * (relevant - nonRelevant);
            }
            else
                (fulfilled, possible) = group.Classes is { } classes
                    ? RecountClasses(classes, group, counts.JudgedRetrieved)
                    : RecountArray(group, counts.Judged, counts.JudgedRetrieved);
            sum += (double)fulfilled / possible;
        }
        return sum > 0 ? sum / counts.Groups.Count : 0;
    }

    private (long, long) RecountClasses(IReadOnlyList<(double Level, int[] Ranks)> classes, PreferenceGroup group, int judgedRetrieved)
    {
        long fulfilled = 0, possible = 0;
        // trec_eval takes the first R documents of the last class (the non-relevant one) as the kept non-relevant set.
        var last = classes[^1].Ranks;
        var kept = last.AsSpan(0, (int)Math.Min(last.Length, retrievedOnly ? group.RelevantRetrieved : group.Relevant));
        for (var c1 = 0; c1 < classes.Count; c1++)
            for (var c2 = c1 + 1; c2 < classes.Count - 1; c2++)
                Count(classes[c1].Ranks, classes[c2].Ranks, judgedRetrieved, ref fulfilled, ref possible);
        for (var c1 = 0; c1 < classes.Count; c1++)
            Count(classes[c1].Ranks, kept, judgedRetrieved, ref fulfilled, ref possible);
        return (fulfilled, possible + fulfilled);
    }

    private void Count(ReadOnlySpan<int> higher, ReadOnlySpan<int> lower, int judgedRetrieved, ref long fulfilled, ref long possible)
    {
        foreach (var p1 in higher)
        {
            if (retrievedOnly && p1 >= judgedRetrieved) break;
            foreach (var p2 in lower)
            {
                if (retrievedOnly && p2 >= judgedRetrieved) break;
                if (p1 < p2 && (retrievedOnly || p1 < judgedRetrieved)) fulfilled++;
                else possible++;
            }
        }
    }

    private (long, long) RecountArray(PreferenceGroup group, int judged, int judgedRetrieved)
    {
        var levels = group.Levels!;
        var preferred = group.Preferred!;
        // Non-relevant documents after the first R (in docid rank order) are left out.
        var scanEnd = retrievedOnly ? judgedRetrieved : judged;
        var nonRelevantSeen = 0;
        var firstDiscarded = 0;
        for (; firstDiscarded < scanEnd; firstDiscarded++)
            if (levels[firstDiscarded] == 0 && ++nonRelevantSeen == group.Relevant + 1) break;
        bool Discarded(int i) => i >= firstDiscarded && levels[i] == 0;

        long fulfilled = 0, possible = 0;
        for (var i = 0; i < judgedRetrieved; i++)
        {
            if (Discarded(i)) continue;
            for (var j = 0; j < i; j++)
                if (!Discarded(j) && preferred[i * judged + j]) possible++;
            for (var j = i + 1; j < (retrievedOnly ? judgedRetrieved : judged); j++)
                if (!Discarded(j) && preferred[i * judged + j]) fulfilled++;
        }
        if (!retrievedOnly)
            for (var i = judgedRetrieved; i < judged; i++)
            {
                if (Discarded(i)) continue;
                for (var j = 0; j < judged; j++)
                    if (!Discarded(j) && preferred[i * judged + j]) possible++;
            }
        return (fulfilled, possible + fulfilled);
    }
}
