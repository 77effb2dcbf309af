namespace Rearank.Core.Evaluation;

/// <summary>A measure asked of judgments it cannot read: graded measures of preferences or judgment groups, or the reverse.</summary>
public sealed class JudgmentFormatMismatchException(string message) : ArgumentException(message);
