namespace Rearank.Core.Model;

/// <summary>One sampled response to a training row, with its reward.</summary>
public sealed record RolloutSample(string QueryId, int Index, int Sample, uint Seed, string Response, RewardResult Reward, int OutputTokens);
