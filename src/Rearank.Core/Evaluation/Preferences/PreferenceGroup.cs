namespace Rearank.Core.Evaluation.Preferences;

/// <summary>
/// One judgment group's preferences against a ranking (trec_eval's JG): how many were fulfilled and possible among
/// retrieved documents, between a retrieved and an unretrieved one ("implied"), and between two unretrieved ones,
/// with the relevant and non-relevant documents it judged. Documents are named by their docid rank: retrieved
/// judged documents first, in ranking order, then the unretrieved ones.
/// </summary>
public sealed class PreferenceGroup
{
    public long FulfilledRetrieved { get; internal set; }
    public long PossibleRetrieved { get; internal set; }
    public long FulfilledImplied { get; internal set; }
    public long PossibleImplied { get; internal set; }
    public long PossibleNotRetrieved { get; internal set; }
    public long Relevant { get; internal set; }
    public long RelevantRetrieved { get; internal set; }
    public long NonRelevant { get; internal set; }
    public long NonRelevantRetrieved { get; internal set; }

    /// <summary>With one subgroup: the equivalence classes, highest level first, each's docid ranks ascending.</summary>
    internal IReadOnlyList<(double Level, int[] Ranks)>? Classes { get; init; }

    /// <summary>With several subgroups: Preferred[i * judged + j] when i is preferred to j (closed transitively).</summary>
    internal bool[]? Preferred { get; init; }

    /// <summary>With several subgroups: each document's level in this group, -1 where it judged none.</summary>
    internal double[]? Levels { get; init; }
}
