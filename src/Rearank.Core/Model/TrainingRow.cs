namespace Rearank.Core.Model;

/// <summary>One training prompt: a window of one query, its judgments, and where it stands before training.</summary>
public sealed record TrainingRow(
    string QueryId,
    string QueryText,
    string Split,
    int Index,
    IReadOnlyList<ChatMessage> Messages,
    IReadOnlyList<string> DocIds,
    IReadOnlyList<int> Grades,
    double InitialNdcg,
    double IdealNdcg)
{
    /// <summary>The query's ten best judged grades, whether in the window or not: the ideal DCG@10 of trec_eval's nDCG.</summary>
    public IReadOnlyList<int> IdealGrades { get; init; } = [];

    /// <summary>The candidates' first-stage scores in the order shown: upstream's reward evaluates slots by them.</summary>
    public IReadOnlyList<double> Scores { get; init; } = [];

    /// <summary>The candidates' first-stage ranks in the order shown.</summary>
    public IReadOnlyList<int> Ranks { get; init; } = [];

    /// <summary>The passages as the prompt's store form (title and content), in the order shown.</summary>
    public IReadOnlyList<string> Passages { get; init; } = [];

    /// <summary>The scores for the reward, or null where none were recorded (positions are evaluated then).</summary>
    public IReadOnlyList<double>? RewardScores => Scores.Count == DocIds.Count ? Scores : null;
}
