namespace Rearank.Core.Model;

/// <summary>One query's candidates, in first-stage order.</summary>
public sealed record QueryCandidates(string QueryId, string QueryText, IReadOnlyList<RankedHit> Hits);
