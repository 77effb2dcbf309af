namespace Rearank.Core.Model;

/// <summary>What the guard did to one window: when it took over and the first token where it overruled the model.</summary>
/// <param name="EngagedAt">The 0-based generated token from which the answer was held to the answer format.</param>
/// <param name="Reason">Why it took over: the model closed its reasoning, the token budget, or an end of turn with no answer.</param>
/// <param name="ForcedAt">The first token the model would have chosen differently unguarded; null when the output is the model's own.</param>
public sealed record AnswerGuardReport(int EngagedAt, string Reason, int? ForcedAt);
