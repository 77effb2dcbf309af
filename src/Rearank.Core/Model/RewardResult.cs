namespace Rearank.Core.Model;

/// <summary>The reward of one response and its parts (protocol §6).</summary>
public sealed record RewardResult(
    double Reward,
    double NdcgGain,
    bool FormatOk,
    bool RankingFormatOk,
    double InitialNdcg,
    double RerankedNdcg,
    double BestNdcg,
    IReadOnlyList<int> Permutation);
