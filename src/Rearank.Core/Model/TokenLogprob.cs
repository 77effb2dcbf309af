namespace Rearank.Core.Model;

/// <summary>One of the likeliest first tokens of an answer: its text and its log-probability (natural log).</summary>
public sealed record TokenLogprob(string Token, double Logprob);
